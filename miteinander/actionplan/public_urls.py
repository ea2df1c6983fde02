"""The public progress page: /<lang>/<municipality_slug>/action-plan/..."""

from django.urls import path

from . import views

app_name = "actionplan-public"

urlpatterns = [
    path("", views.public_progress, name="progress"),
    path("<int:pk>/", views.public_measure, name="measure"),
]
