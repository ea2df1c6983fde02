"""The network part of the demo towns: actors from the seeds (no persons from the seeds).

Weiterstadt's registry comes from its stock-take (seed 004), imported through the same import
that coordination uses; the other towns get the actors their seed texts name.
"""

import datetime

from miteinander.municipalities.models import Municipality

from .models import (
    ActorGroup,
    Alliance,
    AllianceMembership,
    ContactPerson,
    FieldOfWork,
    Format,
    FormatKind,
    Organisation,
    Staffing,
    TargetGroup,
)

# (town, name, group, fields of work, staffing, public, languages, amplifier for)
ORGANISATIONS = [
    ("bensheim", "Rat der Religionen Bensheim", ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
     ["Religion", "Integration"], Staffing.VOLUNTEER, True, ["de", "tr", "ar"], ["Familien"]),
    ("bensheim", "Jugendforum Bensheim", ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
     ["Jugend"], Staffing.VOLUNTEER, True, ["de", "en"], ["Jugendliche"]),
    ("bensheim", "Stadtverwaltung Bensheim, Team Soziales und Integration",
     ActorGroup.ADMINISTRATION, ["Soziales", "Integration"], Staffing.PAID, True,
     ["de", "en", "ru", "uk"], []),
    ("bensheim", "Integrationszentrum Hauptstraße 53", ActorGroup.ADMINISTRATION,
     ["Integration"], Staffing.PAID, True, ["de", "en", "ar", "fa", "uk"],
     ["Drittstaatsangehörige"]),
    ("bensheim", "Agentur für Arbeit Bensheim", ActorGroup.REGIONAL_PARTNERS,
     ["Arbeit"], Staffing.PAID, True, ["de", "en"], ["Arbeitsuchende"]),
    ("bensheim", "Ehrenamtsinitiative Willkommen in Bensheim", ActorGroup.ENGAGED_CITIZENS,
     ["Bürgerschaftliches Engagement", "Integration"], Staffing.VOLUNTEER, True,
     ["de", "ar", "fa"], ["Geflüchtete"]),
    ("bergkamen", "Kommunales Integrationszentrum", ActorGroup.ADMINISTRATION,
     ["Integration", "Bildung"], Staffing.PAID, True, ["de", "tr", "ar"], []),
    ("bergkamen", "Stadtverwaltung Bergkamen", ActorGroup.ADMINISTRATION,
     ["Soziales"], Staffing.PAID, True, ["de"], []),
    ("bergkamen", "Kindertagesstätten in Bergkamen", ActorGroup.LOCAL_PARTNERS,
     ["Bildung"], Staffing.PAID, True, ["de", "tr"], ["Familien"]),
    ("bergkamen", "Moscheeverein Bergkamen", ActorGroup.CIVIL_SOCIETY,
     ["Religion"], Staffing.VOLUNTEER, True, ["de", "tr"], ["Familien", "Jugendliche"]),
    ("bergkamen", "Schulen in Bergkamen", ActorGroup.LOCAL_PARTNERS,
     ["Bildung", "Jugend"], Staffing.PAID, True, ["de"], ["Jugendliche"]),
    ("minden", "Moschee- und Kulturverein Minden", ActorGroup.CIVIL_SOCIETY,
     ["Religion", "Kultur"], Staffing.VOLUNTEER, True, ["de", "tr", "ar"], ["Familien"]),
    ("minden", "Mindener Bildungseinrichtungen", ActorGroup.LOCAL_PARTNERS,
     ["Bildung"], Staffing.PAID, True, ["de"], []),
    ("minden", "Sozialdienste Minden", ActorGroup.LOCAL_PARTNERS,
     ["Soziales"], Staffing.BOTH, True, ["de", "ru"], []),
    ("minden", "Kirchengemeinden Minden", ActorGroup.LOCAL_PARTNERS,
     ["Religion", "Soziales"], Staffing.BOTH, True, ["de"], ["Senioren"]),
    ("minden", "Institut für interkulturelle Management- und Politikberatung (imap)",
     ActorGroup.REGIONAL_PARTNERS, ["Integration"], Staffing.PAID, False, ["de"], []),
]  # fmt: skip

STEERING = {
    "bergkamen": (
        "Steuerungsgruppe Kommunales Integrationsmanagement",
        "Kommunales Integrationszentrum",
        ["Stadtverwaltung Bergkamen", "Kindertagesstätten in Bergkamen",
         "Moscheeverein Bergkamen", "Kommunales Integrationszentrum", "Schulen in Bergkamen"],
    ),
    "bensheim": (
        "Vielfalt-Netzwerk Bensheim",
        "Stadtverwaltung Bensheim, Team Soziales und Integration",
        ["Rat der Religionen Bensheim", "Jugendforum Bensheim",
         "Stadtverwaltung Bensheim, Team Soziales und Integration",
         "Integrationszentrum Hauptstraße 53", "Agentur für Arbeit Bensheim",
         "Ehrenamtsinitiative Willkommen in Bensheim"],
    ),
}  # fmt: skip


def _organisation(town, name, group, fields, staffing, public, languages, amplifier_for):
    details = {
        "actor_group": group,
        "staffing": staffing,
        "is_public": public,
        "languages": languages,
        "city": town.name,
    }
    organisation, created = Organisation.objects.for_municipality(town).get_or_create(
        name=name, defaults={"municipality": town, **details}
    )
    # The accounts' part of the demo names a partner's organisation before this runs and
    # creates it bare; it gets its details here, once (a described one has fields of work).
    if not created and not organisation.fields_of_work.exists():
        for field, value in details.items():
            setattr(organisation, field, value)
        organisation.save()
        created = True
    if created:
        organisation.fields_of_work.set(
            FieldOfWork.objects.for_municipality(town).filter(name__in=fields)
        )
        organisation.amplifier_for.set(
            TargetGroup.objects.for_municipality(town).filter(name__in=amplifier_for)
        )
    return organisation


# Fields of work for Weiterstadt's actors after the import (the stock-take has none).
WEITERSTADT_FIELDS = {
    "Fachbereich Gesellschaft und Bildung": ["Bildung", "Soziales", "Integration"],
    "Wirtschaftsförderung": ["Wirtschaft", "Arbeit"],
    "Präventionsrat": ["Soziales"],
    "Bildungsbeirat und die Stadtteil-Arbeitsgemeinschaften": ["Bildung"],
    "Seniorenbeirat": ["Senioren"],
    "Ausländerbeirat": ["Integration"],
    "Weiterstädter Ehrenamtsagentur": ["Bürgerschaftliches Engagement"],
    "Ökumenischer Arbeitskreis Asyl": ["Integration", "Religion"],
    "Miteinander - Frauentreff": ["Integration", "Soziales"],
    "Kommunales Kino": ["Kultur"],
    "Schulen in Weiterstadt": ["Bildung", "Jugend"],
    "Kirchengemeinden und Glaubensgemeinschaften": ["Religion"],
    "Diakonisches Werk": ["Soziales", "Integration"],
    "Weiterstädter Vereine und Verbände": ["Sport", "Kultur"],
    "Landkreis Darmstadt-Dieburg": ["Integration", "Bildung"],
}


def _weiterstadt_stocktake(town) -> None:
    """Weiterstadt's actors from its stock-take sample, through the import coordination uses,
    then the "Bündnis für Vielfalt" that grew out of the strategy process (seed 004)."""
    from .stocktake import services as stocktake

    if Organisation.objects.for_municipality(town).filter(name="Präventionsrat").exists():
        return
    stocktake.import_sample_for_demo(municipality=town)
    organisations = Organisation.objects.for_municipality(town)
    fields = {f.name: f for f in FieldOfWork.objects.for_municipality(town)}
    for organisation in organisations:
        organisation.fields_of_work.set(
            [fields[n] for n in WEITERSTADT_FIELDS.get(organisation.name, [])]
        )
    # Groups of engaged citizens are kinds of people, not organisations to list publicly.
    organisations.exclude(actor_group=ActorGroup.ENGAGED_CITIZENS).update(is_public=True)
    alliance = Alliance.objects.create(
        municipality=town,
        name="Bündnis für Vielfalt",
        description="Das Netzwerk aller Akteure, das aus der Vielfalts- und Integrationsstrategie "
        "„Weiterstadt WIRkt!“ hervorgegangen ist.",
        coordinator=organisations.get(name="Fachbereich Gesellschaft und Bildung"),
        founded_on=datetime.date(2020, 11, 30),
    )
    for organisation in organisations.filter(parent__isnull=True).exclude(
        actor_group=ActorGroup.ENGAGED_CITIZENS
    ):
        AllianceMembership.objects.create(
            municipality=town,
            alliance=alliance,
            organisation=organisation,
            member_since=datetime.date(2020, 11, 30),
        )


def load() -> list:
    slugs = ["bensheim", "bergkamen", "minden", "weiterstadt"]
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in=slugs)}
    if len(towns) < 4:
        return []
    for town_slug, *rest in ORGANISATIONS:
        _organisation(towns[town_slug], *rest)
    for town_slug, (name, coordinator, members) in STEERING.items():
        town = towns[town_slug]
        orgs = {o.name: o for o in Organisation.objects.for_municipality(town)}
        alliance, created = Alliance.objects.for_municipality(town).get_or_create(
            name=name,
            defaults={"municipality": town, "coordinator": orgs[coordinator],
                      "founded_on": datetime.date(2019, 9, 1)},
        )  # fmt: skip
        if created:
            for member in members:
                AllianceMembership.objects.create(
                    municipality=town,
                    alliance=alliance,
                    organisation=orgs[member],
                    member_since=datetime.date(2019, 9, 1),
                )
    bensheim = towns["bensheim"]
    council = Organisation.objects.for_municipality(bensheim).get(
        name="Rat der Religionen Bensheim"
    )
    Format.objects.for_municipality(bensheim).get_or_create(
        organisation=council,
        name="Interkulturelles Fest",
        defaults={"municipality": bensheim, "kind": FormatKind.EVENT, "frequency": "ein Mal/Jahr"},
    )
    # Fictional contact persons: one with consent, one without (visible to coordination only).
    ContactPerson.objects.for_municipality(bensheim).get_or_create(
        organisation=council,
        name="Leyla Aksoy",
        defaults={
            "municipality": bensheim,
            "function": "Sprecherin",
            "email": "sprecherin@rat-der-religionen.example.org",
            "consent_given_on": datetime.date(2026, 3, 1),
            "consent_purpose": "Ansprechperson im Vielfalt-Netzwerk",
        },
    )
    ContactPerson.objects.for_municipality(bensheim).get_or_create(
        organisation=council,
        name="Peter Lorenz",
        defaults={"municipality": bensheim, "function": "Kassenwart"},
    )
    _weiterstadt_stocktake(towns["weiterstadt"])
    return []
