"""Workspace pages of bodies and meetings: /<lang>/<municipality_slug>/workspace/bodies/..."""

from . import workspace_body_urls, workspace_meeting_urls

app_name = "bodies"

urlpatterns = workspace_body_urls.urlpatterns + workspace_meeting_urls.urlpatterns
