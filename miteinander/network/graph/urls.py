"""The network picture, included in the "network" namespace under graph/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.graph, name="graph"),
    path("data.json", views.graph_data, name="graph-data"),
]
