"""A meeting's agenda (Tagesordnung) and minutes (Niederschrift) as PDF, typeset by WeasyPrint.

The PDF shows what the meeting page shows to the person asking (the caller passes the page's
context, narrowed by `selectors`): members and coordination get the non-public part, marked as
such. Documents of a body are German, so the PDF is German whatever the page's language.

Typesetting (and what happens where WeasyPrint cannot run) is `core.pdf`'s.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from miteinander.core.pdf import CONTENT_TYPE, PdfUnavailable, html_to_pdf, town_colour

from .models import Attendance

__all__ = ["CONTENT_TYPE", "PdfUnavailable", "agenda_pdf", "minutes_pdf"]


def agenda_pdf(context: dict) -> bytes:
    """The agenda of the meeting page's context as PDF."""
    return _render("bodies/pdf/agenda.html", context)


def minutes_pdf(context: dict) -> bytes:
    """The minutes and decisions; only call it where the context shows the minutes."""
    if not context.get("show_minutes"):
        raise ValueError("The minutes of this meeting are not visible to this person.")
    attendance = []
    if context.get("internal"):
        meeting = context["meeting"]
        attendance = list(
            Attendance.objects.for_municipality(meeting.municipality_id)
            .filter(meeting=meeting)
            .select_related("membership__person", "membership__organisation")
        )
    return _render("bodies/pdf/minutes.html", {**context, "attendance": attendance})


def _render(template: str, context: dict) -> bytes:
    meeting = context["meeting"]
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            template,
            {
                **context,
                "municipality": meeting.municipality,
                "colour": town_colour(meeting.municipality.primary_colour),
                "starts": timezone.localtime(meeting.starts_at),
                "ends": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                "today": timezone.localdate(),
            },
        )
    return html_to_pdf(html)
