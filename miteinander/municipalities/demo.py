"""Demo towns from the seed documents, with fictional people (no real names from the seeds)."""

import datetime

from django.contrib.auth import get_user_model

from miteinander.network.models import Organisation

from .models import (
    Membership,
    Municipality,
    Programme,
    ProgrammeMembership,
    ProgrammeParticipation,
    Role,
)
from .setup import municipality_setup

DEMO_PASSWORD = "miteinander-demo"  # noqa: S105 -- printed for the demo on purpose

TOWNS = [
    {
        "slug": "bensheim",
        "name": "Bensheim",
        "state": "Hessen",
        "claim": "Vielfalt gemeinsam gestalten",
        "primary_colour": "#005A9C",
        "secondary_colour": "#E5EEF6",
        "contact_email": "integration@bensheim.example.org",
    },
    {
        "slug": "bergkamen",
        "name": "Bergkamen",
        "state": "Nordrhein-Westfalen",
        "claim": "Potentiale der Vielfalt",
        "primary_colour": "#00695C",
        "secondary_colour": "#E3F1EF",
        "contact_email": "integration@bergkamen.example.org",
    },
    {
        "slug": "minden",
        "name": "Minden",
        "state": "Nordrhein-Westfalen",
        "claim": "Integration im gemeinsamen Dialog",
        "primary_colour": "#9B1B30",
        "secondary_colour": "#F7E8EA",
        "contact_email": "integration@minden.example.org",
    },
    {
        "slug": "weiterstadt",
        "name": "Weiterstadt",
        "state": "Hessen",
        "claim": "Weiterstadt WIRkt!",
        "primary_colour": "#5B2C83",
        "secondary_colour": "#EFE8F5",
        "contact_email": "vielfalt@weiterstadt.example.org",
    },
]

PROGRAMMES = [
    {
        "slug": "wir",
        "short_name": "WIR",
        "name": "Landesprogramm WIR – Vielfalts- und Integrationsstrategien in hessischen Kommunen",
        "funder": "Hessisches Ministerium für Soziales und Integration",
        "towns": ["bensheim", "weiterstadt"],
    },
    {
        "slug": "kisi",
        "short_name": "KISI",
        "name": "Kommunale Integrations-Guides zur Stärkung der Integrationserfolge",
        "funder": (
            "Europäischer Asyl-, Migrations- und Integrationsfonds (AMIF), kofinanziert vom "
            "Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales"
        ),
        "starts_on": datetime.date(2025, 10, 1),
        "ends_on": datetime.date(2028, 9, 30),
        "towns": ["bensheim"],
    },
]

# Organisations a demo network partner edits for (actors named in the seeds).
ORGANISATIONS = {
    "bensheim": ["Rat der Religionen Bensheim"],
    "bergkamen": ["Kommunales Integrationszentrum"],
    "minden": ["Moschee- und Kulturverein Minden"],
    "weiterstadt": ["Weiterstädter Ehrenamtsagentur", "Ökumenischer Arbeitskreis Asyl"],
}

# (e-mail, first name, last name, town, role, organisation) – every person is fictional.
PEOPLE = [
    ("koordination@bensheim.example.org", "Miriam", "Lehmann", "bensheim", Role.COORDINATION, None),
    (
        "guide.haddad@bensheim.example.org",
        "Samir",
        "Haddad",
        "bensheim",
        Role.INTEGRATION_GUIDE,
        None,
    ),
    (
        "guide.kovalenko@bensheim.example.org",
        "Olena",
        "Kovalenko",
        "bensheim",
        Role.INTEGRATION_GUIDE,
        None,
    ),
    (
        "partner@bensheim.example.org",
        "Thomas",
        "Becker",
        "bensheim",
        Role.NETWORK_PARTNER,
        "Rat der Religionen Bensheim",
    ),
    ("gremium@bensheim.example.org", "Fatma", "Yıldız", "bensheim", Role.BODY_MEMBER, None),
    ("lesend@bensheim.example.org", "Klaus", "Richter", "bensheim", Role.READER, None),
    ("koordination@bergkamen.example.org", "Aylin", "Demir", "bergkamen", Role.COORDINATION, None),
    ("koordination@minden.example.org", "Jonas", "Wagner", "minden", Role.COORDINATION, None),
    ("gremium@minden.example.org", "Hüseyin", "Arslan", "minden", Role.BODY_MEMBER, None),
    (
        "koordination@weiterstadt.example.org",
        "Katrin",
        "Vogel",
        "weiterstadt",
        Role.COORDINATION,
        None,
    ),
    (
        "partner@weiterstadt.example.org",
        "Markus",
        "Schneider",
        "weiterstadt",
        Role.NETWORK_PARTNER,
        "Weiterstädter Ehrenamtsagentur",
    ),
]

PROGRAMME_STAFF = [
    ("land.wir@example.org", "Petra", "Schmitt", "wir"),
    ("land.kisi@example.org", "Daniel", "Krause", "kisi"),
]

ADMIN = ("admin@example.org", "Lena", "Hoffmann")


def _person(email: str, first_name: str, last_name: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load() -> list[tuple[str, str]]:
    """Create what is missing; return (e-mail, description) of the demo logins."""
    towns = {}
    for data in TOWNS:
        data = dict(data)
        slug = data.pop("slug")
        towns[slug], _ = Municipality.objects.get_or_create(slug=slug, defaults=data)
        municipality_setup(municipality=towns[slug])
    programmes = {}
    for data in PROGRAMMES:
        data = dict(data)
        slugs = data.pop("towns")
        programme, _ = Programme.objects.get_or_create(slug=data.pop("slug"), defaults=data)
        programmes[programme.slug] = programme
        for slug in slugs:
            ProgrammeParticipation.objects.get_or_create(
                programme=programme, municipality=towns[slug]
            )
    organisations = {}
    for slug, names in ORGANISATIONS.items():
        for name in names:
            organisations[name], _ = Organisation.objects.get_or_create(
                municipality=towns[slug], name=name
            )

    logins = [(ADMIN[0], "Plattform-Administration (alle Kommunen)")]
    _person(*ADMIN, is_staff=True, is_superuser=True)
    for email, first, last, slug, role, organisation in PEOPLE:
        user = _person(email, first, last)
        Membership.objects.get_or_create(
            municipality=towns[slug],
            user=user,
            role=role,
            defaults={"organisation": organisations.get(organisation)},
        )
        description = f"{towns[slug].name}: {Role(role).label}"
        if organisation:
            description += f" ({organisation})"
        logins.append((email, f"{first} {last} – {description}"))
    for email, first, last, programme_slug in PROGRAMME_STAFF:
        user = _person(email, first, last)
        ProgrammeMembership.objects.get_or_create(user=user, programme=programmes[programme_slug])
        logins.append(
            (email, f"{first} {last} – Landeskoordination {programmes[programme_slug].short_name}")
        )
    return logins
