"""Workspace pages of events: /<lang>/<municipality_slug>/workspace/events/..."""

from django.urls import path

from .views import workspace as views

urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path(
        "new/from-format/<int:format_pk>/",
        views.event_create_from_format,
        name="create_from_format",
    ),
    path("formats/", views.format_list, name="formats"),
    path("formats/<int:format_pk>/delete/", views.format_delete, name="format_delete"),
    path("kinds/", views.kinds, name="kinds"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/edit/", views.event_edit, name="edit"),
    path("<int:pk>/publish/", views.event_publish, name="publish"),
    path("<int:pk>/cancel/", views.event_cancel, name="cancel"),
    path("<int:pk>/delete/", views.event_delete, name="delete"),
    path("<int:pk>/save-as-format/", views.event_save_as_format, name="save_as_format"),
]
