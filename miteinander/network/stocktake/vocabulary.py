"""The words of a stock-take table: actor groups, actors with sub-units, formats."""

from __future__ import annotations

import functools
import re

from django.utils import translation

from miteinander.network.models import ActorGroup, FormatKind

# The actor groups as the seed's table names them (the German vocabulary of the spreadsheet).
GROUP_NAMES = {
    ActorGroup.ENGAGED_CITIZENS: "Engagierte Bürger*innen",
    ActorGroup.ADMINISTRATION: "Verwaltung",
    ActorGroup.POLITICS: "Politik",
    ActorGroup.CIVIL_SOCIETY_WITH_MANDATE: "Zivilgesellschaftliche Gruppen mit politischem Mandat",
    ActorGroup.CIVIL_SOCIETY: "Zivilgesellschaftliche Gruppen",
    ActorGroup.LOCAL_PARTNERS: "Lokale Kooperationspartner",
    ActorGroup.REGIONAL_PARTNERS: "Regionale Kooperationspartner",
}

# "mit den Fachdiensten A, B" names the sub-units "Fachdienst A", "Fachdienst B".
_SINGULAR = {
    "abteilungen": "Abteilung",
    "arbeitsgemeinschaften": "Arbeitsgemeinschaft",
    "arbeitsgruppen": "Arbeitsgruppe",
    "arbeitskreisen": "Arbeitskreis",
    "ausschüssen": "Ausschuss",
    "beiräten": "Beirat",
    "bereichen": "Bereich",
    "beratungsstellen": "Beratungsstelle",
    "diensten": "Dienst",
    "einrichtungen": "Einrichtung",
    "fachbereichen": "Fachbereich",
    "fachdiensten": "Fachdienst",
    "fachgruppen": "Fachgruppe",
    "fachstellen": "Fachstelle",
    "gruppen": "Gruppe",
    "referaten": "Referat",
    "sachgebieten": "Sachgebiet",
    "stellen": "Stelle",
    "teams": "Team",
    "ämtern": "Amt",
}
# "Verein (e.V.)" is one name, not a parent with a sub-unit "e.V.".
_LEGAL_FORMS = {"e.v.", "ev", "e. v.", "gmbh", "ggmbh", "eg", "kdör", "gbr", "ug", "ag"}

_PARENTHESES = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<units>[^()]+)\)$")
_WITH_UNITS = re.compile(r"^(?P<name>.+?)\s+mit\s+den\s+(?P<word>\S+)\s+(?P<units>.+)$", re.I)
ELLIPSIS = re.compile(r"^(\.{2,}|…+)$")
_BULLET = re.compile(r"^[•·▪◦\-–]\s+")
_REGULAR = re.compile(r"^regelmäßige[rsnm]?\s+(?P<rest>.+)$", re.I)
_NUMBER = r"(ein|eins|einem|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|\d+)"
_FREQUENCY = re.compile(
    rf"""^(
        ((bisher|ca\.|etwa|rund|mindestens|max\.|maximal)\s+)?{_NUMBER}\s*(-?\s*mal|x)
            (\s*(/|pro|im|je|in\s+der|in\s+dem|alle)?\s*[\w.]+(\s+jahre?)?)?
      | (halb|viertel|zwei)?jährlich | monatlich | zweimonatlich | wöchentlich | täglich
      | (14|vierzehn)-?tägig | quartalsweise | unregelmäßig | regelmäßig | einmalig | laufend
      | nach\s+bedarf | alle\s+\S+\s+(jahre|monate|wochen|tage)
    )$""",
    re.I | re.X,
)
_KINDS = [
    (FormatKind.CONCEPT, re.compile(r"konzept")),
    (FormatKind.REPORT, re.compile(r"bericht")),
    (FormatKind.PLAN, re.compile(r"plan\b")),
    (
        FormatKind.EVENT,
        re.compile(r"forum|gespräch|tag(e|en)?\b|denkwerkstatt|runde[rn]?\s+tisch|veranstaltung"),
    ),
    (FormatKind.BODY, re.compile(r"beirat|rat\b|arbeitskreis")),
    (FormatKind.NETWORK, re.compile(r"netzwerk|bündnis")),
]


# --- Actor groups -----------------------------------------------------------------------------
def _group_key(text: str) -> str:
    text = re.sub(r"[*:_/·]innen\b", "", text.casefold())  # Bürger*innen, Bürger:innen, …
    text = re.sub(r"[()_\-\u2010-\u2015]", " ", text)
    text = " ".join(text.split())
    # "Bürgerinnen und Bürger", "Bürger und Bürgerinnen", and the Binnen-I "BürgerInnen"
    text = re.sub(r"\b(\w+)innen und \1\b", r"\1", text)
    text = re.sub(r"\b(\w+) und \1innen\b", r"\1", text)
    text = re.sub(r"\b(\w+?)innen\b", r"\1", text)
    return text


@functools.cache
def _group_lookup() -> dict[str, str]:
    lookup = {}
    for group in ActorGroup:
        names = {group.value, GROUP_NAMES[group]}
        for language in ("en", "de"):
            with translation.override(language):
                names.add(str(group.label))
        for name in names:
            lookup[_group_key(name)] = group.value
    return lookup


def actor_group_from_text(text: str) -> str | None:
    """The ActorGroup code a spreadsheet's group cell means, or None."""
    return _group_lookup().get(_group_key(text))


def known_group_names() -> str:
    return ", ".join(GROUP_NAMES[group] for group in ActorGroup)


# --- Entries of a cell ------------------------------------------------------------------------
def entries(cell: str) -> list[str]:
    """A cell's entries: one per line, also split on ";"."""
    found = []
    for part in re.split(r"[\n;]", cell):
        part = _BULLET.sub("", " ".join(part.split()))
        if part:
            found.append(part)
    return found


def split_actor(entry: str) -> tuple[str, list[str], list[str]]:
    """(name, sub-unit names, bare sub-unit texts) of one entry of the "Spezifisch" cell."""
    match = _PARENTHESES.match(entry)
    if match and match["units"].strip().casefold() not in _LEGAL_FORMS:
        units = [u.strip() for u in match["units"].split(",") if u.strip()]
        return match["name"].strip(), units, units
    match = _WITH_UNITS.match(entry)
    if match:
        units = [u.strip() for u in match["units"].split(",") if u.strip()]
        singular = _SINGULAR.get(match["word"].casefold())
        names = [f"{singular} {u}" if singular else u for u in units]
        return match["name"].strip(), names, units
    return entry, [], []


def parse_format(text: str) -> tuple[str, str, str]:
    """(name, frequency, kind) of one entry of the "Vorhandene Formate" cell."""
    name, frequency = text, ""
    head, comma, tail = name.rpartition(",")
    if comma and head.strip() and _FREQUENCY.match(tail.strip()):
        name, frequency = head.strip(), tail.strip()
    else:
        match = re.match(r"^(?P<head>.+?)\s*\((?P<tail>[^()]+)\)$", name)
        if match and _FREQUENCY.match(match["tail"].strip()):
            name, frequency = match["head"], match["tail"].strip()
    match = _REGULAR.match(name)
    if match:
        rest = match["rest"]
        name = rest[:1].upper() + rest[1:]
        frequency = frequency or "regelmäßig"
    return name, frequency, format_kind(name)


def format_kind(name: str) -> str:
    lowered = name.lower()
    for kind, pattern in _KINDS:
        if pattern.search(lowered):
            return kind.value
    return FormatKind.OTHER.value
