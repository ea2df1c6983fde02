"""The measure catalogue as a typeset PDF (WeasyPrint), in the town's colour and KERN's font.

Typesetting (and what happens where WeasyPrint cannot run) is `core.pdf`'s.
"""

from __future__ import annotations

import markdown
import nh3
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from miteinander.actionplan import selectors as plan_selectors
from miteinander.actionplan.models import Guideline
from miteinander.core.pdf import CONTENT_TYPE, PdfUnavailable, html_to_pdf, town_colour

__all__ = ["CONTENT_TYPE", "PdfUnavailable", "catalogue_pdf", "guideline_html"]

# Text formatting only: an image or style in a guideline must not make the server fetch files.
GUIDELINE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote", "h3", "h4", "h5", "h6",
    "a", "code", "pre", "hr",
}  # fmt: skip


def catalogue_pdf(*, municipality) -> bytes:
    """The catalogue as PDF; raise PdfUnavailable where WeasyPrint cannot run."""
    html = render_to_string(
        "actionplan/catalogue/pdf.html",
        {
            "municipality": municipality,
            "colour": town_colour(municipality.primary_colour),
            "today": timezone.localdate(),
            "guidelines": [
                (guideline, guideline_html(guideline))
                for guideline in Guideline.objects.for_municipality(municipality)
            ],
            "tree": plan_selectors.plan_tree(municipality=municipality),
        },
    )
    return html_to_pdf(html)


def guideline_html(guideline: Guideline) -> str:
    """A guideline's Markdown as HTML with text formatting only."""
    html = markdown.markdown(guideline.text or "")
    return mark_safe(nh3.clean(html, tags=GUIDELINE_TAGS))  # noqa: S308 -- sanitised by nh3
