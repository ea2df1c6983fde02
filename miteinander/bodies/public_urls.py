"""Public pages of bodies and meetings: /<lang>/<municipality_slug>/gremien/..."""

from django.urls import path

from . import downloads
from .views import public

app_name = "bodies-public"

urlpatterns = [
    path("", public.body_list, name="list"),
    path("<int:pk>/", public.body_detail, name="body"),
    path("<int:pk>/kalender.ics", public.body_calendar, name="body-calendar"),
    path("sitzungen/<int:pk>/", public.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/sitzung.ics", public.meeting_ics, name="meeting-ics"),
    path(
        "sitzungen/<int:pk>/tagesordnung.pdf",
        public.meeting_agenda_pdf,
        name="meeting-agenda-pdf",
    ),
    path(
        "sitzungen/<int:pk>/niederschrift.pdf",
        public.meeting_minutes_pdf,
        name="meeting-minutes-pdf",
    ),
    path("vorlagen/<int:pk>/", public.paper_detail, name="paper"),
    path("dokumente/<int:pk>/", downloads.document, name="document"),
]
