"""A meeting's agenda (Tagesordnung) and minutes (Niederschrift) as PDF, typeset by WeasyPrint.

The PDF shows what the meeting page shows to the person asking (the caller passes the page's
context, narrowed by `selectors`): members and coordination get the non-public part, marked as
such. Documents of a body are German, so the PDF is German whatever the page's language.

WeasyPrint needs Pango from the operating system. It is imported only here, when a PDF is made,
so that the platform runs where Pango is missing; there the PDF is `PdfUnavailable`. The
approach follows miteinander/actionplan/catalogue/pdf.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Attendance

CONTENT_TYPE = "application/pdf"
FONT_DIR = "vendor/kern/fonts"
DEFAULT_COLOUR = "#004B87"


class PdfUnavailable(Exception):
    """WeasyPrint or the Pango library it needs is not installed on this server."""


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
    try:
        import weasyprint  # here, not at the top: it needs Pango, see the module docstring
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    font_dir = _font_dir()
    meeting = context["meeting"]
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            template,
            {
                **context,
                "municipality": meeting.municipality,
                "colour": _colour(meeting.municipality.primary_colour),
                "starts": timezone.localtime(meeting.starts_at),
                "ends": timezone.localtime(meeting.ends_at) if meeting.ends_at else None,
                "today": timezone.localdate(),
            },
        )
    document = weasyprint.HTML(
        string=html, base_url=font_dir.as_uri() + "/", url_fetcher=_fonts_only(font_dir)
    )
    return document.write_pdf()


def _font_dir() -> Path:
    found = finders.find(f"{FONT_DIR}/FiraSans-Regular.woff2")
    return Path(found).resolve().parent


def _colour(value: str) -> str:
    """The town's colour, which goes into CSS: only a #rrggbb value passes."""
    return value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value or "") else DEFAULT_COLOUR


def _fonts_only(font_dir: Path):
    """A URL fetcher for WeasyPrint that reads the local fonts and refuses everything else.

    Titles and minutes are typed by people; whatever they contain, the server fetches nothing.
    """
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # WeasyPrint before 67 takes a dict
        URLFetcherResponse = None

    def fetch(url: str, *args, **kwargs):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(font_dir) or not path.is_file():
            raise ValueError(f"The meeting PDF reads only its fonts, not {url}")
        if URLFetcherResponse is None:
            return {"string": path.read_bytes(), "mime_type": "font/woff2", "redirected_url": url}
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/woff2"})

    return fetch
