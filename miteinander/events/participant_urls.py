"""Workspace addresses of an event's participants, below .../workspace/events/<pk>/participants/."""

from django.urls import path

from .views import participants

urlpatterns = [
    path("", participants.participant_list, name="participants"),
    path("participants.xlsx", participants.participants_xlsx, name="participants_xlsx"),
    path("check-in/", participants.check_in, name="check_in"),
    path(
        "check-in/<int:registration_pk>/",
        participants.check_in_toggle,
        name="check_in_toggle",
    ),
    path("check-in/walk-in/", participants.walk_in, name="walk_in"),
    path(
        "<int:registration_pk>/cancel/",
        participants.registration_cancel,
        name="registration_cancel",
    ),
    path("self-description/", participants.self_description, name="self_description"),
    path("evaluation/", participants.evaluation, name="evaluation"),
]
