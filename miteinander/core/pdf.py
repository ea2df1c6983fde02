"""HTML to PDF with WeasyPrint, in KERN's font and the town's colour; shared by every export.

WeasyPrint needs Pango from the operating system. It is imported only here, when a PDF is
made, so that the platform runs where Pango is missing; there `html_to_pdf` raises
`PdfUnavailable` and the views answer with a page that says so.

The HTML holds text people typed (titles, minutes, guidelines). Whatever it contains, the
server fetches nothing while typesetting: the URL fetcher reads the local fonts and refuses
every other address.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.contrib.staticfiles import finders

CONTENT_TYPE = "application/pdf"
FONT_DIR = "vendor/kern/fonts"
DEFAULT_COLOUR = "#004B87"


class PdfUnavailable(Exception):
    """WeasyPrint or the Pango library it needs is not installed on this server."""


def html_to_pdf(html: str) -> bytes:
    """Typeset the HTML (whose CSS may use the fonts in FONT_DIR by file name)."""
    try:
        import weasyprint  # here, not at the top: it needs Pango, see the module docstring
    except (ImportError, OSError) as error:
        raise PdfUnavailable(str(error)) from error
    font_dir = _font_dir()
    document = weasyprint.HTML(
        string=html, base_url=font_dir.as_uri() + "/", url_fetcher=_fonts_only(font_dir)
    )
    return document.write_pdf()


def town_colour(value: str) -> str:
    """The town's colour, which goes into CSS: only a #rrggbb value passes."""
    return value if re.fullmatch(r"#[0-9A-Fa-f]{6}", value or "") else DEFAULT_COLOUR


def _font_dir() -> Path:
    found = finders.find(f"{FONT_DIR}/FiraSans-Regular.woff2")
    return Path(found).resolve().parent


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
            raise ValueError(f"A PDF reads only its fonts, not {url}")
        if URLFetcherResponse is None:
            return {"string": path.read_bytes(), "mime_type": "font/woff2", "redirected_url": url}
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": "font/woff2"})

    return fetch
