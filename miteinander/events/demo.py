"""The events of the demo towns, from the seeds' processes, with fictional participants.

Weiterstadt (seed 004): the kick-off of "WIRkt!" with its query of "Bedarfe und Wünsche" on an
ideas wall, the Bergfest and the closing event of 2020, and a participation workshop in 2027.
Bensheim (seed 000): the follow-up event of the KIV with about 40 participants, a weekly language
café, the quarterly network meeting and a festival of cultures in 2027. Bergkamen (seed 001): the
event planned by young people on 15 February 2020, saved as a format and reused for seniors in
2027, and the workshops on multilingualism in day-care centres. Minden (seed 002): the two
integration conferences and a third one in 2027.

Events are written through `services.event_save`. Registrations, check-ins, the anonymous
self-descriptions, feedback and ideas of events that lie in the past are written as the records
they left behind, since the services rightly refuse to register anyone after the fact; no e-mail
is sent. A town that already has events is left alone, so a second run changes nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db.models import F

from miteinander.actionplan.models import Measure
from miteinander.municipalities.models import Municipality
from miteinander.network.models import Organisation, TargetGroup
from miteinander.offerings.models import Offering

from . import services
from .models import (
    DiversityCount,
    Event,
    EventKind,
    Feedback,
    Idea,
    IdeaCluster,
    IdeaSource,
    Registration,
    RegistrationStatus,
)

BERLIN = ZoneInfo("Europe/Berlin")

FIRST_NAMES = [
    "Amina", "Jonas", "Leyla", "Piotr", "Sofia", "Yusuf", "Hanna", "Tarek", "Mariam", "Lukas",
    "Olha", "Emre", "Fatemeh", "Noah", "Zeynep", "Daniel", "Rania", "Marta", "Karim", "Ida",
]  # fmt: skip
LAST_INITIALS = "ABDEFGHKLMNPRSTWZ"


def _at(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value).replace(tzinfo=BERLIN)


class _Town:
    def __init__(self, town: Municipality):
        self.town = town
        self.kinds = {k.name: k for k in EventKind.objects.for_municipality(town)}
        self.groups = {g.name: g for g in TargetGroup.objects.for_municipality(town)}

    def organisation(self, name: str) -> Organisation | None:
        return Organisation.objects.for_municipality(self.town).filter(name=name).first()

    def place(self, title: str) -> Offering | None:
        return Offering.objects.for_municipality(self.town).filter(title=title).first()

    def measure(self, title_start: str) -> Measure | None:
        return (
            Measure.objects.for_municipality(self.town)
            .filter(title__startswith=title_start)
            .first()
        )

    def event(self, *, kind, groups=(), co_organisers=(), translations=(), **fields) -> Event:
        organiser = fields.pop("organiser", None)
        fields["organiser"] = self.organisation(organiser) if organiser else None
        content = services.EventContent(
            fields={"kind": self.kinds[kind], **fields},
            target_groups=[self.groups[name] for name in groups if name in self.groups],
            co_organisers=[o for o in map(self.organisation, co_organisers) if o],
            translations=[
                {"language": language, "title": title, "description": description}
                for language, title, description in translations
            ],
        )
        return services.event_save(
            municipality=self.town, acting_user=None, content=content, publish=True
        )

    def participants(self, event: Event, count: int, *, checked_in: int = 0, waiting: int = 0):
        """Fictional registrations: first names and an initial, addresses at example.org."""
        rows = []
        for number in range(count + waiting):
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            initial = LAST_INITIALS[(number * 7) % len(LAST_INITIALS)]
            rows.append(
                Registration(
                    municipality=self.town,
                    event=event,
                    name=f"{first} {initial}.",
                    email=f"{first.lower()}.{initial.lower()}{number}@example.org",
                    language=["de", "de", "ar", "uk", "tr", "de", "fa", "ru", "en"][number % 9],
                    status=RegistrationStatus.WAITING
                    if number >= count
                    else RegistrationStatus.CONFIRMED,
                    interpreting_into="ar" if number % 11 == 2 else "",
                    needs_step_free_access=number % 13 == 5,
                    childcare_children=1 if event.childcare and number % 6 == 1 else 0,
                    checked_in_at=event.starts_at if number < checked_in else None,
                )
            )
        Registration.objects.bulk_create(rows)

    def diversity(self, event: Event, answers: dict[str, dict[str, int]]) -> None:
        """The anonymous self-descriptions, as the counters they leave."""
        for dimension, values in answers.items():
            for value, count in values.items():
                row, _created = DiversityCount.objects.for_municipality(self.town).get_or_create(
                    municipality=self.town, event=event, dimension=dimension, value=value
                )
                DiversityCount.objects.for_municipality(self.town).filter(pk=row.pk).update(
                    count=F("count") + count
                )

    def feedback(self, event: Event, ratings: list[int], comments: list[tuple[str, str]]):
        for number, rating in enumerate(ratings):
            liked, improve = comments[number] if number < len(comments) else ("", "")
            Feedback.objects.create(
                municipality=self.town,
                event=event,
                rating=rating,
                liked=liked,
                improve=improve,
                come_again="yes" if rating >= 4 else "maybe",
            )

    def ideas(self, event: Event, clusters: dict[str, list[str]], unsorted: list[str]):
        for position, (title, texts) in enumerate(clusters.items()):
            cluster = IdeaCluster.objects.create(
                municipality=self.town, event=event, title=title, position=position
            )
            for index, text in enumerate(texts):
                Idea.objects.create(
                    municipality=self.town,
                    event=event,
                    cluster=cluster,
                    text=text,
                    position=index,
                    source=IdeaSource.PAPER if index % 2 else IdeaSource.ONLINE,
                )
        for index, text in enumerate(unsorted):
            Idea.objects.create(municipality=self.town, event=event, text=text, position=index)


def _weiterstadt(t: _Town) -> None:
    kick_off = t.event(
        kind="Beteiligungsveranstaltung",
        organiser="WIR-Koordination",
        co_organisers=["Büro für Integration und Inklusion", "Weiterstädter Ehrenamtsagentur"],
        title="Kick-off: Weiterstadt WIRkt!",
        description=(
            "Auftakt der kommunalen Vielfalts- und Integrationsstrategie: Wir stellen das "
            "Projekt und die Ergebnisse der vorbereitenden Maßnahmen vor, fragen nach Ihren "
            "Bedarfen und Wünschen und entscheiden gemeinsam über die Formen der Beteiligung."
        ),
        place_name="Bürgerhaus Riedbahn",
        street="Carl-Ulrich-Straße 7",
        postcode="64331",
        city="Weiterstadt",
        starts_at=_at("2020-04-25T14:00"),
        ends_at=_at("2020-04-25T18:00"),
        groups=["Alle Einwohnerinnen und Einwohner"],
        languages=["de"],
        interpreted_languages=["ar", "fa", "tr"],
        step_free=True,
        childcare=True,
        registration_enabled=True,
        ideas_enabled=True,
        ideas_question="Was wünschen Sie sich für ein vielfältiges Weiterstadt?",
        ideas_open=False,
        translations=[
            ("en", "Kick-off: Weiterstadt WIRkt!", "Launch of the town's diversity strategy."),
            ("ar", "انطلاقة: فايترشتات تعمل معًا!", "انطلاق استراتيجية التنوع والاندماج."),
        ],
    )
    t.participants(kick_off, 64, checked_in=58)
    t.diversity(
        kick_off,
        {
            "age_band": {"under_18": 6, "18_26": 9, "27_44": 17, "45_64": 15, "65_plus": 8},
            "gender": {"female": 29, "male": 23, "diverse": 2},
            "migration": {"own": 18, "parents": 11, "none": 22},
            "nationality": {"german": 33, "eu": 7, "third_country": 12},
        },
    )
    t.feedback(
        kick_off,
        [5, 4, 4, 5, 3, 4, 5, 4, 2, 5, 4],
        [
            ("Viele verschiedene Menschen an einem Tisch.", "Mehr Zeit für die Gruppenarbeit."),
            ("Die Dolmetscherinnen haben sehr geholfen.", ""),
            ("", "Der Saal war zu laut."),
        ],
    )
    t.ideas(
        kick_off,
        {
            "Begegnung im Stadtteil": [
                "Ein Café International auch in Riedbahn",
                "Nachbarschaftsfest mit Essen aus aller Welt",
                "Treffpunkt für Jugendliche am Abend",
            ],
            "Sprache und Bildung": [
                "Sprachpatenschaften für Erwachsene",
                "Elternabende mit Dolmetschern in den Kitas",
            ],
            "Arbeit und Ausbildung": [
                "Betriebe stellen sich in der Schule vor",
                "Anerkennung ausländischer Abschlüsse: Beratung vor Ort",
            ],
        },
        ["Mehr Sitzbänke am Bahnhof", "Mehrsprachige Informationen der Stadt"],
    )
    t.event(
        kind="Beteiligungsveranstaltung",
        organiser="WIR-Koordination",
        title="Bergfest: Halbzeit der Beteiligung",
        description=(
            "Wir werten die ersten Beteiligungsmaßnahmen aus, entwickeln sie weiter und legen "
            "erste Inhalte der Vielfalts- und Integrationsstrategie fest."
        ),
        meeting_place=t.place("Café International Gräfenhausen"),
        starts_at=_at("2020-07-04T15:00"),
        ends_at=_at("2020-07-04T18:00"),
        groups=["Alle Einwohnerinnen und Einwohner"],
        languages=["de"],
    )
    t.event(
        kind="Konferenz",
        organiser="WIR-Koordination",
        title="Abschlussveranstaltung der Vielfalts- und Integrationsstrategie",
        description=(
            "Wir führen die Ergebnisse der Beteiligungsphasen I und II zusammen und legen die "
            "Inhalte der Strategie gemeinsam fest."
        ),
        place_name="Bürgerhaus Riedbahn",
        street="Carl-Ulrich-Straße 7",
        postcode="64331",
        city="Weiterstadt",
        starts_at=_at("2020-11-21T10:00"),
        ends_at=_at("2020-11-21T14:00"),
        languages=["de"],
    )
    workshop = t.event(
        kind="Workshop",
        organiser="Weiterstädter Ehrenamtsagentur",
        co_organisers=["WIR-Koordination"],
        title="Beteiligungswerkstatt: Vielfalt im Quartier",
        measure=t.measure("Stadtgespräche"),
        description=(
            "Zwei Stunden, drei Tische, eine Frage: Was braucht unser Quartier, damit sich alle "
            "willkommen fühlen? Ihre Ideen kommen auf die Ideenwand und in den Aktionsplan."
        ),
        meeting_place=t.place("Café International Gräfenhausen"),
        starts_at=_at("2027-03-13T10:00"),
        ends_at=_at("2027-03-13T12:30"),
        groups=["Alle Einwohnerinnen und Einwohner", "Neuzugewanderte"],
        languages=["de", "en"],
        interpreted_languages=["ar", "uk"],
        childcare=True,
        registration_enabled=True,
        capacity=40,
        contact_email="ehrenamt@weiterstadt.example.org",
        ideas_enabled=True,
        ideas_question="Was braucht Ihr Quartier, damit sich alle willkommen fühlen?",
        translations=[
            ("en", "Participation workshop: diversity in the neighbourhood", ""),
            ("uk", "Майстерня участі: різноманіття в кварталі", ""),
        ],
    )
    t.participants(workshop, 12)


def _bensheim(t: _Town) -> None:
    follow_up = t.event(
        kind="Beteiligungsveranstaltung",
        organiser="Stadtverwaltung Bensheim, Team Soziales und Integration",
        title="Follow-up-Veranstaltung zum Integrations- und Vielfaltskonzept",
        description=(
            "Haupt- und Ehrenamtliche aus Sozialem, Integration und bürgerschaftlichem "
            "Engagement erarbeiten konkrete Maßnahmen: Wie bauen wir ein Vielfalt-Netzwerk auf, "
            "welche Ziele und Projekte setzen wir um, und wer trägt dafür die Verantwortung?"
        ),
        place_name="Rathaus Bensheim, Sitzungssaal",
        street="Kirchbergstraße 18",
        postcode="64625",
        city="Bensheim",
        starts_at=_at("2019-09-26T17:00"),
        ends_at=_at("2019-09-26T20:30"),
        groups=["Ehrenamtliche", "Alle Einwohnerinnen und Einwohner"],
        languages=["de"],
        registration_enabled=True,
        measure=t.measure("Begegnungsräume und Treffpunkte"),
    )
    t.participants(follow_up, 42, checked_in=39)
    t.diversity(
        follow_up,
        {
            "age_band": {"18_26": 3, "27_44": 12, "45_64": 14, "65_plus": 6},
            "gender": {"female": 21, "male": 14},
            "migration": {"own": 9, "parents": 6, "none": 19},
            "nationality": {"german": 27, "eu": 2, "third_country": 6},
        },
    )
    t.feedback(follow_up, [4, 5, 4, 4, 3, 5], [("Konkrete Verabredungen.", "")])
    t.event(
        kind="Kurs",
        organiser="Ehrenamtsinitiative Willkommen in Bensheim",
        title="Sprachcafé: Deutsch sprechen bei Tee und Kuchen",
        description="Jeden Dienstag: ins Gespräch kommen, Fragen stellen, Deutsch üben.",
        meeting_place=t.place("Sprachcafé am Marktplatz"),
        starts_at=_at("2026-11-03T17:00"),
        ends_at=_at("2026-11-03T18:30"),
        recurrence_rule="FREQ=WEEKLY;BYDAY=TU;COUNT=30",
        recurrence_exceptions=["2026-12-22", "2026-12-29"],
        groups=["Neuzugewanderte", "Geflüchtete"],
        languages=["de", "ar", "uk", "fa"],
        translations=[
            ("en", "Language café: speaking German over tea and cake", "Every Tuesday."),
            ("ar", "مقهى اللغة: التحدث بالألمانية مع الشاي والكعك", "كل يوم ثلاثاء."),
            ("uk", "Мовне кафе: розмовляємо німецькою за чаєм", "Щовівторка."),
        ],
    )
    t.event(
        kind="Netzwerktreffen",
        organiser="Stadtverwaltung Bensheim, Team Soziales und Integration",
        title="Netzwerktreffen Vielfalt",
        description="Austausch der Akteure im Vielfalt-Netzwerk: Neues, Termine, Absprachen.",
        place_name="Integrationszentrum",
        street="Hauptstraße 53",
        postcode="64625",
        city="Bensheim",
        starts_at=_at("2027-01-20T18:00"),
        ends_at=_at("2027-01-20T20:00"),
        recurrence_rule="FREQ=MONTHLY;INTERVAL=3;COUNT=4",
        groups=["Ehrenamtliche"],
        languages=["de"],
    )
    t.event(
        kind="Fest",
        organiser="Rat der Religionen Bensheim",
        co_organisers=["Stadtverwaltung Bensheim, Team Soziales und Integration"],
        title="Fest der Kulturen und Religionen",
        description=(
            "Musik, Essen und Gespräche auf dem Marktplatz: Gemeinden, Vereine und Initiativen "
            "stellen sich vor. Eintritt frei."
        ),
        place_name="Marktplatz",
        street="Marktplatz",
        postcode="64625",
        city="Bensheim",
        starts_at=_at("2027-06-19T14:00"),
        ends_at=_at("2027-06-19T21:00"),
        groups=["Alle Einwohnerinnen und Einwohner", "Familien"],
        languages=["de", "ar", "tr"],
        step_free=True,
        childcare=True,
        measure=t.measure("Interkulturelles Fest"),
        translations=[
            ("en", "Festival of cultures and religions", ""),
            ("tr", "Kültürler ve Dinler Festivali", ""),
        ],
    )
    walk = t.event(
        kind="Sonstiges",
        organiser="Rat der Religionen Bensheim",
        title="Interreligiöser Stadtspaziergang",
        description="Wir besuchen Kirche, Moschee und Synagogengedenkort und kommen ins Gespräch.",
        place_name="Treffpunkt vor dem Rathaus",
        street="Kirchbergstraße 18",
        postcode="64625",
        city="Bensheim",
        starts_at=_at("2027-04-24T11:00"),
        ends_at=_at("2027-04-24T13:30"),
        groups=["Alle Einwohnerinnen und Einwohner"],
        languages=["de"],
        registration_enabled=True,
        capacity=25,
        contact_email="rat-der-religionen@bensheim.example.org",
    )
    t.participants(walk, 25, waiting=3)


def _bergkamen(t: _Town) -> None:
    youth = t.event(
        kind="Fest",
        organiser="Kommunales Integrationszentrum",
        co_organisers=["Schulen in Bergkamen"],
        title="Potentiale der Vielfalt: Jugendliche laden ein",
        description=(
            "Ein Nachmittag, den Jugendliche selbst geplant haben: Musik, Essen, Workshops und "
            "Gespräche über das, was Bergkamen vielfältig macht. Die Steuerungsgruppe begleitet "
            "die Vorbereitung."
        ),
        place_name="Treffpunkt Bergkamen",
        street="Lessingstraße 2",
        postcode="59192",
        city="Bergkamen",
        starts_at=_at("2020-02-15T14:00"),
        ends_at=_at("2020-02-15T19:00"),
        groups=["Jugendliche"],
        languages=["de", "tr", "ar"],
        registration_enabled=True,
        measure=t.measure("Veranstaltung"),
    )
    t.participants(youth, 48, checked_in=44)
    t.diversity(
        youth,
        {
            "age_band": {"under_18": 27, "18_26": 12, "27_44": 3},
            "gender": {"female": 20, "male": 19, "diverse": 1},
            "nationality": {"german": 24, "eu": 5, "third_country": 11},
        },
    )
    event_format = services.event_format_save(
        event=youth,
        acting_user=None,
        name="Von der Zielgruppe selbst geplantes Fest",
        description=(
            "Eine Zielgruppe plant ihr Fest selbst, die Steuerungsgruppe begleitet; zuerst mit "
            "Jugendlichen erprobt, dann mit Seniorinnen und Senioren."
        ),
    )
    seniors = services.event_content_from_format(
        event_format=event_format, starts_at=_at("2027-05-08T14:30")
    )
    seniors.fields.update(
        title="Potentiale der Vielfalt: Seniorinnen und Senioren laden ein",
        description=(
            "Nach dem Vorbild des Festes der Jugendlichen: Seniorinnen und Senioren aus "
            "Bergkamen planen einen Nachmittag mit Kaffee, Geschichten und Musik aus vielen "
            "Ländern."
        ),
        step_free=True,
        capacity=80,
        measure=t.measure("Veranstaltung mit und für Seniorinnen"),
    )
    seniors.target_groups = [g for g in [t.groups.get("Senioren")] if g]
    services.event_save(municipality=t.town, acting_user=None, content=seniors, publish=True)
    t.event(
        kind="Workshop",
        organiser="Kindertagesstätten in Bergkamen",
        co_organisers=["Kommunales Integrationszentrum"],
        title="Workshop: Mehrsprachigkeit in der Kita",
        description="Für Fachkräfte und Eltern: Mehrsprachigkeit als Potential im Kita-Alltag.",
        place_name="Rathaus Bergkamen",
        street="Rathausplatz 1",
        postcode="59192",
        city="Bergkamen",
        starts_at=_at("2027-02-10T16:00"),
        ends_at=_at("2027-02-10T18:30"),
        groups=["Familien", "Kinder"],
        languages=["de"],
        interpreted_languages=["tr", "ar"],
        childcare=True,
        registration_enabled=True,
        capacity=20,
        measure=t.measure("Workshop"),
    )


def _minden(t: _Town) -> None:
    for number, starts, place, description in [
        (
            1,
            "2019-10-23T17:00",
            "Rathaus Minden",
            "Start des Integrationskonzepts: Bildung der drei thematischen Arbeitsgruppen.",
        ),
        (
            2,
            "2020-06-17T17:00",
            "Kleiner Rathaussaal",
            "Der erste Entwurf des Integrationskonzepts: Ergänzungen und Korrekturen.",
        ),
    ]:
        conference = t.event(
            kind="Konferenz",
            organiser="Stadt Minden, Integrationsbüro",
            co_organisers=["Institut für interkulturelle Management- und Politikberatung (imap)"],
            title=f"{number}. Integrationskonferenz",
            description=description,
            place_name=place,
            street="Kleiner Domhof 17",
            postcode="32423",
            city="Minden",
            starts_at=_at(starts),
            ends_at=_at(starts) + datetime.timedelta(hours=3),
            groups=["Alle Einwohnerinnen und Einwohner"],
            languages=["de"],
            registration_enabled=True,
        )
        t.participants(conference, 52 if number == 1 else 47, checked_in=45)
    t.event(
        kind="Konferenz",
        organiser="Stadt Minden, Integrationsbüro",
        title="3. Integrationskonferenz: Das Konzept lebt",
        description="Was ist aus den 99 Maßnahmen geworden? Bilanz und nächste Schritte.",
        place_name="Kleiner Rathaussaal",
        street="Kleiner Domhof 17",
        postcode="32423",
        city="Minden",
        starts_at=_at("2027-04-21T17:00"),
        ends_at=_at("2027-04-21T20:00"),
        groups=["Alle Einwohnerinnen und Einwohner"],
        languages=["de"],
        interpreted_languages=["ar", "uk"],
        registration_enabled=True,
        capacity=120,
    )


BUILDERS = {
    "weiterstadt": _weiterstadt,
    "bensheim": _bensheim,
    "bergkamen": _bergkamen,
    "minden": _minden,
}


def load() -> list:
    """Give each demo town its events unless it has some already."""
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in=BUILDERS)}
    if len(towns) < len(BUILDERS):
        return []
    for slug, build in BUILDERS.items():
        town = towns[slug]
        if not Event.objects.for_municipality(town).exists():
            services.event_kinds_ensure(municipality=town)
            build(_Town(town))
    return []
