"""Workspace pages of meetings, agenda, minutes and action items (namespace `bodies`)."""

from django.urls import path

from .views import meetings as views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/add/", views.meeting_create, name="meeting-add"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting-delete"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="meeting-invite"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/release/", views.minutes_release, name="minutes-release"),
    path("meetings/<int:pk>/agenda-items/add/", views.agenda_item_create, name="agenda-item-add"),
    path("meetings/<int:pk>/action-items/add/", views.action_item_create, name="action-item-add"),
    path("<int:pk>/series/add/", views.series_create, name="series-add"),
    path("agenda-items/<int:pk>/edit/", views.agenda_item_edit, name="agenda-item-edit"),
    path("agenda-items/<int:pk>/delete/", views.agenda_item_delete, name="agenda-item-delete"),
    path("agenda-items/<int:pk>/move/", views.agenda_item_move, name="agenda-item-move"),
    path("agenda-items/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("agenda-items/<int:pk>/decisions/add/", views.decision_create, name="decision-add"),
    path("decisions/<int:pk>/edit/", views.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/delete/", views.decision_delete, name="decision-delete"),
    path("action-items/", views.action_item_list, name="action-items"),
    path("action-items/<int:pk>/edit/", views.action_item_edit, name="action-item-edit"),
    path("action-items/<int:pk>/done/", views.action_item_done, name="action-item-done"),
]
