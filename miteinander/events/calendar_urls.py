"""The public calendar, event pages and calendar feeds, below /<lang>/<town>/veranstaltungen/."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.calendar_page, name="calendar"),
    path("kalender.ics", public.feed, name="feed"),
    path("art/<int:kind_pk>/kalender.ics", public.kind_feed, name="kind_feed"),
    path("<int:pk>/", public.event_page, name="event"),
    path("<int:pk>/kalender.ics", public.event_ics, name="event_ics"),
]
