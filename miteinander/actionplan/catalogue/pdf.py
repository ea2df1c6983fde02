"""The measure catalogue as a typeset PDF (WeasyPrint), in the town's colour and KERN's font.

WeasyPrint needs Pango from the operating system. It is imported only here, when a PDF is
made, so that the platform runs where Pango is missing; there the PDF is `PdfUnavailable`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import markdown
import nh3
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from miteinander.actionplan import selectors as plan_selectors
from miteinander.actionplan.models import Guideline

CONTENT_TYPE = "application/pdf"
FONT_DIR = "vendor/kern/fonts"
DEFAULT_COLOUR = "#004B87"
# Text formatting only: an image or style in a guideline must not make the server fetch files.
GUIDELINE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6",
    "a", "code", "pre", "hr",
}  # fmt: skip


class PdfUnavailable(Exception):
    """WeasyPrint or the Pango library it needs is not installed on this server."""


def catalogue_pdf(*, municipality) -> bytes:
    """The catalogue as PDF; raise PdfUnavailable where WeasyPrint cannot run."""
    try:
        import weasyprint  # here, not at the top: it needs Pango, see the module docstring
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    font_dir = _font_dir()
    html = render_to_string(
        "actionplan/catalogue/pdf.html",
        {
            "municipality": municipality,
            "colour": _colour(municipality.primary_colour),
            "today": timezone.localdate(),
            "guidelines": [
                (guideline, guideline_html(guideline))
                for guideline in Guideline.objects.for_municipality(municipality)
            ],
            "tree": plan_selectors.plan_tree(municipality=municipality),
        },
    )
    document = weasyprint.HTML(
        string=html, base_url=font_dir.as_uri() + "/", url_fetcher=_fonts_only(font_dir)
    )
    return document.write_pdf()


def guideline_html(guideline: Guideline) -> str:
    """A guideline's Markdown as HTML with text formatting only."""
    html = markdown.markdown(guideline.text or "")
    return mark_safe(nh3.clean(html, tags=GUIDELINE_TAGS))  # noqa: S308 -- sanitised by nh3


def _font_dir() -> Path:
    found = finders.find(f"{FONT_DIR}/FiraSans-Regular.woff2")
    return Path(found).resolve().parent


def _colour(value: str) -> str:
    """The town's colour, which goes into CSS: only a #rrggbb value passes."""
    return value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value or "") else DEFAULT_COLOUR


def _fonts_only(font_dir: Path):
    """A URL fetcher for WeasyPrint that reads the fonts and refuses everything else."""
    try:
        from weasyprint.urls import URLFetcherResponse
    except ImportError:  # WeasyPrint before 67 takes a dict
        URLFetcherResponse = None

    def fetch(url: str, *args, **kwargs):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not path.is_relative_to(font_dir) or not path.is_file():
            raise ValueError(f"The catalogue PDF reads only its fonts, not {url}")
        if URLFetcherResponse is None:
            return {"string": path.read_bytes(), "mime_type": "font/woff2", "redirected_url": url}
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/woff2"})

    return fetch
