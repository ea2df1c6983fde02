"""The action-plan part of the demo towns, written through the services as the system.

Minden gets the plan its seed describes (seed 002): three working groups, one field of action
each, 99 measures and recommendations by imap. The measure texts are fictional but typical of a
mid-sized town's integration concept; status, progress, dates and money are spread over them by
rule rather than by hand. Bergkamen (seed 001), Bensheim (seed 000) and Weiterstadt (seed 004)
get small plans. A town whose plan exists is left alone, so a second run changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from miteinander.municipalities.models import Municipality
from miteinander.network.models import (
    ActorGroup,
    FieldOfWork,
    Organisation,
    Staffing,
    TargetGroup,
)

from . import services
from .models import FieldOfAction, FundingSource, MeasureStatus, Reachability

S = MeasureStatus
IMAP = "Institut für interkulturelle Management- und Politikberatung (imap)"

# Minden's actors besides those the network demo creates: (key, name, group, fields of work).
MINDEN_MORE_ORGANISATIONS = [
    ("buero", "Stadt Minden, Integrationsbüro", ActorGroup.ADMINISTRATION, ["Integration"]),
    ("rat", "Integrationsrat der Stadt Minden", ActorGroup.CIVIL_SOCIETY_WITH_MANDATE,
     ["Integration"]),
    ("jobcenter", "Jobcenter im Kreis Minden-Lübbecke", ActorGroup.REGIONAL_PARTNERS,
     ["Arbeit"]),
    ("kitas", "Kindertagesstätten in Minden", ActorGroup.LOCAL_PARTNERS, ["Bildung"]),
    ("jugend", "Offene Jugendarbeit Minden", ActorGroup.LOCAL_PARTNERS, ["Jugend"]),
]  # fmt: skip
MINDEN_ORGANISATIONS = {
    "moschee": "Moschee- und Kulturverein Minden",
    "bildung": "Mindener Bildungseinrichtungen",
    "sozial": "Sozialdienste Minden",
    "kirche": "Kirchengemeinden Minden",
    "imap": IMAP,
    **{key: name for key, name, *_ in MINDEN_MORE_ORGANISATIONS},
}

MINDEN_GUIDELINES = [
    (
        "Integration ist eine Querschnittsaufgabe",
        "Integration betrifft alle Bereiche der Stadtgesellschaft. Verwaltung, "
        "Bildungseinrichtungen, Sozialdienste, Kirchen, Moschee- und Kulturvereine und die "
        "Politik tragen gemeinsam Verantwortung:\n\n- für gleiche Chancen in Bildung und Arbeit,"
        "\n- für Begegnung auf Augenhöhe,\n- für eine Verwaltung, die allen offensteht.",
    ),
    (
        "Das Konzept lebt im Dialog",
        "Das Integrationskonzept ist nicht statisch. Es wird im gemeinsamen Dialog der "
        "Beteiligten stetig weiterentwickelt; die **Integrationskonferenz** zieht jedes Jahr "
        "Bilanz und schreibt die Maßnahmen fort.",
    ),
]

MINDEN_FIELDS = [
    ("B", "Bildung und Erziehung",
     "Gleiche Bildungschancen von der Kita bis zum Berufsabschluss."),
    ("A", "Arbeit und Soziales",
     "Zugang zu Ausbildung, Arbeit, Beratung, Gesundheit und Wohnen für alle."),
    ("D", "Dialog und gesellschaftliche Teilhabe",
     "Begegnung, Mitbestimmung und eine Verwaltung, die allen offensteht."),
]  # fmt: skip

# (field code, goal, responsible organisations in turn, target groups, measures). A measure is
# "title | short description", with an optional "| organisation key" that overrides the turn.
MINDEN_GOALS = [
    ("B", "Sprachbildung von Anfang an fördern", ["kitas", "bildung", "buero"],
     ["Kinder", "Familien"], """
Alltagsintegrierte Sprachbildung in allen Kitas | Gemeinsames Konzept und Fortbildungsreihe.
Sprach-Kitas in den Stadtteilen ausbauen | Fachberatung für Kitas mit vielen mehrsprachigen Kindern.
Elternprogramm „Griffbereit“ für Kleinkinder | Spielgruppen, in denen Eltern ihre Sprache fördern.
Mehrsprachige Vorlesestunden in der Stadtbibliothek | Ehrenamtliche lesen in vier Sprachen.
Sprachstandsbeobachtung einheitlich dokumentieren | Ein Bogen für Kitas und Grundschulen.
Fachtag „Mehrsprachigkeit als Ressource“ | Jährliche Tagung für Fachkräfte aus Kita und Schule.
Brückenprojekte für Kinder ohne Kita-Platz | Spielgruppen für neu zugewanderte Familien.
Herkunftssprachlichen Unterricht bekannter machen | Information der Eltern an den Grundschulen.
Sprachpatenschaften für Grundschulkinder | Ehrenamtliche lesen und erzählen wöchentlich mit Kindern.
"""),
    ("B", "Eltern als Bildungspartner gewinnen", ["sozial", "moschee", "bildung"],
     ["Familien", "Neuzugewanderte"], """
Elternbegleiterinnen und -begleiter ausbilden | Eltern mit Migrationsgeschichte als Bildungslotsen.
Elterncafés an Grundschulen | Offene Treffen mit Lehrkräften und Schulsozialarbeit.
Mehrsprachige Informationen zum Schulsystem | Faltblatt und Erklärvideo in sechs Sprachen.
Elternabende mit Sprachmittlung | Sprachmittlerinnen und Sprachmittler für Kitas und Schulen.
Elternseminare in Moscheegemeinden | Themenabende zu Schule, Medien und Erziehung. | moschee
Informationsabend zum Schulwechsel | Beratung vor der Anmeldung an weiterführenden Schulen.
Väterarbeit interkulturell | Gesprächsrunden und Ausflüge für Väter mit ihren Kindern.
Familienbildung im Stadtteilzentrum | Kurse zu Erziehung und Alltag mit Kinderbetreuung.
"""),
    ("B", "Bildungserfolg und Übergang in den Beruf sichern", ["bildung", "jugend", "jobcenter"],
     ["Jugendliche", "Neuzugewanderte"], """
Seiteneinsteigerklassen mit Anschlussbegleitung | Begleitung beim Wechsel in die Regelklasse.
Hausaufgabenhilfe in den Stadtteilen | Offene Lernangebote mit Ehrenamtlichen und Studierenden.
Berufsorientierung mit Vorbildern | Auszubildende mit Migrationsgeschichte berichten in Klassen.
Ausbildungspaten für Jugendliche | Ehrenamtliche begleiten von der Bewerbung bis zur Prüfung.
Potenzialanalyse für neu zugewanderte Jugendliche | Stärken früh erfassen und Wege planen.
Schulsozialarbeit an Berufskollegs ausbauen | Zusätzliche Stunden für Internationale Förderklassen.
Lernpatenschaften in der Sekundarstufe I | Tandems aus Studierenden und Schülerinnen und Schülern.
Ferienakademie Deutsch und Mathematik | Zwei Wochen Lernferien vor Beginn des Schuljahres.
Bildungsberatung für junge Erwachsene | Wege zum nachträglichen Schulabschluss aufzeigen.
"""),
    ("B", "Interkulturelle Kompetenz in Kita und Schule stärken", ["bildung", "buero", "kitas"],
     ["Kinder", "Jugendliche"], """
Fortbildungsreihe interkulturelle Kompetenz für Lehrkräfte | Module zu Vielfalt und Elternarbeit.
Fachkräfte mit Migrationsgeschichte gewinnen | Werbung für die Ausbildung zur Erzieherin.
Vielfaltsbewusste Kinderbücher für alle Kitas | Medienkisten mit Büchern über viele Familien.
Projekttage „Schule ohne Rassismus“ | Weitere Schulen auf dem Weg zum Titel unterstützen.
Religionssensible Schulkultur | Leitfaden zu Festen, Speisen und Fastenzeiten im Schulalltag.
Netzwerk Interkulturelle Schule | Austausch der Schulleitungen zweimal im Jahr.
Kitas und Migrantenorganisationen im Austausch | Besuche und gemeinsame Feste im Quartier.
Mehrsprachige Beschilderung in Bildungseinrichtungen | Wegweiser in den häufigsten Sprachen.
"""),
    ("A", "Zugänge zu Ausbildung und Arbeit verbessern", ["jobcenter", "buero", "sozial"],
     ["Arbeitsuchende", "Geflüchtete"], """
Jobbörse für Geflüchtete und Zugewanderte | Jährliche Messe mit Betrieben aus der Region.
Berufsbezogene Sprachkurse mit Praktikum | Sprachkurs und Betriebspraktikum aus einer Hand.
Mentoring für Frauen mit Migrationsgeschichte | Berufserfahrene Frauen begleiten den Einstieg.
Betriebe für interkulturelle Ausbildung gewinnen | Informationsreihe mit Kammern und Innungen.
Teilzeitausbildung für Eltern bekannt machen | Beratung und Vermittlung gemeinsam mit Betrieben.
Einstiegsqualifizierung mit Sprachbegleitung | Fachsprachenunterricht während der Qualifizierung.
Gründungsberatung für Migrantinnen und Migranten | Sprechstunde zu Gründung und Finanzierung.
Arbeitsmarktlotsen im Stadtteil | Niedrigschwellige Anlaufstelle für Fragen zu Arbeit.
"""),
    ("A", "Ausländische Abschlüsse schneller anerkennen", ["buero", "jobcenter", "bildung"],
     ["Drittstaatsangehörige", "Neuzugewanderte"], """
Anerkennungsberatung vor Ort | Monatliche Sprechstunde zur Anerkennung ausländischer Abschlüsse.
Lotsenstelle Anerkennung im Rathaus | Verweisberatung und Begleitung bis zur zuständigen Stelle.
Kosten von Anerkennungsverfahren klären | Übersicht über Zuschüsse für Gebühren und Übersetzungen.
Anpassungsqualifizierung in der Pflege | Ausländische Pflegefachkräfte mit Partnern qualifizieren.
Anerkennung pädagogischer Berufe begleiten | Für Lehrkräfte und Erzieherinnen aus dem Ausland.
Teilqualifikationen für Menschen ohne Nachweise | Kompetenzfeststellung und Nachqualifizierung.
Mehrsprachiger Wegweiser Anerkennung | Broschüre und Webseite mit Ablauf und Ansprechstellen.
Fachrunde mit Kammern und Jobcenter | Jährlicher Austausch über Engpässe im Verfahren.
"""),
    ("A", "Beratung und soziale Dienste interkulturell öffnen", ["sozial", "kirche", "moschee"],
     ["Familien", "Senioren", "Geflüchtete"], """
Sprachmittlerpool für soziale Dienste | Geschulte Sprachmittlerinnen und Sprachmittler auf Abruf.
Interkulturelle Fortbildung der Beratungsstellen | Schulungen zu Kommunikation und Haltung.
Migrationsberatung im Stadtteilbüro | Feste Sprechzeiten der Migrationsberatung im Quartier.
Interkulturelle Seniorenarbeit | Angebote der Altenhilfe für ältere Zugewanderte öffnen.
Schuldnerberatung mehrsprachig | Infoabende und Materialien zu Verträgen und Schulden.
Wegweiser soziale Angebote | Online-Übersicht der Beratungsangebote mit Sprachfilter.
Kultursensible Pflegeberatung | Beratung zu Pflegeleistungen für Familien.
Frauenberatung mit Kinderbetreuung | Beratungszeiten mit Betreuung der Kinder nebenan.
"""),
    ("A", "Gesundheit und Wohnen für alle sichern", ["sozial", "buero", "kirche"],
     ["Geflüchtete", "Familien", "Frauen"], """
Gesundheitslotsinnen und -lotsen ausbilden | Ehrenamtliche erklären das Gesundheitssystem.
Mehrsprachige Gesundheitstage | Informationen zu Vorsorge, Impfungen und Ernährung.
Psychosoziale Beratung für Geflüchtete | Ausbau der Beratung mit Sprachmittlung.
Wohnraumvermittlung für anerkannte Geflüchtete | Vermittlung zwischen Vermietenden und Suchenden.
Mietführerschein | Kurs zu Rechten und Pflichten im Mietverhältnis.
Nachbarschaftsmoderation in Großwohnanlagen | Ansprechpersonen bei Konflikten im Wohnumfeld.
Bewegungsangebote für Frauen | Schwimm- und Sportkurse in geschützten Räumen.
Dezentrale Unterbringung weiterentwickeln | Wohnungen statt Sammelunterkünfte. | buero
"""),
    ("D", "Begegnung und Dialog im Stadtteil ermöglichen", ["moschee", "kirche", "jugend"],
     ["Alle Einwohnerinnen und Einwohner", "Familien"], """
Mindener Begegnungsfest | Jährliches Fest der Kulturen auf dem Marktplatz. | buero
Interreligiöser Dialog | Gesprächsabende von Kirchen- und Moscheegemeinden.
Tag der offenen Moschee | Führungen und Gespräche für Schulklassen und Nachbarschaft. | moschee
Interkulturelle Kochabende | Nachbarinnen und Nachbarn kochen und essen gemeinsam.
Sprachcafés in den Stadtteilen | Offene Treffpunkte zum Deutschsprechen im Alltag.
Interkulturelle Woche Minden | Programm mit Vereinen, Schulen und Gemeinden im September.
Erzählcafé „Angekommen in Minden“ | Ältere Zugewanderte erzählen ihre Geschichte.
Begegnungsräume im Quartier öffnen | Gemeinderäume und Vereinsheime für Gruppen zugänglich machen.
Stadtteilspaziergänge mit Neuzugewanderten | Orte, Angebote und Nachbarschaft kennenlernen.
"""),
    ("D", "Politische Teilhabe und Mitbestimmung stärken", ["rat", "buero"],
     ["Drittstaatsangehörige", "Alle Einwohnerinnen und Einwohner"], """
Sprechstunden des Integrationsrats | Monatliche offene Sprechstunde im Rathaus.
Kampagne zur Integrationsratswahl | Mehrsprachige Information für eine höhere Wahlbeteiligung.
Politikwerkstatt für junge Menschen | Workshops zur Kommunalpolitik mit Besuch im Rat. | jugend
Einbürgerungskampagne | Information über Voraussetzungen und Ablauf der Einbürgerung.
Einbürgerungsfeier der Stadt | Festliche Begrüßung der neu Eingebürgerten im Rathaus.
Migrantenorganisationen in Ausschüssen beteiligen | Beratende Mitglieder in Fachausschüssen.
Migrantenorganisationen qualifizieren | Workshops zu Vereinsrecht und Förderanträgen.
Integrationskonferenz fortsetzen | Jährliche Konferenz zur Fortschreibung des Konzepts.
"""),
    ("D", "Verwaltung interkulturell öffnen", ["buero"],
     ["Alle Einwohnerinnen und Einwohner", "Neuzugewanderte"], """
Interkulturelle Schulungen für die Verwaltung | Pflichtmodul in der Fortbildung der Beschäftigten.
Vielfalt in der Personalgewinnung | Stellenanzeigen, die Zugewanderte ermutigen.
Verständliche und mehrsprachige Formulare | Die zehn meistgenutzten Formulare überarbeiten.
Willkommensmappe für Neubürgerinnen und Neubürger | Erste Informationen in mehreren Sprachen.
Ausbildung in der Verwaltung für junge Zugewanderte | Praktika und Ausbildungsplätze bewerben.
Integrationsmonitoring | Kennzahlen zu Bildung, Arbeit und Teilhabe alle zwei Jahre. | imap
Evaluation des Integrationskonzepts | Externe Begleitung der Umsetzung und Zwischenbilanz. | imap
Servicezeiten der Ausländerbehörde verbessern | Online-Terminvergabe und kürzere Wartezeiten.
"""),
    ("D", "Ehrenamt und Vereinsleben für alle öffnen", ["kirche", "moschee", "sozial", "jugend"],
     ["Ehrenamtliche", "Jugendliche"], """
Ehrenamtsbörse interkulturell | Engagement-Angebote mehrsprachig vorstellen.
Vereine interkulturell öffnen | Beratung von Sport- und Kulturvereinen bei der Mitgliederwerbung.
Ehrenamtliche Integrationslotsen qualifizieren | Grundkurs zu Recht, Beratung und Selbstschutz.
Anerkennungskultur für Ehrenamtliche | Jährlicher Empfang und Ehrenamtskarte.
Jugendgruppen in Migrantenorganisationen stärken | Jugendleitungen und Juleica-Schulungen fördern.
Freiwilligendienste für junge Zugewanderte | Information und Begleitung in den Freiwilligendienst.
Netzwerk der Flüchtlingsinitiativen | Vierteljährliches Treffen der Willkommensgruppen.
Schwimmkurse für Kinder in Vereinen | Zusätzliche Kurse für Kinder aus Zuwandererfamilien.
"""),
]  # fmt: skip

# imap's recommendations: (field code, title, text, measures that implement it).
MINDEN_RECOMMENDATIONS = [
    ("B", "Sprachbildung durchgängig von der Kita bis in den Beruf verankern",
     "Sprachbildung als gemeinsame Aufgabe aller Bildungseinrichtungen abstimmen.",
     ["B-01", "B-05", "B-06", "B-18"]),
    ("B", "Eltern mit Migrationsgeschichte systematisch einbinden",
     "Eltern als Partner ansprechen, in ihrer Sprache und an vertrauten Orten.",
     ["B-10", "B-12", "B-13", "B-14"]),
    ("B", "Übergänge von der Schule in den Beruf mit Patenschaften begleiten",
     "Verlässliche Begleitung durch Ehrenamtliche senkt Ausbildungsabbrüche.",
     ["B-20", "B-21", "A-04"]),
    ("A", "Anerkennungsberatung bündeln und sichtbar machen",
     "Eine erste Anlaufstelle im Rathaus, die an die zuständigen Stellen verweist.",
     ["A-09", "A-10", "A-15"]),
    ("A", "Einen kommunalen Sprachmittlerpool aufbauen",
     "Geschulte Sprachmittlung für Beratung, Kita und Schule aus einer Hand.",
     ["A-17", "B-13"]),
    ("D", "Interkulturelle Öffnung der Verwaltung als Führungsaufgabe verstehen",
     "Ziele für Personal, Fortbildung und Service festlegen und nachhalten.",
     ["D-18", "D-19", "D-20"]),
    ("D", "Den Integrationsrat als Brücke in die Stadtgesellschaft stärken",
     "Sprechstunden, Wahlinformation und Beteiligung in den Ausschüssen ausbauen.",
     ["D-10", "D-11", "D-15"]),
    ("D", "Die Umsetzung regelmäßig überprüfen und fortschreiben",
     "Kennzahlen erheben und jährlich auf der Integrationskonferenz berichten.",
     ["D-17", "D-23", "D-24"]),
]  # fmt: skip

# Key figures: (measure, name, unit, baseline, target, [(date, value), ...]).
MINDEN_INDICATORS = [
    ("B-01", "Fortgebildete Kita-Fachkräfte", "Personen", 0, 120,
     [("2025-06-30", 35), ("2025-12-31", 68), ("2026-06-30", 94)]),
    ("B-10", "Ausgebildete Elternbegleiterinnen und -begleiter", "Personen", 0, 30,
     [("2025-12-31", 12), ("2026-06-30", 19)]),
    ("B-21", "Laufende Ausbildungspatenschaften", "Tandems", 4, 40,
     [("2025-09-30", 14), ("2026-03-31", 22), ("2026-09-30", 27)]),
    ("A-01", "Besuchende der Jobbörse", "Personen", 0, 400,
     [("2025-04-12", 260), ("2026-04-18", 345)]),
    ("A-09", "Beratungen zur Anerkennung", "Beratungen", 0, 200,
     [("2025-12-31", 84), ("2026-06-30", 131)]),
    ("A-17", "Einsätze des Sprachmittlerpools", "Einsätze", 0, 300,
     [("2025-12-31", 96), ("2026-06-30", 171)]),
    ("D-01", "Besuchende des Begegnungsfests", "Personen", 1500, 3000,
     [("2024-06-15", 1900), ("2025-06-14", 2400), ("2026-06-13", 2750)]),
    ("D-10", "Besuche der Sprechstunden des Integrationsrats", "Besuche", 0, 120,
     [("2025-12-31", 41), ("2026-06-30", 67)]),
    ("D-11", "Wahlbeteiligung bei der Integrationsratswahl", "%", Decimal("11.5"), 20,
     [("2025-09-14", Decimal("14.2"))]),
    ("D-18", "Geschulte Beschäftigte der Verwaltung", "Personen", 0, 250,
     [("2025-12-31", 70), ("2026-06-30", 118)]),
]  # fmt: skip

# Twenty statuses in the proportions of a plan some years into its implementation.
STATUS_MIX = (
    [S.IN_PROGRESS] * 7 + [S.ESTABLISHED] * 3 + [S.DONE] * 3 + [S.PLANNED] * 3
    + [S.PREPARING] * 2 + [S.POSTPONED, S.DROPPED]
)  # fmt: skip
NOT_STARTED = {S.PLANNED, S.PREPARING, S.DROPPED}
BUDGETS = [None, 1500, 3000, 4500, 8000, 12000, 25000, 40000]
FUNDING_MIX = [FundingSource.KOMM_IN, FundingSource.TOWN_BUDGET]


def _date(year: int, month: int, day: int = 1) -> datetime.date:
    return datetime.date(year, month, day)


def _measure_facts(n: int, today: datetime.date, has_figures: bool) -> dict:
    """Status, progress, dates, money and publication of the n-th measure, spread by rule."""
    status = STATUS_MIX[(n * 7 + 3) % len(STATUS_MIX)]
    if has_figures and status in NOT_STARTED:
        status = S.IN_PROGRESS  # a measure with measured figures has started
    month = 1 + (n * 5) % 12
    progress = {
        S.PLANNED: 0,
        S.PREPARING: 5 + (n * 3) % 15,
        S.IN_PROGRESS: 20 + (n * 13) % 70,
        S.DONE: 100,
        S.ESTABLISHED: 100,
        S.POSTPONED: 10 + (n * 11) % 30,
        S.DROPPED: (n * 7) % 30,
    }[status]
    starts_on, ends_on = {
        S.PLANNED: (_date(2027, month), None),
        S.PREPARING: (_date(2027, month), _date(2028, month)),
        S.IN_PROGRESS: (_date(2024 + n % 2, month), _date(2027 + n % 2, month, 28)),
        S.DONE: (_date(2023, month), _date(2025, month, 28)),
        S.ESTABLISHED: (_date(2023 + n % 2, month), None),
        S.POSTPONED: (_date(2025, month), None),
        S.DROPPED: (None, None),
    }[status]
    budget = BUDGETS[(n * 3) % len(BUDGETS)]
    started = status not in NOT_STARTED
    facts = {
        "status": status,
        "progress": progress - progress % 5,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "budget": Decimal(budget) if budget else None,
        "funding_source": FUNDING_MIX[n % len(FUNDING_MIX)] if budget else "",
        "is_published": status not in {S.PLANNED, S.DROPPED} and n % 4 != 1,
        "reachability_focus": Reachability.MEDIUM if n % 9 == 0 else "",
        "last_reported_on": _date(2026, 5, 15) if started and n % 3 == 0 else None,
        "report_due_on": None,
    }
    if status == S.IN_PROGRESS and n % 6 == 0:
        facts["report_due_on"] = today - datetime.timedelta(days=10 + n % 20)
    elif status == S.IN_PROGRESS and n % 6 == 3:
        facts["report_due_on"] = today + datetime.timedelta(days=30)
    return facts


def _measures(block: str):
    for line in block.strip().splitlines():
        title, description, *organisation = (part.strip() for part in line.split("|"))
        yield title, description, organisation[0] if organisation else None


def _minden_organisations(town) -> dict[str, Organisation]:
    fields = {f.name: f for f in FieldOfWork.objects.for_municipality(town)}
    for _key, name, group, field_names in MINDEN_MORE_ORGANISATIONS:
        organisation, created = Organisation.objects.for_municipality(town).get_or_create(
            name=name,
            defaults={
                "municipality": town,
                "actor_group": group,
                "staffing": Staffing.PAID,
                "is_public": True,
                "languages": ["de"],
                "city": town.name,
            },
        )
        if created:
            organisation.fields_of_work.set([fields[n] for n in field_names if n in fields])
    by_name = {o.name: o for o in Organisation.objects.for_municipality(town)}
    return {key: by_name[name] for key, name in MINDEN_ORGANISATIONS.items()}


def _minden(town) -> None:
    organisations = _minden_organisations(town)
    groups = {g.name: g for g in TargetGroup.objects.for_municipality(town)}
    for position, (title, text) in enumerate(MINDEN_GUIDELINES):
        services.guideline_save(
            municipality=town, acting_user=None, title=title, text=text, position=position
        )
    fields = {}
    for position, (code, name, description) in enumerate(MINDEN_FIELDS):
        fields[code] = services.field_of_action_save(
            municipality=town, acting_user=None, name=name, code=code,
            description=f"{description} Erarbeitet von der AG {name}.", position=position,
        )  # fmt: skip
    recommended = {}
    for code, title, text, numbers in MINDEN_RECOMMENDATIONS:
        recommendation = services.recommendation_save(
            municipality=town, acting_user=None, title=title, text=text, source=IMAP,
            field_of_action=fields[code],
        )  # fmt: skip
        for number in numbers:
            recommended.setdefault(number, []).append(recommendation)
    figures = {entry[0] for entry in MINDEN_INDICATORS}
    today = timezone.localdate()
    measures, counters, n = {}, dict.fromkeys(fields, 0), 0
    for position, (code, goal_title, turn, group_names, block) in enumerate(MINDEN_GOALS):
        field = fields[code]
        goal = services.goal_save(
            municipality=town, acting_user=None, field_of_action=field, title=goal_title,
            position=position,
        )  # fmt: skip
        for i, (title, description, organisation_key) in enumerate(_measures(block)):
            counters[code] += 1
            number = f"{code}-{counters[code]:02d}"
            responsible = organisations[organisation_key or turn[i % len(turn)]]
            partner = organisations[turn[(i + 1) % len(turn)]]
            measures[number] = services.measure_save(
                municipality=town,
                acting_user=None,
                goal=goal,
                number=number,
                title=title,
                description=description,
                responsible_organisation=responsible,
                partners=[partner] if partner != responsible else [],
                target_groups=[groups[name] for name in group_names[: 1 + i % 2]],
                working_group=f"AG {field.name}",
                recommendations=recommended.get(number, []),
                **_measure_facts(n, today, number in figures),
            )
            n += 1
    for number, name, unit, baseline, target, values in MINDEN_INDICATORS:
        indicator = services.indicator_save(
            measure=measures[number], acting_user=None, name=name, unit=unit,
            baseline=Decimal(baseline), target=Decimal(target),
        )  # fmt: skip
        for measured_on, value in values:
            services.indicator_value_add(
                indicator=indicator, value=Decimal(value), acting_user=None,
                measured_on=datetime.date.fromisoformat(measured_on),
            )  # fmt: skip


# The small plans: guidelines and fields of action -> goals -> measures. A measure names its
# responsible organisation and partners by name; "due" is the report date in days from today.
BERGKAMEN = {
    "guidelines": [
        ("Potentiale der Vielfalt",
         "Integrationsarbeit betont das Verbindende, nicht das Trennende. Im Mittelpunkt stehen "
         "die mittel Erreichbaren; die gut Erreichbaren wirken als Verstärker."),
    ],
    "fields": [
        ("PV", "Potentiale der Vielfalt",
         "Die Marke der Steuerungsgruppe für das Kommunale Integrationsmanagement.", [
            ("Jugendliche als Kern-Zielgruppe beteiligen", [
                {"title": "Veranstaltung von Jugendlichen für Jugendliche",
                 "description": "Jugendliche planen die erste Veranstaltung unter der Marke "
                 "„Potentiale der Vielfalt“; die Steuerungsgruppe begleitet die Vorbereitung.",
                 "org": "Kommunales Integrationszentrum",
                 "partners": ["Schulen in Bergkamen", "Moscheeverein Bergkamen"],
                 "groups": ["Jugendliche"], "status": S.DONE, "progress": 100,
                 "starts_on": _date(2019, 11), "ends_on": _date(2020, 2, 15)},
                {"title": "Gut Erreichbare als Verstärker gewinnen",
                 "description": "Engagierte Jugendliche und Vereine sprechen Gleichaltrige an, "
                 "die bisher nur mittelbar erreicht werden.",
                 "org": "Kommunales Integrationszentrum", "partners": ["Moscheeverein Bergkamen"],
                 "groups": ["Jugendliche"], "status": S.IN_PROGRESS, "progress": 40,
                 "starts_on": _date(2020, 3), "due": -14},
            ]),
            ("Mehrsprachigkeit in Kitas als Potential nutzen", [
                {"title": "Workshops zur Mehrsprachigkeit in Kindertagesstätten",
                 "description": "Workshops für Fachkräfte und Eltern: Familiensprachen als "
                 "Stärke im Kita-Alltag.",
                 "org": "Kindertagesstätten in Bergkamen",
                 "partners": ["Kommunales Integrationszentrum"], "groups": ["Kinder", "Familien"],
                 "status": S.PREPARING, "progress": 15, "starts_on": _date(2020, 4),
                 "ends_on": _date(2020, 12, 31), "due": 21},
            ]),
            ("Das Format auf weitere Zielgruppen übertragen", [
                {"title": "Veranstaltung mit und für Seniorinnen und Senioren",
                 "description": "Die Erfahrungen aus der Jugendveranstaltung auf ein Format "
                 "für ältere Menschen übertragen.",
                 "org": "Stadtverwaltung Bergkamen", "groups": ["Senioren"],
                 "status": S.PLANNED, "progress": 0, "published": False},
                {"title": "Steuerungsgruppe als Netzwerk verstetigen",
                 "description": "Die Steuerungsgruppe trifft sich weiter regelmäßig, begleitet "
                 "von der Verwaltung.",
                 "org": "Stadtverwaltung Bergkamen",
                 "partners": ["Kommunales Integrationszentrum"], "groups": [],
                 "status": S.ESTABLISHED, "progress": 100, "starts_on": _date(2019, 9),
                 "reachability": ""},
            ]),
        ]),
    ],
    "defaults": {"funding_source": FundingSource.OTHER, "reachability": Reachability.MEDIUM,
                 "working_group": "Steuerungsgruppe Kommunales Integrationsmanagement"},
}  # fmt: skip

BENSHEIM = {
    "guidelines": [
        ("Vielfalt gemeinsam gestalten",
         "Ein Miteinander, das von Respekt und Toleranz geprägt ist: Haupt- und Ehrenamt "
         "arbeiten im Vielfalt-Netzwerk zusammen."),
    ],
    "fields": [
        ("BV", "Begegnung und Vielfalt", "", [
            ("Begegnungsräume ausbauen und Vielfalt sichtbar machen", [
                {"title": "Begegnungsräume und Treffpunkte ausbauen",
                 "description": "Offene Treffpunkte im Integrationszentrum und in den Stadtteilen.",
                 "org": "Integrationszentrum Hauptstraße 53",
                 "partners": ["Ehrenamtsinitiative Willkommen in Bensheim"],
                 "groups": ["Alle Einwohnerinnen und Einwohner"], "status": S.IN_PROGRESS,
                 "progress": 55, "starts_on": _date(2024, 1), "budget": 6000},
                {"title": "Interkulturelles Fest etablieren",
                 "description": "Ein jährliches Fest, getragen vom Rat der Religionen.",
                 "org": "Rat der Religionen Bensheim", "partners": ["Jugendforum Bensheim"],
                 "groups": ["Familien"], "status": S.IN_PROGRESS, "progress": 60,
                 "starts_on": _date(2024, 5), "budget": 4500, "due": -7},
                {"title": "Angebote zur Vielfalt öffentlich bekannt machen",
                 "description": "Gemeinsamer Kalender und Öffentlichkeitsarbeit des Netzwerks.",
                 "org": "Stadtverwaltung Bensheim, Team Soziales und Integration",
                 "groups": ["Alle Einwohnerinnen und Einwohner"], "status": S.PREPARING,
                 "progress": 10, "starts_on": _date(2026, 9)},
            ]),
        ]),
        ("AW", "Arbeit und Wirtschaft", "", [
            ("Arbeitsmarkt transparent machen und vernetzen", [
                {"title": "Angebote des Arbeitsmarktes transparent machen",
                 "description": "Übersicht über Beratung, Qualifizierung und offene Stellen.",
                 "org": "Agentur für Arbeit Bensheim",
                 "partners": ["Integrationszentrum Hauptstraße 53"],
                 "groups": ["Arbeitsuchende", "Drittstaatsangehörige"], "status": S.IN_PROGRESS,
                 "progress": 35, "starts_on": _date(2025, 10), "ends_on": _date(2028, 9, 30),
                 "funding_source": FundingSource.KISI_AMIF, "due": 14},
                {"title": "Wirtschaft und Arbeitsuchende mit Migrationsgeschichte vernetzen",
                 "description": "Treffen von Betrieben und Arbeitsuchenden, begleitet von den "
                 "Integrations-Guides.",
                 "org": "Integrationszentrum Hauptstraße 53",
                 "partners": ["Agentur für Arbeit Bensheim"], "groups": ["Arbeitsuchende"],
                 "status": S.PLANNED, "progress": 0, "starts_on": _date(2027, 3),
                 "funding_source": FundingSource.KISI_AMIF, "published": False},
            ]),
        ]),
    ],
    "defaults": {"funding_source": FundingSource.WIR,
                 "working_group": "Follow-up-Veranstaltung Vielfalts- und Integrationskonzept"},
}  # fmt: skip

WEITERSTADT = {
    "guidelines": [
        ("Vielfalt ist eine Chance",
         "Die Vielfalt der Lebensentwürfe prägt alle Bereiche des gesellschaftlichen Lebens. "
         "Sie bereichert die Stadt, wenn es gelingt, die vorhandenen Potentiale zu entfalten."),
        ("Teilhabe aller stärkt die Demokratie",
         "Gelingende Integration ist Teil einer Offensive für die Teilhabe aller, unabhängig von "
         "Geschlecht, Herkunft, Religion oder sozialem Status. Beteiligung vor Ort ist das beste "
         "Bollwerk gegen demokratiefeindliche Tendenzen."),
    ],
    "fields": [
        ("LV", "Leitlinien und Vernetzung", "", [
            ("Einen gemeinsamen konzeptionellen Rahmen schaffen", [
                {"title": "Leitlinien für die Zusammenarbeit erarbeiten",
                 "description": "Leitlinien für Verwaltung, Kommunalpolitik und "
                 "Zivilgesellschaft, aufbauend auf „Wir sind Weiterstadt“.",
                 "org": "Fachbereich Gesellschaft und Bildung", "partners": ["Präventionsrat"],
                 "groups": ["Alle Einwohnerinnen und Einwohner"], "status": S.DONE,
                 "progress": 100, "starts_on": _date(2020, 1), "ends_on": _date(2021, 6, 30)},
                {"title": "Bündnis für Vielfalt verstetigen",
                 "description": "Regelmäßige Treffen aller Akteure des Bündnisses.",
                 "org": "Fachbereich Gesellschaft und Bildung", "groups": [],
                 "status": S.ESTABLISHED, "progress": 100, "starts_on": _date(2020, 11, 30)},
                {"title": "Stadtgespräche zu gesellschaftlichen Themen",
                 "description": "Partizipative Veranstaltungsreihe des Bündnisses für Vielfalt.",
                 "org": "Präventionsrat", "partners": ["Ausländerbeirat"],
                 "groups": ["Alle Einwohnerinnen und Einwohner"], "status": S.IN_PROGRESS,
                 "progress": 50, "starts_on": _date(2022, 3), "due": 30},
            ]),
        ]),
        ("VM", "Vielfaltsmanagement", "", [
            ("Die Umsetzung dauerhaft steuern", [
                {"title": "Schnittstellenmanagement für die Vielfaltsstrategie einrichten",
                 "description": "Steuerung der Maßnahmen und Pflege der Netzwerke.",
                 "org": "Fachbereich Gesellschaft und Bildung", "groups": [],
                 "status": S.IN_PROGRESS, "progress": 70, "starts_on": _date(2021, 1),
                 "budget": 15000},
                {"title": "Engagement im Alltag sichtbar machen",
                 "description": "Porträts von Haupt- und Ehrenamtlichen in der Stadtzeitung.",
                 "org": "Weiterstädter Ehrenamtsagentur", "groups": ["Ehrenamtliche"],
                 "status": S.IN_PROGRESS, "progress": 30, "starts_on": _date(2025, 2),
                 "due": -5},
            ]),
        ]),
    ],
    "defaults": {"funding_source": FundingSource.WIR,
                 "working_group": "Vielfalts- und Integrationsstrategie „Weiterstadt WIRkt!“"},
}  # fmt: skip


def _small_plan(town, plan: dict) -> None:
    organisations = {o.name: o for o in Organisation.objects.for_municipality(town)}
    groups = {g.name: g for g in TargetGroup.objects.for_municipality(town)}
    defaults = plan["defaults"]
    today = timezone.localdate()
    for position, (title, text) in enumerate(plan["guidelines"]):
        services.guideline_save(
            municipality=town, acting_user=None, title=title, text=text, position=position
        )
    goal_position = 0
    for position, (code, name, description, goals) in enumerate(plan["fields"]):
        field = services.field_of_action_save(
            municipality=town, acting_user=None, name=name, code=code, description=description,
            position=position,
        )  # fmt: skip
        number = 0
        for goal_title, measures in goals:
            goal = services.goal_save(
                municipality=town, acting_user=None, field_of_action=field, title=goal_title,
                position=goal_position,
            )  # fmt: skip
            goal_position += 1
            for spec in measures:
                number += 1
                due = spec.get("due")
                services.measure_save(
                    municipality=town,
                    acting_user=None,
                    goal=goal,
                    number=f"{code}-{number:02d}",
                    title=spec["title"],
                    description=spec["description"],
                    responsible_organisation=organisations[spec["org"]],
                    partners=[organisations[p] for p in spec.get("partners", [])],
                    target_groups=[groups[g] for g in spec["groups"]],
                    reachability_focus=spec.get("reachability", defaults.get("reachability", "")),
                    working_group=defaults["working_group"],
                    starts_on=spec.get("starts_on"),
                    ends_on=spec.get("ends_on"),
                    budget=Decimal(spec["budget"]) if "budget" in spec else None,
                    funding_source=spec.get("funding_source", defaults["funding_source"]),
                    status=spec["status"],
                    progress=spec["progress"],
                    is_published=spec.get("published", True),
                    report_due_on=today + datetime.timedelta(days=due) if due else None,
                )


def load() -> list:
    slugs = ["bensheim", "bergkamen", "minden", "weiterstadt"]
    towns = {t.slug: t for t in Municipality.objects.filter(slug__in=slugs)}
    if len(towns) < 4:
        return []
    builders = {
        "minden": _minden,
        "bergkamen": lambda town: _small_plan(town, BERGKAMEN),
        "bensheim": lambda town: _small_plan(town, BENSHEIM),
        "weiterstadt": lambda town: _small_plan(town, WEITERSTADT),
    }
    for slug, build in builders.items():
        if not FieldOfAction.objects.for_municipality(towns[slug]).exists():
            build(towns[slug])
    return []
