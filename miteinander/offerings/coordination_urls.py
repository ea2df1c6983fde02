"""Coordination pages: /<lang>/<municipality_slug>/workspace/offerings/coordination/..."""

from django.urls import path

from . import coordination_views as views

app_name = "offerings-coordination"

urlpatterns = [
    path("", views.coverage, name="coverage"),
    path("offerings/", views.coverage_offerings, name="coverage-offerings"),
    path("coverage.<str:fmt>", views.coverage_export, name="coverage-export"),
    path("duplicates/", views.duplicates, name="duplicates"),
]
