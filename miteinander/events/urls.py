"""Workspace addresses of events: /<lang>/<town>/workspace/events/..."""

from django.urls import include, path

app_name = "events"

urlpatterns = [
    path("", include("miteinander.events.workspace_urls")),
    path("<int:pk>/participants/", include("miteinander.events.participant_urls")),
    path("<int:pk>/ideas/", include("miteinander.events.idea_urls")),
]
