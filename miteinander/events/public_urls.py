"""Public addresses of events: /<lang>/<town>/veranstaltungen/..."""

from django.urls import include, path

app_name = "events-public"

urlpatterns = [
    path("", include("miteinander.events.calendar_urls")),
    path("", include("miteinander.events.registration_urls")),
    path("", include("miteinander.events.idea_public_urls")),
]
