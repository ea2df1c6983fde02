"""The public offerings directory: /<lang>/<municipality_slug>/angebote/..."""

from django.urls import path

from . import public_views

app_name = "offerings-public"

urlpatterns = [
    path("", public_views.directory, name="directory"),
    path("<int:pk>/", public_views.offering, name="offering"),
]
