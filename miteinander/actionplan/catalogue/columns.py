"""The columns of the measure catalogue, shared by the export and the import.

Headers are English msgids shown in the active language. The import recognises a header in
English, in German (the catalogue's translation and the usual words of German action plans)
and in the active language, so that a file exported in any language can be imported again.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from miteinander.actionplan.models import FundingSource, MeasureStatus, Reachability


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English msgid
    required: bool = False
    imported: bool = True
    aliases: tuple[str, ...] = ()  # further German headers found in towns' spreadsheets

    @property
    def label(self) -> str:
        return gettext(self.header)


COLUMNS = [
    Column("number", gettext_noop("Number"), True, aliases=("Nr.", "Nr", "Nummer")),
    Column("field_of_action", gettext_noop("Field of action"), True, aliases=("Handlungsfeld",)),
    Column("goal", gettext_noop("Goal"), True, aliases=("Ziel",)),
    Column("title", gettext_noop("Title"), True, aliases=("Titel", "Maßnahme")),
    Column("description", gettext_noop("Description"), aliases=("Beschreibung",)),
    Column(
        "responsible_organisation",
        gettext_noop("Responsible organisation"),
        aliases=("Verantwortliche Organisation", "Verantwortlich", "Federführung"),
    ),
    Column(
        "responsible_person",
        gettext_noop("Responsible person"),
        aliases=("Verantwortliche Person", "Ansprechperson"),
    ),
    Column(
        "partners",
        gettext_noop("Partner organisations"),
        aliases=("Partnerorganisationen", "Partner", "Beteiligte"),
    ),
    Column("target_groups", gettext_noop("Target groups"), aliases=("Zielgruppen",)),
    Column(
        "reachability_focus",
        gettext_noop("Reachability focus"),
        aliases=("Erreichbarkeit", "Schwerpunkt Erreichbarkeit"),
    ),
    Column("working_group", gettext_noop("Working group"), aliases=("Arbeitsgruppe",)),
    Column("starts_on", gettext_noop("Start date"), aliases=("Beginn", "Start")),
    Column("ends_on", gettext_noop("End date"), aliases=("Ende",)),
    Column("budget", gettext_noop("Budget (EUR)"), aliases=("Budget", "Budget (€)", "Kosten")),
    Column(
        "funding_source",
        gettext_noop("Funding"),
        aliases=("Finanzierung", "Förderung", "Förderprogramm"),
    ),
    Column("status", gettext_noop("Status"), True, aliases=("Stand",)),
    Column(
        "progress",
        gettext_noop("Progress (%)"),
        aliases=("Fortschritt", "Fortschritt (%)", "Fortschritt in %", "Umsetzungsstand (%)"),
    ),
    Column(
        "is_published",
        gettext_noop("Published"),
        aliases=("Veröffentlicht", "Öffentlich"),
    ),
    Column(
        "report_due_on",
        gettext_noop("Next report due"),
        aliases=("Nächster Bericht fällig", "Nächster Bericht"),
    ),
    Column(
        "last_reported_on",
        gettext_noop("Last report"),
        aliases=("Letzter Bericht",),
    ),
    Column(
        "recommendations",
        gettext_noop("Recommendations"),
        aliases=("Handlungsempfehlungen", "Empfehlungen"),
    ),
    # Key figures have their own history of values; the import leaves them alone.
    Column("indicators", gettext_noop("Indicators"), imported=False, aliases=("Kennzahlen",)),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column for column in COLUMNS if column.required]
OPTIONAL = [column for column in COLUMNS if column.imported and not column.required]


def fold(text: str) -> str:
    """What makes two spellings the same: case, dashes, underscores and spaces folded."""
    text = re.sub(r"[\u2010-\u2015\u2212_]", "-", str(text).casefold())
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).strip(" :*")


def spellings(text) -> set[str]:
    """A msgid (or lazy label) in English, in German and in the active language."""
    texts = {text} if isinstance(text, str) else set()
    for language in {"en", "de", translation.get_language() or "de"}:
        with translation.override(language):
            texts.add(gettext(text) if isinstance(text, str) else str(text))
    return texts


@functools.lru_cache(maxsize=16)
def _header_lookup(language: str | None) -> dict[str, str]:
    """{folded header: column key} in the given active language (translations are fixed)."""
    lookup: dict[str, str] = {}
    for column in COLUMNS:
        for text in spellings(column.header) | set(column.aliases):
            lookup.setdefault(fold(text), column.key)
    return lookup


def header_columns(cells: list[str]) -> dict[str, int]:
    """{"number": 0, ...} for the cells of a row that are column headers."""
    lookup = _header_lookup(translation.get_language())
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = lookup.get(fold(cell)) if cell else None
        if key is not None and key not in found:
            found[key] = index
    return found


# --- Values named by their label ------------------------------------------------------------------
# Words German action plans use for a measure's state, beside the labels of the catalogue.
STATUS_ALIASES = {
    MeasureStatus.PLANNED: ("geplant", "in Planung", "offen", "noch nicht begonnen"),
    MeasureStatus.PREPARING: ("in Vorbereitung", "vorbereitet"),
    MeasureStatus.IN_PROGRESS: ("in Umsetzung", "laufend", "läuft", "begonnen", "in Arbeit"),
    MeasureStatus.DONE: ("umgesetzt", "abgeschlossen", "erledigt", "erreicht"),
    MeasureStatus.ESTABLISHED: ("dauerhaft etabliert", "etabliert", "verstetigt"),
    MeasureStatus.POSTPONED: ("zurückgestellt", "verschoben", "pausiert"),
    MeasureStatus.DROPPED: ("entfallen", "gestrichen", "verworfen", "eingestellt"),
}
FUNDING_ALIASES = {
    FundingSource.KISI_AMIF: ("KISI", "AMIF"),
    FundingSource.KOMM_IN: ("KOMM IN", "KOMMIN"),
    FundingSource.TOWN_BUDGET: ("Haushalt der Stadt", "städtischer Haushalt", "Eigenmittel"),
    FundingSource.OTHER: ("Sonstige", "andere"),
}
REACHABILITY_ALIASES = {
    Reachability.GOOD: ("gut", "gut erreichbar"),
    Reachability.MEDIUM: ("mittel", "mittelmäßig erreichbar", "teilweise erreichbar"),
    Reachability.LOW: ("schwer", "schwer erreichbar", "kaum erreichbar", "nicht erreichbar"),
}
YES = ("yes", "ja", "x", "1", "true", "wahr")
NO = ("no", "nein", "0", "false", "falsch", "-")


def choice_lookup(choices: type[models.TextChoices], aliases: dict) -> dict[str, str]:
    """{folded spelling: code} for a choice's code, its labels and the usual German words."""
    lookup = {}
    for value, label in zip(choices.values, choices.labels, strict=True):
        for name in {value, *spellings(label), *aliases.get(value, ())}:
            lookup.setdefault(fold(name), value)
    return lookup


def yes_no_lookup() -> dict[str, bool]:
    lookup = {fold(word): True for word in (*YES, *spellings("yes"))}
    lookup.update({fold(word): False for word in (*NO, *spellings("no"))})
    return lookup


def known_labels(choices: type[models.TextChoices]) -> str:
    """“Planned”, “In preparation”, … in the active language, for messages."""
    return ", ".join(f"“{label}”" for label in choices.labels)


PERSON_WITHOUT_ORGANISATION = gettext_noop(
    "%(person)s is named as responsible person, but no responsible organisation is. Add the "
    "organisation the person belongs to."
)
