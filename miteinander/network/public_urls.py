"""Public pages of the network: /<lang>/<municipality_slug>/organisations/..."""

from django.urls import path

from . import views

app_name = "network-public"

urlpatterns = [
    path("", views.public_organisation_list, name="organisations"),
    path("<int:pk>/", views.public_organisation_detail, name="organisation"),
]
