# ruff: noqa: E501 -- the demo table reads best one offering per block
"""The offerings directory of the demo towns, written through the services as the system.

Bensheim (seed 000) gets meeting places and the offerings its network coordinates, among them
the Integrationszentrum Hauptstraße 53; Minden (seed 002), Bergkamen (seed 001) and
Weiterstadt (seed 004) a handful each. Addresses are real streets of those towns, the times,
people and details are fictional. One Bensheim offering waits for approval, one has a pending
change and one has not been verified for over a year, so the review pages have something to
show. A town that already has offerings is left alone.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from miteinander.actionplan.models import FieldOfAction
from miteinander.municipalities.models import Municipality
from miteinander.network.models import Organisation, TargetGroup

from . import services
from .models import DirectorySettings, District, Offering, OfferingKind
from .services import OfferingContent

T = datetime.time
User = get_user_model()

DISTRICTS = {
    "bensheim": ["Kernstadt", "Auerbach", "Schönberg", "Zell", "Fehlheim", "Gronau"],
    "minden": ["Innenstadt", "Bärenkämpen", "Rodenbeck", "Dankersen", "Königstor"],
    "bergkamen": ["Bergkamen-Mitte", "Oberaden", "Weddinghofen", "Rünthe", "Overberge"],
    "weiterstadt": ["Kernstadt", "Gräfenhausen", "Braunshardt", "Schneppenhausen", "Riedbahn"],
}
MAP_CENTRES = {
    "bensheim": (Decimal("49.681"), Decimal("8.620")),
    "minden": (Decimal("52.289"), Decimal("8.916")),
    "bergkamen": (Decimal("51.616"), Decimal("7.636")),
    "weiterstadt": (Decimal("49.904"), Decimal("8.590")),
}

# town: [(provider, kind, title, description, district, street, postcode, lat, lon,
#         target groups, languages, weekly hours [(weekday, opens, closes)], extra fields,
#         translations {language: (title, description)})]
OFFERINGS = {
    "bensheim": [
        ("Integrationszentrum Hauptstraße 53", "Beratung", "Migrationsberatung im Integrationszentrum",
         "Beratung zu Aufenthalt, Sprachkursen, Wohnung, Arbeit und Anerkennung von "
         "Abschlüssen. Wir sprechen Arabisch, Farsi, Ukrainisch und Englisch.",
         "Kernstadt", "Hauptstraße 53", "64625", "49.6805", "8.6196",
         ["Drittstaatsangehörige", "Geflüchtete", "Neuzugewanderte"], ["de", "ar", "fa", "uk", "en"],
         [(0, T(9), T(12)), (1, T(9), T(12)), (3, T(14), T(17)), (4, T(9), T(12))],
         {"registration_required": True,
          "how_to_register": "Termin telefonisch oder im Büro; offene Sprechstunde dienstags.",
          "step_free": True, "email": "integration@bensheim.example.org",
          "phone": "06251 14-0"},
         {"ar": ("استشارة الهجرة في مركز الاندماج",
                 "استشارة حول الإقامة ودورات اللغة والسكن والعمل والاعتراف بالشهادات."),
          "uk": ("Міграційна консультація в Центрі інтеграції",
                 "Консультації щодо перебування, мовних курсів, житла, роботи та визнання "
                 "дипломів."),
          "fa": ("مشاوره مهاجرت در مرکز ادغام", "مشاوره درباره اقامت، کلاس زبان، مسکن و کار."),
          "en": ("Migration counselling at the Integration Centre",
                 "Advice on residence, language courses, housing, work and recognition of "
                 "qualifications.")}),
        ("Ehrenamtsinitiative Willkommen in Bensheim", "Begegnung und Treffpunkt",
         "Sprachcafé am Marktplatz",
         "Deutsch sprechen üben bei Kaffee und Tee, ohne Anmeldung. Ehrenamtliche helfen bei "
         "Briefen und Formularen.",
         "Kernstadt", "Marktplatz 13", "64625", "49.6811", "8.6179",
         ["Drittstaatsangehörige", "Geflüchtete", "Alle Einwohnerinnen und Einwohner"],
         ["de", "ar", "fa"], [(2, T(15), T(17, 30))],
         {"room_capacity": 30, "step_free": True},
         {"ar": ("مقهى اللغة في ساحة السوق", "تدرّب على التحدث بالألمانية مع القهوة والشاي."),
          "en": ("Language café at the market square",
                 "Practise speaking German over coffee and tea; no registration.")}),
        ("Rat der Religionen Bensheim", "Begegnung und Treffpunkt", "Interreligiöser Treffpunkt",
         "Ein offener Raum für Gespräche zwischen Menschen verschiedener Religionen und "
         "Weltanschauungen, jeden ersten Donnerstag im Monat mit Themenabend.",
         "Auerbach", "Bachgasse 45", "64625", "49.7006", "8.6231",
         ["Alle Einwohnerinnen und Einwohner", "Familien"], ["de", "tr", "ar"],
         [(3, T(18), T(20, 30))], {"room_capacity": 45},
         {"tr": ("Dinlerarası buluşma noktası",
                 "Farklı dinlerden insanlar arasında sohbet için açık bir alan.")}),
        ("Agentur für Arbeit Bensheim", "Arbeit und Ausbildung",
         "Sprechstunde Arbeit und Anerkennung",
         "Erste Orientierung zu Arbeitssuche, Ausbildung und Anerkennung ausländischer "
         "Berufsabschlüsse; bitte Unterlagen mitbringen.",
         "Kernstadt", "Rodensteinstraße 7", "64625", "49.6789", "8.6122",
         ["Arbeitsuchende", "Drittstaatsangehörige"], ["de", "en"],
         [(1, T(13), T(16))], {"registration_required": True,
                               "how_to_register": "Anmeldung über die Service-Hotline."},
         {"en": ("Office hour: work and recognition",
                 "First orientation on job search, training and recognition of foreign "
                 "qualifications.")}),
        ("Jugendforum Bensheim", "Freizeit, Kultur, Sport", "Offener Jugendtreff Weststadt",
         "Kicker, Musik, Hausaufgabenhilfe und Ausflüge für Jugendliche von 12 bis 18 Jahren.",
         "Kernstadt", "Wilhelmstraße 62", "64625", "49.6772", "8.6079",
         ["Jugendliche"], ["de", "en", "tr"], [(0, T(15), T(19)), (2, T(15), T(19)),
                                               (4, T(15), T(21))], {}, {}),
        ("Stadtverwaltung Bensheim, Team Soziales und Integration", "Kinder und Familie",
         "Elterncafé in der Kita Schönberg",
         "Eltern treffen sich, tauschen sich aus und erfahren mehr über Schule und Kita in "
         "Deutschland. Kinderbetreuung ist da.",
         "Schönberg", "Schönberger Straße 10", "64625", "49.6837", "8.6421",
         ["Familien", "Kinder", "Frauen"], ["de", "ru", "uk"], [(4, T(9), T(11))],
         {}, {"uk": ("Батьківське кафе в дитсадку Шенберг",
                     "Батьки зустрічаються та дізнаються більше про школу й дитсадок.")}),
        ("Ehrenamtsinitiative Willkommen in Bensheim", "Ehrenamt", "Patenschaften für Neuangekommene",
         "Ehrenamtliche begleiten neu zugewanderte Familien in den ersten Monaten: Behörden, "
         "Arzt, Schule, Freizeit. Wir suchen auch neue Patinnen und Paten!",
         "Kernstadt", "Hauptstraße 53", "64625", "49.6805", "8.6196",
         ["Neuzugewanderte", "Familien", "Ehrenamtliche"], ["de", "en", "ar"], [],
         {"schedule_kind": "on_request", "email": "paten@willkommen-bensheim.example.org"}, {}),
        ("Integrationszentrum Hauptstraße 53", "Sprachkurs", "Deutschkurs für Frauen mit Kinderbetreuung",
         "Alltagsdeutsch auf A1/A2-Niveau, zweimal pro Woche vormittags; kleine Kinder werden "
         "nebenan betreut.",
         "Kernstadt", "Hauptstraße 53", "64625", "49.6805", "8.6196",
         ["Frauen", "Drittstaatsangehörige"], ["de"], [(1, T(9), T(11, 30)), (3, T(9), T(11, 30))],
         {"is_free": False, "cost": "20 € im Monat, mit Bensheim-Pass frei",
          "registration_required": True, "how_to_register": "Anmeldung im Integrationszentrum."},
         {"ar": ("دورة ألمانية للنساء مع رعاية الأطفال", "اللغة الألمانية اليومية بمستوى A1/A2."),
          "fa": ("کلاس آلمانی برای زنان با مراقبت از کودک", "آلمانی روزمره در سطح A1/A2.")}),
        ("Stadtverwaltung Bensheim, Team Soziales und Integration", "Gesundheit",
         "Gesundheitslotsinnen: Sprechstunde",
         "Geschulte Lotsinnen erklären, wie Arztpraxen, Krankenkasse und Vorsorge in "
         "Deutschland funktionieren, auf Türkisch, Russisch und Arabisch.",
         "Fehlheim", "Fehlheimer Straße 40", "64625", "49.7057", "8.5802",
         ["Drittstaatsangehörige", "Senioren"], ["de", "tr", "ru", "ar"], [(0, T(16), T(18))],
         {}, {}),
        ("Rat der Religionen Bensheim", "Bildung", "Online-Gesprächsreihe „Glauben im Alltag“",
         "Monatliche Videokonferenz mit Gästen aus den Gemeinden; der Link kommt nach "
         "Anmeldung per E-Mail.",
         None, "", "", None, None, ["Alle Einwohnerinnen und Einwohner"], ["de"], [],
         {"is_online": True, "schedule_kind": "sessions", "registration_required": True,
          "how_to_register": "E-Mail an den Rat der Religionen.",
          "website": "https://rat-der-religionen.example.org"}, {}),
    ],
    "minden": [
        ("Moschee- und Kulturverein Minden", "Begegnung und Treffpunkt", "Offene Moschee am Samstag",
         "Führungen, Tee und Gespräche für alle, die die Gemeinde kennenlernen möchten.",
         "Innenstadt", "Stiftsallee 31", "32425", "52.2931", "8.9043",
         ["Alle Einwohnerinnen und Einwohner"], ["de", "tr", "ar"], [(5, T(14), T(17))],
         {"room_capacity": 80}, {"tr": ("Cumartesi açık cami", "Herkes için rehberli tur ve çay.")}),
        ("Sozialdienste Minden", "Beratung", "Sozialberatung für Zugewanderte",
         "Hilfe bei Anträgen, Schulden, Wohnungssuche und Familienfragen, auf Deutsch und "
         "Russisch.",
         "Bärenkämpen", "Bärenkämpen 2", "32425", "52.3071", "8.8992",
         ["Drittstaatsangehörige", "Familien"], ["de", "ru"], [(0, T(9), T(12)), (2, T(13), T(16))],
         {}, {"ru": ("Социальная консультация для мигрантов",
                     "Помощь с заявлениями, долгами, поиском жилья и семейными вопросами.")}),
        ("Mindener Bildungseinrichtungen", "Sprachkurs", "Integrationskurs mit Alphabetisierung",
         "Integrationskurs nach BAMF-Vorgaben für Menschen, die noch nicht in lateinischer "
         "Schrift lesen und schreiben.",
         "Innenstadt", "Königswall 99", "32423", "52.2868", "8.9137",
         ["Drittstaatsangehörige", "Geflüchtete"], ["de"], [(0, T(8, 30), T(12, 30)),
                                                         (1, T(8, 30), T(12, 30)),
                                                         (2, T(8, 30), T(12, 30))],
         {"registration_required": True, "how_to_register": "Über die Ausländerbehörde oder "
          "das Jobcenter."}, {}),
        ("Kirchengemeinden Minden", "Begegnung und Treffpunkt", "Begegnungscafé Dankersen",
         "Nachbarschaftscafé mit Kuchen, Spielen und Hilfe bei kleinen Alltagsfragen.",
         "Dankersen", "Dankerser Straße 150", "32423", "52.2699", "8.9453",
         ["Senioren", "Familien", "Alle Einwohnerinnen und Einwohner"], ["de"], [(2, T(15), T(17))],
         {"room_capacity": 25, "step_free": True}, {}),
    ],
    "bergkamen": [
        ("Kommunales Integrationszentrum", "Kinder und Familie", "Rucksack-Elternprogramm",
         "Mütter und Väter stärken die Sprachentwicklung ihrer Kinder in Deutsch und in der "
         "Familiensprache.",
         "Bergkamen-Mitte", "Rathausplatz 1", "59192", "51.6164", "7.6364",
         ["Familien", "Kinder"], ["de", "tr", "ar"], [(1, T(9), T(11))], {},
         {"tr": ("Rucksack veli programı", "Anne ve babalar çocuklarının dil gelişimini destekler.")}),
        ("Moscheeverein Bergkamen", "Bildung", "Hausaufgabenhilfe im Gemeindehaus",
         "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben, nach der Schule.",
         "Oberaden", "Jahnstraße 30", "59192", "51.5933", "7.5922",
         ["Kinder", "Jugendliche"], ["de", "tr"], [(0, T(14), T(16)), (3, T(14), T(16))], {}, {}),
        ("Schulen in Bergkamen", "Freizeit, Kultur, Sport", "Mitternachtssport Weddinghofen",
         "Fußball und Basketball für Jugendliche am Freitagabend in der Sporthalle.",
         "Weddinghofen", "Am Wiehagen 10", "59192", "51.6211", "7.6129",
         ["Jugendliche"], ["de"], [(4, T(20), T(23, 30))], {}, {}),
    ],
    "weiterstadt": [
        ("Weiterstädter Ehrenamtsagentur", "Ehrenamt", "Ehrenamtsbörse: Engagement finden",
         "Wir vermitteln ehrenamtliche Aufgaben, zum Beispiel als Sprachpatin, Lesepate oder "
         "im Begegnungscafé.",
         "Kernstadt", "Carl-Ulrich-Straße 9", "64331", "49.9040", "8.5877",
         ["Ehrenamtliche", "Alle Einwohnerinnen und Einwohner"], ["de", "en"], [(2, T(10), T(12))],
         {}, {"en": ("Volunteering exchange", "We match volunteers with tasks in town.")}),
        ("Ökumenischer Arbeitskreis Asyl", "Begegnung und Treffpunkt", "Café International Gräfenhausen",
         "Treffpunkt für Geflüchtete und Einheimische, mit Kleiderstube und Fahrradwerkstatt.",
         "Gräfenhausen", "Schulstraße 12", "64331", "49.9341", "8.6046",
         ["Geflüchtete", "Alle Einwohnerinnen und Einwohner"], ["de", "ar", "fa", "ti"],
         [(5, T(14), T(17))], {"room_capacity": 40}, {}),
    ],
}  # fmt: skip


def _districts(town) -> dict[str, District]:
    for position, name in enumerate(DISTRICTS[town.slug]):
        District.objects.for_municipality(town).get_or_create(
            name=name, defaults={"municipality": town, "position": position}
        )
    return {d.name: d for d in District.objects.for_municipality(town)}


def _content(town, row, districts) -> OfferingContent:
    (provider, kind, title, description, district, street, postcode, lat, lon, groups, languages,
     hours, extra, translations) = row  # fmt: skip
    organisations = Organisation.objects.for_municipality(town)
    fields = {
        "provider": organisations.get(name=provider),
        "kind": OfferingKind.objects.for_municipality(town).get(name=kind),
        "title": title,
        "description": description,
        "district": districts.get(district),
        "street": street,
        "postcode": postcode,
        "city": town.name if street else "",
        "latitude": Decimal(lat) if lat else None,
        "longitude": Decimal(lon) if lon else None,
        "languages": languages,
        "field_of_action": FieldOfAction.objects.for_municipality(town).first(),
        **extra,
    }
    sessions = []
    if fields.get("schedule_kind") == "sessions":
        first = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0)
        sessions = [
            {"starts_at": first + datetime.timedelta(weeks=4 * n + 1),
             "ends_at": first + datetime.timedelta(weeks=4 * n + 1, hours=1, minutes=30),
             "note": ""}
            for n in range(3)
        ]  # fmt: skip
    return OfferingContent(
        fields=fields,
        target_groups=list(TargetGroup.objects.for_municipality(town).filter(name__in=groups)),
        translations=[
            {"language": code, "title": t, "description": d}
            for code, (t, d) in translations.items()
        ],
        opening_hours=[{"weekday": w, "opens": o, "closes": c} for w, o, c in hours],
        exceptions=[
            {
                "starts_on": datetime.date(2026, 12, 23),
                "ends_on": datetime.date(2027, 1, 2),
                "opens": None,
                "closes": None,
                "note": "Weihnachtspause",
            }
        ]
        if hours
        else [],  # fmt: skip
        sessions=sessions,
    )


def load() -> list:
    for slug, rows in OFFERINGS.items():
        town = Municipality.objects.filter(slug=slug).first()
        if town is None or Offering.objects.for_municipality(town).exists():
            continue
        services.directory_setup(municipality=town)
        latitude, longitude = MAP_CENTRES[slug]
        DirectorySettings.objects.for_municipality(town).update(
            map_latitude=latitude, map_longitude=longitude, map_zoom=14
        )
        districts = _districts(town)
        for row in rows:
            services.offering_save(
                municipality=town, acting_user=None, content=_content(town, row, districts),
                publish=True,
            )  # fmt: skip
        if slug == "bensheim":
            _review_examples(town, districts)
    return []


def _review_examples(town, districts) -> None:
    """Something for coordination's review pages: waiting, a pending change, a stale entry.

    The demo partner (who edits for the Rat der Religionen) submits a new offering and a change.
    """
    partner = User.objects.filter(email="partner@bensheim.example.org").first()
    if partner is None:
        return
    row = (
        "Rat der Religionen Bensheim", "Begegnung und Treffpunkt", "Interkulturelles Frauenfrühstück",
        "Frauen aus allen Kulturen frühstücken gemeinsam und planen das Interkulturelle Fest.",
        "Zell", "Kirchbergstraße 8", "64625", "49.6880", "8.6370", ["Frauen"], ["de", "tr", "ar"],
        [(5, T(10), T(12))], {"room_capacity": 20}, {},
    )  # fmt: skip
    services.offering_save(
        municipality=town, acting_user=partner, content=_content(town, row, districts),
        publish=True,
    )  # fmt: skip
    offerings = Offering.objects.for_municipality(town)
    changed = _content(town, OFFERINGS["bensheim"][2], districts)
    changed.opening_hours = [{"weekday": 3, "opens": T(18, 30), "closes": T(21)}]
    services.offering_save(
        municipality=town, acting_user=partner, content=changed, publish=True,
        offering=offerings.get(title="Interreligiöser Treffpunkt"),
    )  # fmt: skip
    offerings.filter(title="Gesundheitslotsinnen: Sprechstunde").update(
        last_verified_on=timezone.localdate() - datetime.timedelta(days=400)
    )
