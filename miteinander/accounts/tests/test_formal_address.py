"""allauth's German texts address people formally ("Sie"), like the rest of Miteinander.

allauth's own de catalogue says "du"; miteinander/locale_overrides/de repeats those entries with
"Sie/Ihr/Ihnen". These tests keep the override complete and free of stale entries after allauth
upgrades, and check the pages staff actually see.
"""

import html
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import allauth
import polib
import pytest
from django.conf import settings
from django.utils import translation

OVERRIDES = Path(settings.PACKAGE_DIR) / "locale_overrides"
OVERRIDE_PO = OVERRIDES / "de" / "LC_MESSAGES" / "django.po"
OVERRIDE_MO = OVERRIDES / "de" / "LC_MESSAGES" / "django.mo"
ALLAUTH_PO = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"

# Informal address: pronouns, second-person singular verbs and the informal imperatives allauth
# uses ("Gib …", "Bitte wähle …"). Whole words only, so "Dienst", "direkt" or "Dirk" do not count.
INFORMAL = re.compile(
    r"\b(du|dich|dir|dein\w*|hast|bist|kannst|möchtest|musst|willst|solltest|wirst"
    r"|gib|lass|wähle|versuche|kontaktiere|bestätige|klicke|überprüfe|erstelle|registriere)\b",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def texts(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def informal_words(text: str) -> list[str]:
    return [match.group(0) for match in INFORMAL.finditer(text)]


@pytest.fixture(scope="module")
def overrides() -> polib.POFile:
    return polib.pofile(str(OVERRIDE_PO))


@pytest.fixture(scope="module")
def allauth_entries() -> dict:
    """allauth's German entries that Django loads (obsolete ones are not compiled)."""
    return {key(e): e for e in polib.pofile(str(ALLAUTH_PO)) if not e.obsolete}


def test_overrides_come_after_our_own_catalogue():
    paths = [Path(p) for p in settings.LOCALE_PATHS]
    assert paths.index(OVERRIDES) > paths.index(Path(settings.PACKAGE_DIR) / "locale")


def test_override_header(overrides):
    assert overrides.metadata["Language"] == "de"
    assert overrides.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext (msgfmt) is not installed")
def test_override_catalogue_compiles(tmp_path):
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(OVERRIDE_PO)],  # noqa: S607
        check=True,
        capture_output=True,
    )


def test_compiled_override_matches_its_source(overrides):
    mo = polib.mofile(str(OVERRIDE_MO))
    compiled = {key(e): e.msgstr or e.msgstr_plural for e in mo if e.msgid}
    source = {key(e): e.msgstr or e.msgstr_plural for e in overrides.translated_entries()}
    assert compiled == source, "django.mo is older than django.po: run msgfmt or compilemessages"


def test_every_override_is_translated_and_not_fuzzy(overrides):
    assert not overrides.untranslated_entries()
    assert not overrides.fuzzy_entries()
    assert not overrides.obsolete_entries()


def test_every_override_exists_in_allauth(overrides, allauth_entries):
    stale = [e.msgid for e in overrides if key(e) not in allauth_entries]
    assert not stale, f"allauth no longer has these texts; remove them from the override: {stale}"
    for entry in overrides:
        assert entry.msgid_plural == allauth_entries[key(entry)].msgid_plural, entry.msgid


def test_overrides_keep_placeholders_and_plural_forms(overrides):
    for entry in overrides:
        expected = PLACEHOLDER.findall(entry.msgid)
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], entry.msgid
            plural = PLACEHOLDER.findall(entry.msgid_plural)
            assert Counter(PLACEHOLDER.findall(entry.msgstr_plural[0])) == Counter(expected)
            assert Counter(PLACEHOLDER.findall(entry.msgstr_plural[1])) == Counter(plural)
        else:
            found = PLACEHOLDER.findall(entry.msgstr)
            assert Counter(found) == Counter(expected), entry.msgid
            # Positional placeholders (%s, %d) must also keep their order.
            positional = [p for p in found if p in ("%s", "%d")]
            assert positional == [p for p in expected if p in ("%s", "%d")], entry.msgid


def test_overrides_address_people_formally(overrides):
    informal = {e.msgid: informal_words(" ".join(texts(e))) for e in overrides}
    assert not {msgid: words for msgid, words in informal.items() if words}


def test_overrides_spell_email_address_consistently(overrides):
    for entry in overrides:
        for text in texts(entry):
            assert "E-Mailadresse" not in text, entry.msgid
            assert not re.search(r"\bEmail", text), entry.msgid


def test_every_informal_allauth_text_is_overridden(overrides, allauth_entries):
    overridden = {key(e) for e in overrides}
    missing = [
        entry.msgid
        for k, entry in allauth_entries.items()
        if k not in overridden and informal_words(" ".join(texts(entry)))
    ]
    assert not missing, f"add formal versions to {OVERRIDE_PO}: {missing}"


def test_django_uses_the_overrides_unless_our_own_catalogue_has_the_text(overrides):
    ours = polib.pofile(
        str(Path(settings.PACKAGE_DIR) / "locale" / "de" / "LC_MESSAGES" / "django.po")
    )
    our_texts = {key(e): e.msgstr for e in ours.translated_entries()}
    with translation.override("de"):
        for entry in overrides:
            # Never gettext("literal") here: makemessages would copy it into our catalogue.
            if entry.msgid_plural:
                for n, form in ((1, 0), (2, 1)):
                    got = (
                        translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
                        if entry.msgctxt
                        else translation.ngettext(entry.msgid, entry.msgid_plural, n)
                    )
                    assert got == entry.msgstr_plural[form], entry.msgid
                continue
            if entry.msgctxt:
                got = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                got = translation.gettext(entry.msgid)
            # miteinander/locale comes first in LOCALE_PATHS, so its text wins (e.g. "Remove").
            assert got == our_texts.get(key(entry), entry.msgstr), entry.msgid


# --- Pages ----------------------------------------------------------------------------------

HIDDEN = re.compile(r"<(script|style|template)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
LABEL_ATTRIBUTE = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"', re.IGNORECASE)


def visible_text(content: bytes) -> str:
    """The page's text and the attribute texts people see or hear, without tags or scripts."""
    page = HIDDEN.sub(" ", content.decode())
    labels = " ".join(LABEL_ATTRIBUTE.findall(page))
    return html.unescape(re.sub(r"<[^>]+>", " ", page) + " " + labels)


def german_page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content)
    assert not informal_words(text), f"{url}: informal address {informal_words(text)}"
    return text


@pytest.mark.django_db
def test_password_reset_page_is_formal(client):
    text = german_page(client, "/de/accounts/password/reset/")
    assert "Geben Sie unten Ihre E-Mail-Adresse ein" in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "german"),
    [
        ("/de/accounts/password/change/", "Passwort ändern"),
        ("/de/accounts/2fa/", "Zwei-Faktor-Authentifizierung"),
        ("/de/accounts/logout/", "Sind Sie sicher, dass Sie sich abmelden möchten?"),
    ],
)
def test_staff_account_pages_are_formal(client, coordinator, url, german):
    client.force_login(coordinator)
    assert german in german_page(client, url)
