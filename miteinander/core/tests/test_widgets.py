"""The Python-built <select> gives the same markup as Django's template-rendered one."""

from django import forms
from django.test.html import parse_html

from miteinander.core.widgets import Select

CHOICES = [("", "Alle"), ("de", "Deutsch"), ("ar", "Arabisch <العربية>"), ("uk", "Ukrainisch")]
GROUPED = [("", "–"), ("Sprachen", [("de", "Deutsch"), ("tr", "Türkisch")]), ("x", "Andere")]


def normalised(html: str):
    """The element tree, attribute order and whitespace aside (as assertHTMLEqual compares)."""
    return parse_html(html)


def test_select_matches_djangos_markup():
    for choices, value in ((CHOICES, "ar"), (CHOICES, None), (GROUPED, "tr")):
        attrs = {"id": "id_language", "class": "kern-form-input__select", "aria-describedby": "h"}
        ours = Select(choices=choices).render("language", value, attrs=attrs)
        django = forms.Select(choices=choices).render("language", value, attrs=attrs)
        assert normalised(ours) == normalised(django)


def test_select_escapes_labels_and_marks_the_choice():
    html = Select(choices=CHOICES).render("language", "ar")
    assert "&lt;العربية&gt;" in html
    assert '<option value="ar" selected>' in html
    assert html.count("selected") == 1
