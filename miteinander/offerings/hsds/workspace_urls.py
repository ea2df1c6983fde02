"""HSDS in a town's workspace: /<lang>/<municipality_slug>/workspace/offerings/hsds/..."""

from django.urls import path

from . import workspace_views as views

app_name = "offerings-hsds"

urlpatterns = [
    path("", views.hsds_index, name="index"),
    path("export/<str:filename>", views.hsds_export, name="export"),
    path("import/<int:pk>/", views.hsds_preview, name="preview"),
]
