"""QR codes for posters and projector slides (segno: pure Python, SVG out)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, title: str, scale: int = 8) -> SafeString:
    """The QR code of `data` as inline SVG; `title` names it for screen readers."""
    code = segno.make(data, error="m")
    # svg_inline escapes the title itself; the role makes screen readers announce the image.
    svg = code.svg_inline(scale=scale, border=2, dark="#000", light="#fff", title=title)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308
