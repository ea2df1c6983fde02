"""The message catalogues: German complete, every language present, public pages translated."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
PACKAGE = LOCALE.parent

# Templates of pages the public (residents, newcomers) sees; their texts exist in every language.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/404.html",
    "templates/403.html",
    "municipalities/templates/municipalities/platform_home.html",
    "municipalities/templates/municipalities/town_home.html",
    "core/templates/core/forms/",
    "core/languages.py",
    "network/templates/network/public/",
    "network/templates/network/_languages.html",
    "offerings/templates/offerings/public/",
    "bodies/templates/bodies/public/",
    "events/templates/events/public/",
    "events/templates/events/email/",
    "events/forms/registration.py",
    "events/forms/ideas.py",
    "events/registrations.py",
    "events/feedback.py",
    "events/diversity.py",
    "events/ideas.py",
    "events/views/registration.py",
    "events/views/ideas.py",
    "events/views/public.py",
    "events/public_filters.py",
    "events/feeds.py",
)


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def is_public(entry: polib.POEntry) -> bool:
    return any(path.startswith(PUBLIC_SOURCES) for path, _line in entry.occurrences)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_every_language_has_a_compiled_catalogue_matching_its_source(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{language}: django.mo is older than django.po ({entry.msgid!r})"
        assert compiled[key] == (entry.msgstr or entry.msgstr_plural)


def test_german_is_complete_and_not_fuzzy():
    po = catalogue("de")
    missing = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not missing, f"German msgstr missing for: {missing}"
    assert not fuzzy, f"German msgstr fuzzy for: {fuzzy}"


@pytest.mark.parametrize("language", ["en", "ar", "tr", "uk", "ru", "fa"])
def test_public_page_texts_are_translated(language):
    po = catalogue(language)
    public = [e for e in po if is_public(e) and not e.obsolete]
    assert public, "no public texts found: are PUBLIC_SOURCES right?"
    untranslated = [e.msgid for e in public if not e.translated()]
    assert not untranslated, f"{language}: public texts without translation: {untranslated}"


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_placeholders_survive_translation(language):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue(language).translated_entries():
        expected = set(placeholder.findall(entry.msgid + (entry.msgid_plural or "")))
        if entry.msgid_plural:
            # A plural form may leave the number out ("one item"), but never invent one.
            for text in entry.msgstr_plural.values():
                assert set(placeholder.findall(text)) <= expected, (language, entry.msgid)
        else:
            assert set(placeholder.findall(entry.msgstr)) == expected, (language, entry.msgid)


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext (xgettext) is not installed")
def test_catalogues_know_every_text_in_the_code(tmp_path):
    """Every translatable text in code and templates is in the German catalogue."""
    copy = tmp_path / "miteinander"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "makemessages", "-l", "de", "--no-obsolete",
         "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "miteinander.settings.test", "PATH": "/usr/bin:/bin",
             "PYTHONPATH": str(PACKAGE.parent), "MITEINANDER_DATA_DIR": str(tmp_path / "var")},
    )  # fmt: skip
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/de/LC_MESSAGES/django.po"))
    }
    known = {(e.msgctxt, e.msgid) for e in catalogue("de")}
    assert not fresh - known, (
        f"run scripts/update-translations: new texts {sorted(m for _, m in fresh - known)}"
    )
