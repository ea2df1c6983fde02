import pytest

from miteinander.core import pdf


def test_a_pdf_fetches_nothing_but_its_fonts():
    """Text people typed cannot make the server read files or call addresses while typesetting."""
    fetch = pdf._fonts_only(pdf._font_dir())
    with pytest.raises(ValueError, match="only its fonts"):
        fetch("file:///etc/passwd")
    with pytest.raises(ValueError, match="only its fonts"):
        fetch("https://example.org/tracker.png")
    with pytest.raises(ValueError, match="only its fonts"):
        fetch((pdf._font_dir() / ".." / ".." / "kern" / "kern.min.css").as_uri())
    assert fetch((pdf._font_dir() / "FiraSans-Regular.woff2").as_uri())


@pytest.mark.parametrize(
    ("stored", "used"),
    [
        ("#9B1B30", "#9B1B30"),
        ("red; } body { display:none", pdf.DEFAULT_COLOUR),
        ("", pdf.DEFAULT_COLOUR),
    ],
)
def test_only_a_hex_colour_reaches_the_css(stored, used):
    assert pdf.town_colour(stored) == used
