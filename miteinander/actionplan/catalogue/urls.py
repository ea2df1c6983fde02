"""The measure catalogue, included by actionplan/urls.py under .../action-plan/catalogue/."""

from django.urls import path

from . import views

urlpatterns = [
    path("export.<str:fmt>", views.catalogue_export, name="export"),
    path("import/", views.import_upload, name="import-upload"),
    path("import/<int:pk>/", views.import_preview, name="import-preview"),
]
