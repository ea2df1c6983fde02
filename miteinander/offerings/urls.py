"""The offerings directory in a town's workspace: /<lang>/<municipality_slug>/workspace/offerings/..."""

from django.urls import path

from . import views

app_name = "offerings"

urlpatterns = [
    path("", views.offering_list, name="list"),
]
