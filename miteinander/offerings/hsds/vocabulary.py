"""Identifiers and fixed German words of Miteinander's HSDS data, shared by export and import.

Every HSDS object needs a UUID that stays the same from one export to the next. An offering has
one (`Offering.uuid`, the service id); everything else is derived from it, or from the town and
a primary key, with UUID version 5 in one fixed namespace. Never change the namespace or the
name patterns: consumers would see every object as new.

HSDS has fields for what every directory knows (name, address, opening hours). What only this
directory knows (kind, target groups, translations, step-free access, ...) travels as attributes
with terms of four taxonomies of our own; their ids depend on the names only, so the same kind
has the same term id in every town.
"""

from __future__ import annotations

import uuid

NAMESPACE = uuid.UUID("b3c95852-eca2-4154-997c-b0b9e289af14")


def uid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def organisation_id(municipality, organisation_pk) -> str:
    return uid("organisation", municipality.slug, organisation_pk)


def child_id(service_id, *parts) -> str:
    """The id of a service's address, location, schedule, ...: derived from the service id."""
    return uid("service", service_id, *parts)


# The taxonomies of our attributes: key -> (name, description).
TAXONOMIES = {
    "kind": ("Miteinander: Angebotsarten", "Art des Angebots im Angebotsverzeichnis Miteinander."),
    "target_group": ("Miteinander: Zielgruppen", "Zielgruppen der Angebote in Miteinander."),
    "feature": ("Miteinander: Merkmale", "Merkmale eines Angebots in Miteinander."),
    "translation": (
        "Miteinander: Übersetzungen",
        "Sprachen, in die Titel und Beschreibung eines Angebots übersetzt sind; der Wert des "
        "Attributs ist der übersetzte Text.",
    ),
}
LINK_TYPES = {"kind": "service_type", "target_group": "audience", "feature": "feature"}
LINK_TRANSLATION_TITLE = "translation_title"
LINK_TRANSLATION_DESCRIPTION = "translation_description"

# Features: code -> (term name, description). Present only when true; room capacity has a value.
FEATURES = {
    "step_free": ("Stufenloser Zugang", "Der Ort ist ohne Stufen erreichbar."),
    "sign_language": ("Gebärdensprache", "Gebärdensprachdolmetschung wird angeboten."),
    "registration_required": ("Anmeldung erforderlich", "Eine Anmeldung ist nötig."),
    "closed_on_public_holidays": (
        "An Feiertagen geschlossen",
        "An gesetzlichen Feiertagen finden die wöchentlichen Termine nicht statt.",
    ),
    "room_capacity": ("Raumkapazität", "Wie viele Personen der Raum fasst (Wert: Anzahl)."),
}


def taxonomy_id(key: str) -> str:
    return uid("taxonomy", key)


def term_id(key: str, name: str) -> str:
    return uid("term", key, " ".join(name.split()).casefold())


# Fixed German texts in the exported data (HSDS carries one language; ours is German).
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
WEEKDAY_NAMES = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
STEP_FREE_TEXT = "Stufenloser Zugang"
SIGN_LANGUAGE_TEXT = "Gebärdensprachdolmetschung"
HOLIDAYS_TEXT = "An gesetzlichen Feiertagen geschlossen."
ON_REQUEST_TEXT = "Termine nach Vereinbarung"
FREE_TEXT = "kostenlos"
PAID_TEXT = "kostenpflichtig"
FREE_WORDS = {"kostenlos", "kostenfrei", "gratis", "umsonst", "free", "free of charge", "none"}
ONLINE_NAME = "Online"

# Our language codes that are not ISO 639 codes, and their ISO counterparts.
ISO_CODES = {"zh-hans": "zh"}
# ISO 639-2/3 codes (and the ISO form of ours) a file may use, to our codes.
CODE_ALIASES = {
    "zh": "zh-hans", "zho": "zh-hans", "chi": "zh-hans", "deu": "de", "ger": "de", "eng": "en",
    "ara": "ar", "tur": "tr", "ukr": "uk", "rus": "ru", "fas": "fa", "per": "fa", "pus": "ps",
    "kur": "ku", "tir": "ti", "som": "so", "amh": "am", "hau": "ha", "ful": "ff", "sqi": "sq",
    "alb": "sq", "bos": "bs", "bul": "bg", "hrv": "hr", "ell": "el", "gre": "el", "fra": "fr",
    "fre": "fr", "ita": "it", "kat": "ka", "geo": "ka", "hye": "hy", "arm": "hy", "aze": "az",
    "pol": "pl", "por": "pt", "ron": "ro", "rum": "ro", "srp": "sr", "spa": "es", "hun": "hu",
    "vie": "vi", "urd": "ur", "hin": "hi", "tam": "ta", "ben": "bn", "nep": "ne",
}  # fmt: skip
