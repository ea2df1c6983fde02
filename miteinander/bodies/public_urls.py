"""Public pages of bodies and meetings: /<lang>/<municipality_slug>/gremien/..."""

from django.urls import path

from . import downloads

app_name = "bodies-public"

urlpatterns = [
    path("dokumente/<int:pk>/", downloads.document, name="document"),
]
