"""Fill a database with one town's calendar of events for the feed benchmark.

    python -m bench.generate_events --db sqlite --events 2000 --repeating 200 --seed 9

drops and recreates the events benchmark's own database (see `use_own_databases`; never the
installation's, nor the directory benchmark's), migrates it and fills it. `generate()` alone
fills whatever database Django is set up with (the smoke test uses the test database).

The town (Bensheim) is created like the platform admin creates a town and gets its providers
and meeting places from `bench.generate_offerings`; the events are bulk-inserted in the rows
`services.event_save` would write: published (a few cancelled), `series_ends_at` from the
rule, normalised rules, sorted left-out dates. Every 100th event is checked with `full_clean()`
before it is written. Dates lie between three weeks ago and a year ahead, so nearly every event
is in the town's feed (which keeps the last 30 days). The same seed gives the same calendar.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
import uuid
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from . import common
from . import vocabulary as words

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_EVENTS = 2_000
DEFAULT_REPEATING = 200
DEFAULT_DRAFTS = 100
DEFAULT_SEED = 9
TOWN = "bensheim"

# What events are: kind (EventKind.DEFAULTS), German title, titles in en/ar/tr/uk/ru/fa, target
# groups (TargetGroup.DEFAULTS), languages spoken, share free of charge, weight.
EVENTS = [
    ("Fest", "Interkulturelles Stadtfest",
     ["Intercultural town festival", "مهرجان المدينة بين الثقافات",
      "Kültürlerarası şehir festivali", "Міжкультурне міське свято",
      "Межкультурный городской праздник", "جشن میان‌فرهنگی شهر"],
     ["Alle Einwohnerinnen und Einwohner", "Familien"], ["de"], 1.0, 4),
    ("Fest", "Nachbarschaftsfest",
     ["Neighbourhood party", "حفلة الجيران", "Komşuluk şenliği", "Сусідське свято",
      "Соседский праздник", "جشن همسایگی"],
     ["Alle Einwohnerinnen und Einwohner"], ["de", "tr"], 1.0, 4),
    ("Konferenz", "Integrationskonferenz",
     ["Integration conference", "مؤتمر الاندماج", "Entegrasyon konferansı",
      "Конференція з інтеграції", "Конференция по интеграции", "همایش ادغام"],
     ["Ehrenamtliche", "Alle Einwohnerinnen und Einwohner"], ["de"], 1.0, 2),
    ("Workshop", "Workshop Mehrsprachigkeit in der Kita",
     ["Workshop: multilingualism in day care", "ورشة التعدد اللغوي في الروضة",
      "Kreşte çok dillilik atölyesi", "Семінар: багатомовність у дитсадку",
      "Семинар: многоязычие в детском саду", "کارگاه چندزبانگی در مهدکودک"],
     ["Familien", "Kinder"], ["de"], 0.9, 5),
    ("Workshop", "Bewerbungstraining",
     ["Job application training", "تدريب على طلبات العمل", "Başvuru eğitimi",
      "Тренінг з подання заявок", "Тренинг по составлению резюме", "آموزش درخواست کار"],
     ["Arbeitsuchende", "Neuzugewanderte"], ["de", "ar"], 1.0, 5),
    ("Beteiligungsveranstaltung", "Bürgerdialog Vielfalt",
     ["Citizens' dialogue on diversity", "حوار المواطنين حول التنوع",
      "Çeşitlilik vatandaş diyaloğu",
      "Громадський діалог про різноманіття", "Гражданский диалог о многообразии",
      "گفت‌وگوی شهروندی درباره تنوع"],
     ["Alle Einwohnerinnen und Einwohner"], ["de"], 1.0, 3),
    ("Beteiligungsveranstaltung", "Jugendforum",
     ["Youth forum", "منتدى الشباب", "Gençlik forumu", "Молодіжний форум", "Молодёжный форум",
      "انجمن جوانان"],
     ["Jugendliche"], ["de"], 1.0, 3),
    ("Netzwerktreffen", "Netzwerktreffen Bündnis für Vielfalt",
     ["Network meeting of the alliance for diversity", "اجتماع شبكة تحالف التنوع",
      "Çeşitlilik ittifakı ağ toplantısı", "Зустріч мережі «Альянс за різноманіття»",
      "Встреча сети «Альянс за многообразие»", "نشست شبکه ائتلاف برای تنوع"],
     ["Ehrenamtliche"], ["de"], 1.0, 4),
    ("Kurs", "Deutsch im Alltag",
     ["German for everyday life", "الألمانية في الحياة اليومية", "Günlük hayatta Almanca",
      "Німецька в повсякденні", "Немецкий в повседневной жизни", "آلمانی در زندگی روزمره"],
     ["Neuzugewanderte", "Geflüchtete"], ["de"], 0.6, 6),
    ("Kurs", "Nähkurs für Frauen",
     ["Sewing course for women", "دورة خياطة للنساء", "Kadınlar için dikiş kursu",
      "Курс шиття для жінок", "Курс шитья для женщин", "دوره خیاطی برای زنان"],
     ["Frauen"], ["de", "ar", "fa"], 0.5, 3),
    ("Vortrag", "Vortrag: Anerkennung ausländischer Abschlüsse",
     ["Talk: recognition of foreign qualifications", "محاضرة: الاعتراف بالشهادات الأجنبية",
      "Konferans: yabancı diplomaların tanınması", "Лекція: визнання іноземних дипломів",
      "Лекция: признание иностранных дипломов", "سخنرانی: به رسمیت شناختن مدارک خارجی"],
     ["Drittstaatsangehörige", "Arbeitsuchende"], ["de"], 1.0, 4),
    ("Vortrag", "Informationsabend Schule in Deutschland",
     ["Information evening: school in Germany", "أمسية معلومات: المدرسة في ألمانيا",
      "Bilgi akşamı: Almanya'da okul", "Інформаційний вечір: школа в Німеччині",
      "Информационный вечер: школа в Германии", "شب اطلاع‌رسانی: مدرسه در آلمان"],
     ["Familien", "Neuzugewanderte"], ["de", "ar", "uk"], 1.0, 4),
    ("Ausstellung", "Ausstellung: Wege nach Bensheim",
     ["Exhibition: paths to Bensheim", "معرض: طرق إلى بنسهايم", "Sergi: Bensheim'a giden yollar",
      "Виставка: шляхи до Бенсгайма", "Выставка: пути в Бенсхайм", "نمایشگاه: راه‌ها به بنسهایم"],
     ["Alle Einwohnerinnen und Einwohner"], ["de"], 0.8, 2),
    ("Sonstiges", "Sprachcafé",
     ["Language café", "مقهى اللغة", "Dil kafesi", "Мовне кафе", "Языковое кафе", "کافه زبان"],
     ["Neuzugewanderte", "Ehrenamtliche"], ["de", "en"], 1.0, 5),
    ("Sonstiges", "Seniorentreff international",
     ["International seniors' meeting", "لقاء كبار السن الدولي", "Uluslararası yaşlılar buluşması",
      "Міжнародна зустріч людей похилого віку", "Международная встреча пожилых",
      "دورهمی بین‌المللی سالمندان"],
     ["Senioren"], ["de", "ru", "tr"], 1.0, 3),
]  # fmt: skip

DESCRIPTIONS = [
    "Alle sind herzlich eingeladen, Eintritt und Getränke sind frei.",
    "Bitte melden Sie sich bis eine Woche vorher an.",
    "Die Veranstaltung wird in einfache Sprache übertragen.",
    "Für Kinder gibt es ein eigenes Programm.",
    "Wir sammeln Ihre Ideen und Wünsche für das Zusammenleben in {town}.",
    "Der Raum ist stufenlos erreichbar.",
    "Veranstaltet im Rahmen des Integrationskonzepts der Stadt {town}.",
    "Mit Musik, Essen aus vielen Ländern und Mitmachangeboten.",
]
TRANSLATED_DESCRIPTIONS = {
    "en": "Everyone is welcome. Please ask us if you need help with registration.",
    "ar": "الجميع مرحب بهم. اسألونا إذا احتجتم إلى مساعدة في التسجيل.",
    "tr": "Herkes davetlidir. Kayıt için yardıma ihtiyacınız varsa bize sorun.",
    "uk": "Ласкаво просимо всіх. Звертайтеся, якщо потрібна допомога з реєстрацією.",
    "ru": "Мы рады всем. Обращайтесь, если нужна помощь с регистрацией.",
    "fa": "همه خوش آمدید. اگر برای ثبت‌نام به کمک نیاز دارید از ما بپرسید.",
}
LANGUAGES = ["en", "ar", "tr", "uk", "ru", "fa"]
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def use_own_databases() -> None:
    """Keep the events benchmark apart from the directory's, so neither run spoils the other.

    `common` reads the database names when it is asked, so this must run before
    `common.django_setup`.
    """
    common.SQLITE_PATH = common.BENCH_DIR / "events.sqlite3"
    common.POSTGRES_DB = "miteinander_bench_events"


@dataclass
class Report:
    """What was generated and how long it took."""

    town: str = TOWN
    events: int = 0
    public: int = 0
    repeating: int = 0
    cancelled: int = 0
    drafts: int = 0
    dates: int = 0
    left_out_dates: int = 0
    translations: int = 0
    organisers: int = 0
    meeting_places: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def summary(self) -> str:
        return (
            f"{self.public} public events ({self.repeating} repeating with {self.dates} dates "
            f"in all, {self.left_out_dates} dates left out, {self.cancelled} cancelled) and "
            f"{self.drafts} drafts in {self.town}; {self.translations} translations, "
            f"{self.organisers} organisers, {self.meeting_places} meeting places; "
            f"in {self.seconds:.1f} s"
        )


def generate(
    *,
    events: int = DEFAULT_EVENTS,
    repeating: int = DEFAULT_REPEATING,
    drafts: int = DEFAULT_DRAFTS,
    seed: int = DEFAULT_SEED,
    today: datetime.date | None = None,
    validate_every: int = 100,
) -> Report:
    """Give the town `events` public events, `repeating` of them repeating, and some drafts."""
    from django.db import transaction

    from .generate_offerings import generate as generate_offerings

    started = time.perf_counter()
    # The town with its 50 providers and its meeting places (about one offering in ten).
    generate_offerings(offerings=600, towns=1, seed=seed, reindex=False)
    rng = random.Random(f"{seed}-events")  # noqa: S311 -- reproducible test data, not secrets
    today = today or datetime.date.today()  # noqa: DTZ011 -- the server's day, as services use
    report = Report()
    with transaction.atomic():
        _EventGenerator(rng=rng, today=today, report=report).run(
            events=events, repeating=repeating, drafts=drafts, validate_every=validate_every
        )
    report.seconds = time.perf_counter() - started
    return report


class _EventGenerator:
    def __init__(self, *, rng: random.Random, today: datetime.date, report: Report):
        self.rng, self.today, self.report = rng, today, report

    def run(self, *, events: int, repeating: int, drafts: int, validate_every: int) -> None:
        from miteinander.events.models import Event, EventKind, EventTranslation
        from miteinander.municipalities.models import Municipality
        from miteinander.network.models import Organisation, TargetGroup
        from miteinander.offerings.models import Offering

        self.town = Municipality.objects.get(slug=TOWN)
        self.kinds = {k.name: k for k in EventKind.objects.for_municipality(self.town)}
        self.groups = {g.name: g for g in TargetGroup.objects.for_municipality(self.town)}
        self.organisers = list(Organisation.objects.for_municipality(self.town).order_by("id"))
        self.places = list(
            Offering.objects.for_municipality(self.town)
            .published()
            .filter(kind__is_meeting_place=True, city__gt="")
            .order_by("id")
        )
        self.districts = words.DISTRICTS[TOWN]
        repeating_numbers = set(self.rng.sample(range(events), repeating))
        cancelled = set(self.rng.sample(range(events), events // 40))
        rows, plans = [], []
        for number in range(events + drafts):
            status = "draft" if number >= events else "published"
            if number in cancelled:
                status = "cancelled"
            event, plan = self._event(number, number in repeating_numbers, status)
            if validate_every and number % validate_every == 0:
                event.full_clean()
            rows.append(event)
            plans.append(plan)
        Event.objects.bulk_create(rows, batch_size=500)

        groups = Event.target_groups.through
        co_organisers = Event.co_organisers.through
        links, co_links, translations = [], [], []
        for event, plan in zip(rows, plans, strict=True):
            links += [groups(event_id=event.pk, targetgroup_id=g.pk) for g in plan["groups"]]
            co_links += [co_organisers(event_id=event.pk, organisation_id=o.pk) for o in plan["co"]]
            translations += [EventTranslation(event=event, **t) for t in plan["translations"]]
        groups.objects.bulk_create(links, batch_size=2000)
        co_organisers.objects.bulk_create(co_links, batch_size=2000)
        EventTranslation.objects.bulk_create(translations, batch_size=1000)

        report = self.report
        report.events = len(rows)
        report.public = sum(1 for e in rows if e.status != "draft")
        report.drafts = len(rows) - report.public
        report.cancelled = sum(1 for e in rows if e.status == "cancelled")
        report.repeating = sum(1 for e in rows if e.recurrence_rule and e.status != "draft")
        report.dates = sum(
            len(e.occurrences()) for e in rows if e.recurrence_rule and e.status != "draft"
        )
        report.left_out_dates = sum(len(e.recurrence_exceptions) for e in rows)
        report.translations = len(translations)
        report.organisers = len({e.organiser_id for e in rows if e.organiser_id})
        report.meeting_places = len(self.places)
        for event in rows:
            if event.status != "draft":
                name = event.kind.name
                report.kinds[name] = report.kinds.get(name, 0) + 1

    def _event(self, number: int, repeats: bool, status: str):
        from miteinander.events import recurrence
        from miteinander.events.models import Event

        rng = self.rng
        kind_name, title, translated, groups, languages, free_share, _weight = rng.choices(
            EVENTS, weights=[base[-1] for base in EVENTS]
        )[0]
        district = rng.choice(self.districts)
        # Between three weeks ago and a year ahead, in the afternoon or evening.
        day = self.today + datetime.timedelta(days=rng.randint(-21, 365))
        starts = datetime.datetime.combine(
            day, datetime.time(rng.choice([10, 14, 15, 16, 17, 18, 19]), rng.choice([0, 30])), TZ
        )
        hours = rng.choice([1.5, 2, 3]) if kind_name != "Fest" else rng.choice([4, 6])
        ends = starts + datetime.timedelta(hours=hours)
        if kind_name == "Ausstellung" and not repeats:
            ends = starts + datetime.timedelta(days=rng.randint(7, 30), hours=2)
        rule, exdates = ("", [])
        if repeats:
            rule, exdates = self._repetition(starts, ends)
        series_ends_at = recurrence.series_end(
            starts_at=starts, ends_at=ends, rule=rule, exdates=exdates
        )

        meeting_place = None
        place_name = street = postcode = city = ""
        latitude = longitude = None
        where = rng.random()
        is_online = where < 0.12
        if where >= 0.12 and where < 0.6 and self.places:
            meeting_place = rng.choice(self.places)
        elif where >= 0.6 or (not self.places and not is_online):
            place_name = rng.choice(["Bürgerhaus", "Rathaus, Sitzungssaal", "Stadtbibliothek"])
            street = f"{rng.choice(words.STREETS)} {rng.randint(1, 80)}"
            postcode, city = "64625", "Bensheim"
            latitude = Decimal(f"{49.681 + rng.gauss(0, 0.01):.6f}")
            longitude = Decimal(f"{8.619 + rng.gauss(0, 0.01):.6f}")
        if is_online and rng.random() < 0.3:  # hybrid
            place_name = "Rathaus, Sitzungssaal"
            street, postcode, city = "Kirchbergstraße 18", "64625", "Bensheim"

        is_free = rng.random() < free_share
        spoken = list(languages)
        interpreted = rng.sample(LANGUAGES, rng.choice([0, 0, 0, 1, 2]))
        translations = []
        if rng.random() < 0.35:
            for language in sorted(rng.sample(LANGUAGES, rng.choice([1, 1, 2, 3, 6]))):
                translations.append(
                    {
                        "language": language,
                        "title": translated[LANGUAGES.index(language)],
                        "description": TRANSLATED_DESCRIPTIONS[language],
                    }
                )
        capacity = rng.choice([None, None, 20, 30, 60, 120])
        organiser = rng.choice(self.organisers) if rng.random() < 0.9 else None
        event = Event(
            municipality=self.town,
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            kind=self.kinds[kind_name],
            title=f"{title} – {district}" if rng.random() < 0.5 else title,
            description=" ".join(
                sentence.format(town="Bensheim")
                for sentence in rng.sample(DESCRIPTIONS, rng.randint(1, 3))
            ),
            organiser=organiser,
            contact_email=f"veranstaltungen{number % 7}@bensheim.example.org",
            meeting_place=meeting_place,
            place_name=place_name,
            street=street,
            postcode=postcode,
            city=city,
            latitude=latitude,
            longitude=longitude,
            is_online=is_online,
            online_url=f"https://meet.example.org/bensheim-{number}" if is_online else "",
            starts_at=starts,
            ends_at=ends,
            recurrence_rule=rule,
            recurrence_exceptions=exdates,
            series_ends_at=series_ends_at,
            sequence=rng.choice([0, 0, 0, 1, 2]),
            languages=spoken,
            interpreted_languages=interpreted,
            step_free=rng.random() < 0.6,
            childcare=rng.random() < 0.2,
            is_free=is_free,
            cost="" if is_free else rng.choice(["5 €", "10 €, ermäßigt 5 €", "Spende erbeten"]),
            registration_enabled=capacity is not None or rng.random() < 0.2,
            capacity=capacity,
            status=status,
            cancellation_note="Die Referentin ist erkrankt." if status == "cancelled" else "",
            published_at=None
            if status == "draft"
            else starts - datetime.timedelta(days=rng.randint(10, 60)),
        )
        plan = {
            "groups": [self.groups[name] for name in groups if name in self.groups],
            "co": [o for o in rng.sample(self.organisers, rng.choice([0, 0, 0, 1, 2]))
                   if o != organiser],
            "translations": translations,
        }  # fmt: skip
        return event, plan

    def _repetition(self, starts: datetime.datetime, ends: datetime.datetime):
        """A weekly or monthly rule ending with COUNT or UNTIL, and perhaps left-out dates."""
        from miteinander.events import recurrence

        rng = self.rng
        weekday = WEEKDAYS[starts.weekday()]
        if rng.random() < 0.7:
            interval = rng.choice(["", "", "", ";INTERVAL=2"])
            days = weekday
            if rng.random() < 0.2:  # twice a week
                days = ",".join(sorted({weekday, rng.choice(WEEKDAYS[:5])}, key=WEEKDAYS.index))
            rule = f"FREQ=WEEKLY{interval};BYDAY={days}"
        else:
            ordinal = (starts.day - 1) // 7 + 1
            rule = f"FREQ=MONTHLY;BYDAY={min(ordinal, 4)}{weekday}"
            if ordinal > 4:
                rule = f"FREQ=MONTHLY;BYMONTHDAY={starts.day}"
        if rng.random() < 0.5:
            rule += f";COUNT={rng.randint(4, 30)}"
        else:
            until = starts.date() + datetime.timedelta(days=rng.randint(60, 300))
            rule += f";UNTIL={until:%Y%m%d}"
        rule = recurrence.normalise_rule(rule)
        dates = recurrence.occurrences(starts_at=starts, ends_at=ends, rule=rule)
        exdates = []
        if len(dates) > 3 and rng.random() < 0.4:
            left_out = rng.sample(dates[1:-1], rng.randint(1, min(3, len(dates) - 2)))
            exdates = sorted(d.date.isoformat() for d in left_out)
        return rule, exdates


def prepare(*, db: str, events: int, repeating: int, drafts: int, seed: int, log=print) -> Report:
    """Recreate the events benchmark's database `db`, migrate it and fill it."""
    from django.db import connection

    connection.close()
    common.recreate_database(db)
    started = time.perf_counter()
    common.migrate()
    log(f"Migrated the empty {db} database in {time.perf_counter() - started:.1f} s")
    report = generate(events=events, repeating=repeating, drafts=drafts, seed=seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(report.summary())
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description="Recreate the events benchmark's database and fill it with a calendar."
    )
    parser.add_argument("--db", choices=common.DATABASES, required=True)
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--repeating", type=int, default=DEFAULT_REPEATING)
    parser.add_argument("--drafts", type=int, default=DEFAULT_DRAFTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    use_own_databases()
    common.django_setup(args.db)
    prepare(
        db=args.db,
        events=args.events,
        repeating=args.repeating,
        drafts=args.drafts,
        seed=args.seed,
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
