"""The stock-take import, included by network/urls.py under .../workspace/network/import/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.stocktake_upload, name="stocktake-upload"),
    path("<int:pk>/", views.stocktake_preview, name="stocktake-preview"),
    path("sample.<str:fmt>", views.stocktake_sample, name="stocktake-sample"),
]
