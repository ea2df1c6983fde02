"""Fill a database with a large, realistic offerings directory for the benchmarks.

    python -m bench.generate_offerings --db sqlite --offerings 50000 --towns 42 --seed 4

drops and recreates the benchmark database (see bench/common.py; never the installation's own),
migrates it and fills it. `generate()` alone fills whatever database Django is set up with (the
smoke test uses the test database). Towns are created like the platform admin creates them
(`municipality_setup` gives each its default kinds, target groups and directory settings); the
directory itself is written with bulk inserts, in rows the services would also write: published,
verified, with a first-publication time. The same seed gives the same directory. At the end the
search index is rebuilt with `offerings_reindex`.
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

from . import vocabulary as words

TZ = zoneinfo.ZoneInfo("Europe/Berlin")
DEFAULT_OFFERINGS = 50_000
DEFAULT_TOWNS = len(words.TOWNS)
DEFAULT_SEED = 4


@dataclass
class Report:
    """What was generated and how long it took."""

    towns: dict[str, int] = field(default_factory=dict)  # slug -> published offerings
    organisations: int = 0
    districts: int = 0
    offerings: int = 0
    translations: int = 0
    opening_hours: int = 0
    sessions: int = 0
    target_group_links: int = 0
    indexed: int = 0
    seconds_rows: float = 0.0
    seconds_index: float = 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def summary(self) -> str:
        sizes = sorted(self.towns.values())
        median = sizes[len(sizes) // 2] if sizes else 0
        return (
            f"{self.offerings} offerings in {len(self.towns)} towns (smallest {sizes[0]}, "
            f"median {median}, largest {sizes[-1]}), {self.organisations} providers, "
            f"{self.districts} districts, {self.translations} translations, "
            f"{self.opening_hours} opening hours, {self.sessions} sessions; rows in "
            f"{self.seconds_rows:.1f} s, search index ({self.indexed} offerings) in "
            f"{self.seconds_index:.1f} s"
        )


def town_sizes(*, offerings: int, towns: int) -> dict[str, int]:
    """Offerings per town: uneven, growing with the square root of the population."""
    if not 1 <= towns <= len(words.TOWNS):
        raise ValueError(f"towns must lie between 1 and {len(words.TOWNS)}")
    chosen = words.TOWNS[:towns]
    weights = [town[5] ** 0.5 for town in chosen]
    total = sum(weights)
    sizes = [max(1, int(offerings * weight / total)) for weight in weights]
    # Give the rounding remainder to the largest towns so the total is exact.
    order = sorted(range(towns), key=lambda i: -weights[i])
    for i in range(offerings - sum(sizes)):
        sizes[order[i % towns]] += 1
    return {town[0]: size for town, size in zip(chosen, sizes, strict=True)}


def generate(
    *,
    offerings: int = DEFAULT_OFFERINGS,
    towns: int = DEFAULT_TOWNS,
    seed: int = DEFAULT_SEED,
    validate_every: int = 500,
    reindex: bool = True,
    log=None,
) -> Report:
    """Create `towns` towns with `offerings` published offerings between them.

    Every `validate_every`-th offering is checked with full_clean() before it is written, so the
    generator cannot drift away from what the model accepts.
    """
    from django.db import transaction

    report = Report()
    started = time.perf_counter()
    today = datetime.date.today()  # noqa: DTZ011 -- the server's local day, as the services use
    for slug, size in town_sizes(offerings=offerings, towns=towns).items():
        rng = random.Random(f"{seed}-{slug}")  # noqa: S311 -- reproducible, not secret
        with transaction.atomic():
            _TownGenerator(slug=slug, size=size, rng=rng, today=today, report=report).run(
                validate_every=validate_every
            )
        if log:
            log(f"  {slug}: {size} offerings")
    report.seconds_rows = time.perf_counter() - started

    if reindex:
        from miteinander.offerings.search import offerings_reindex

        started = time.perf_counter()
        report.indexed = offerings_reindex()
        report.seconds_index = time.perf_counter() - started
    return report


class _TownGenerator:
    def __init__(self, *, slug, size, rng, today, report):
        self.slug, self.size, self.rng, self.today, self.report = slug, size, rng, today, report
        town = next(t for t in words.TOWNS if t[0] == slug)
        _slug, self.name, self.state, self.lat, self.lon, _population = town

    def run(self, *, validate_every: int) -> None:
        from miteinander.offerings.models import Offering

        self.town = self._town()
        if Offering.objects.for_municipality(self.town).exists():
            raise SystemExit(
                f"{self.name} already has offerings. Generate into an empty database "
                "(the benchmark drops and recreates its own)."
            )
        self._vocabularies()
        self._districts()
        self._providers()
        self._offerings(validate_every=validate_every)
        self.report.towns[self.slug] = self.size

    def _town(self):
        from miteinander.municipalities.models import Municipality
        from miteinander.municipalities.setup import municipality_setup
        from miteinander.offerings.models import DirectorySettings

        town, _created = Municipality.objects.get_or_create(
            slug=self.slug, defaults={"name": self.name, "state": self.state}
        )
        municipality_setup(municipality=town)
        DirectorySettings.objects.for_municipality(town).update(
            map_latitude=Decimal(str(self.lat)), map_longitude=Decimal(str(self.lon)), map_zoom=13
        )
        return town

    def _vocabularies(self) -> None:
        from miteinander.actionplan.models import FieldOfAction
        from miteinander.network.models import TargetGroup
        from miteinander.offerings.models import OfferingKind

        self.kinds = {k.name: k for k in OfferingKind.objects.for_municipality(self.town)}
        self.target_groups = {g.name: g for g in TargetGroup.objects.for_municipality(self.town)}
        existing = set(
            FieldOfAction.objects.for_municipality(self.town).values_list("name", flat=True)
        )
        FieldOfAction.objects.bulk_create(
            FieldOfAction(municipality=self.town, name=name, code=code, position=position)
            for position, (name, code) in enumerate(words.FIELDS_OF_ACTION)
            if name not in existing
        )
        fields = {f.name: f for f in FieldOfAction.objects.for_municipality(self.town)}
        by_kind = {
            "language": "Bildung und Erziehung", "education": "Bildung und Erziehung",
            "family": "Bildung und Erziehung", "work": "Arbeit und Soziales",
            "counselling": "Arbeit und Soziales",
            "meeting": "Dialog und gesellschaftliche Teilhabe",
            "leisure": "Dialog und gesellschaftliche Teilhabe",
            "volunteering": "Dialog und gesellschaftliche Teilhabe", "health": "Gesundheit",
            "other": "Wohnen und Zusammenleben im Quartier",
        }  # fmt: skip
        self.field_of_action = {kind: fields[name] for kind, name in by_kind.items()}

    def _districts(self) -> None:
        from miteinander.offerings.models import District

        names = words.DISTRICTS.get(self.slug)
        if names is None:
            count = min(len(words.GENERIC_DISTRICTS), 4 + self.size // 250)
            names = self.rng.sample(words.GENERIC_DISTRICTS, count)
        existing = {
            name.casefold()
            for name in District.objects.for_municipality(self.town).values_list("name", flat=True)
        }
        District.objects.bulk_create(
            District(municipality=self.town, name=name, position=position)
            for position, name in enumerate(names)
            if name.casefold() not in existing
        )
        self.districts = list(District.objects.for_municipality(self.town).order_by("position"))
        self.report.districts += len(self.districts)

    def _providers(self) -> None:
        from miteinander.network.models import Organisation

        rng = self.rng
        wanted = max(12, min(300, self.size // 12))
        names: dict[str, tuple[str, str]] = {}
        attempts = 0
        while len(names) < wanted and attempts < wanted * 20:
            attempts += 1
            pattern, group = rng.choice(words.PROVIDER_PATTERNS)
            name = pattern.format(
                town=self.name,
                district=rng.choice(self.districts).name,
                saint=rng.choice(words.SAINTS),
                year=rng.randint(1860, 1990),
            )
            names.setdefault(name.casefold(), (name, group))
        number = 1
        while len(names) < wanted:
            name = f"Initiative {number} für Vielfalt {self.name}"
            names.setdefault(name.casefold(), (name, "engaged_citizens"))
            number += 1
        existing = {
            name.casefold()
            for name in Organisation.objects.for_municipality(self.town).values_list(
                "name", flat=True
            )
        }
        Organisation.objects.bulk_create(
            Organisation(
                municipality=self.town,
                name=name,
                actor_group=group,
                city=self.name,
                is_public=True,
                languages=["de"],
            )
            for key, (name, group) in names.items()
            if key not in existing
        )
        self.providers = list(Organisation.objects.for_municipality(self.town).order_by("id"))
        # A few providers run most offerings (VHS, welfare associations), most run a handful.
        self.provider_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.providers))]
        self.report.organisations += len(self.providers)

    def _offerings(self, *, validate_every: int) -> None:
        from miteinander.offerings.models import (
            Offering,
            OfferingTranslation,
            OpeningHours,
            ScheduleException,
            Session,
        )

        rng = self.rng
        bases = words.OFFERINGS
        base_weights = [base[-1] for base in bases]
        rows, plans = [], []
        for number in range(self.size):
            base = rng.choices(bases, weights=base_weights)[0]
            offering, plan = self._offering(number, base)
            if validate_every and number % validate_every == 0:
                offering.full_clean(exclude=["search_text_de", "search_text_other"])
            rows.append(offering)
            plans.append(plan)
        Offering.objects.bulk_create(rows, batch_size=1000)

        through = Offering.target_groups.through
        links, translations, hours, exceptions, sessions = [], [], [], [], []
        for offering, plan in zip(rows, plans, strict=True):
            links += [
                through(offering_id=offering.pk, targetgroup_id=group.pk)
                for group in plan["target_groups"]
            ]
            translations += [
                OfferingTranslation(offering=offering, **t) for t in plan["translations"]
            ]
            hours += [OpeningHours(offering=offering, **h) for h in plan["hours"]]
            exceptions += [ScheduleException(offering=offering, **e) for e in plan["exceptions"]]
            sessions += [Session(offering=offering, **s) for s in plan["sessions"]]
        through.objects.bulk_create(links, batch_size=2000)
        OfferingTranslation.objects.bulk_create(translations, batch_size=1000)
        OpeningHours.objects.bulk_create(hours, batch_size=2000)
        ScheduleException.objects.bulk_create(exceptions, batch_size=1000)
        Session.objects.bulk_create(sessions, batch_size=2000)

        self.report.offerings += len(rows)
        self.report.target_group_links += len(links)
        self.report.translations += len(translations)
        self.report.opening_hours += len(hours)
        self.report.sessions += len(sessions)

    def _offering(self, number: int, base: tuple) -> tuple:
        from miteinander.offerings.models import Offering, OfferingStatus, ScheduleKind

        rng, today = self.rng, self.today
        kind_key, title, translated_titles, groups, languages, free_share, _weight = base
        kind = self.kinds[words.KIND_NAMES[kind_key]]
        district = rng.choice(self.districts) if rng.random() < 0.85 else None
        district_name = (district or rng.choice(self.districts)).name
        suffix = rng.choice(words.TITLE_SUFFIXES).format(district=district_name)
        german_title = (title + suffix)[:200]
        sentences = rng.sample(words.DESCRIPTION_SENTENCES, rng.randint(2, 4))
        description = " ".join(s.format(town=self.name, district=district_name) for s in sentences)

        offered_in = list(languages)
        if rng.random() < 0.3:
            extra = rng.choice(words.OFFERED_LANGUAGES)
            if extra not in offered_in:
                offered_in.append(extra)

        is_online = rng.random() < 0.06
        latitude = longitude = None
        street = postcode = ""
        if not is_online:
            latitude = Decimal(f"{self.lat + rng.gauss(0, 0.015):.6f}")
            longitude = Decimal(f"{self.lon + rng.gauss(0, 0.02):.6f}")
            street = f"{rng.choice(words.STREETS)} {rng.randint(1, 120)}"
            postcode = f"{rng.randint(10000, 99999)}"

        published_days_ago = rng.randint(0, 900)
        published_at = datetime.datetime.combine(
            today - datetime.timedelta(days=published_days_ago), datetime.time(10), tzinfo=TZ
        )
        # Most were confirmed within the year; about one in seven is overdue for a check.
        verified_days_ago = min(published_days_ago, rng.choice([rng.randint(0, 364)] * 6 + [400]))
        valid_from = valid_to = None
        if kind_key == "language" and rng.random() < 0.4:
            valid_from = today - datetime.timedelta(days=rng.randint(1, 120))
            valid_to = today + datetime.timedelta(days=rng.randint(30, 300))

        is_free = rng.random() < free_share
        schedule_kind = rng.choices(
            [ScheduleKind.WEEKLY, ScheduleKind.SESSIONS, ScheduleKind.ON_REQUEST], [80, 10, 10]
        )[0]
        room_capacity = (
            rng.randint(8, 120) if kind.is_meeting_place and rng.random() < 0.6 else None
        )

        target_groups = [self.target_groups[name] for name in groups]
        if rng.random() < 0.3:
            extra_group = rng.choice(list(self.target_groups.values()))
            if extra_group not in target_groups:
                target_groups.append(extra_group)

        translations = []
        if rng.random() < 0.35:
            count = rng.choices([1, 2, 3, 6], [50, 25, 15, 10])[0]
            chosen = rng.sample(words.TRANSLATION_LANGUAGES, count)
            for language in sorted(chosen):
                index = words.TRANSLATION_LANGUAGES.index(language)
                translations.append(
                    {
                        "language": language,
                        "title": translated_titles[index][:200],
                        "description": words.TRANSLATED_DESCRIPTIONS[language],
                    }
                )

        offering = Offering(
            municipality=self.town,
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            provider=rng.choices(self.providers, weights=self.provider_weights)[0],
            kind=kind,
            field_of_action=self.field_of_action[kind_key],
            title=german_title,
            description=description,
            languages=offered_in,
            is_online=is_online,
            street=street,
            postcode=postcode,
            city="" if is_online else self.name,
            district=district,
            latitude=latitude,
            longitude=longitude,
            room_capacity=room_capacity,
            schedule_kind=schedule_kind,
            valid_from=valid_from,
            valid_to=valid_to,
            is_free=is_free,
            cost="" if is_free else rng.choice(words.COSTS),
            step_free=rng.random() < 0.5,
            sign_language=rng.random() < 0.03,
            registration_required=kind_key in ("language", "work") or rng.random() < 0.2,
            contact_name="Team " + words.KIND_NAMES[kind_key],
            email=f"angebote@{self.slug}.example.org",
            phone=f"0{rng.randint(2000, 9999)} {rng.randint(10000, 999999)}",
            status=OfferingStatus.PUBLISHED,
            last_verified_on=today - datetime.timedelta(days=verified_days_ago),
            published_at=published_at,
        )
        plan = {
            "target_groups": target_groups,
            "translations": translations,
            "hours": self._weekly_hours(kind_key) if schedule_kind == ScheduleKind.WEEKLY else [],
            "exceptions": self._exceptions() if schedule_kind == ScheduleKind.WEEKLY else [],
            "sessions": self._sessions() if schedule_kind == ScheduleKind.SESSIONS else [],
        }
        return offering, plan

    def _weekly_hours(self, kind_key: str) -> list[dict]:
        rng = self.rng
        t = datetime.time
        if kind_key == "counselling" and rng.random() < 0.4:
            # An office open on working days, morning and afternoon.
            hours = []
            for weekday in range(5):
                hours.append({"weekday": weekday, "opens": t(8, 30), "closes": t(12, 30)})
                if weekday in (0, 1, 3):
                    hours.append({"weekday": weekday, "opens": t(14), "closes": t(17, 30)})
            return hours
        days = sorted(rng.sample(range(7), rng.choices([1, 2, 3], [55, 30, 15])[0]))
        hours = []
        for weekday in days:
            start = rng.choice([9, 10, 14, 15, 16, 17, 18]) * 60 + rng.choice([0, 30])
            length = rng.choice([60, 90, 120, 180, 240])
            end = min(start + length, 22 * 60)
            hours.append(
                {"weekday": weekday, "opens": t(*divmod(start, 60)), "closes": t(*divmod(end, 60))}
            )
        return hours

    def _exceptions(self) -> list[dict]:
        rng = self.rng
        if rng.random() > 0.08:
            return []
        starts = self.today + datetime.timedelta(days=rng.randint(-10, 90))
        return [
            {
                "starts_on": starts,
                "ends_on": starts + datetime.timedelta(days=rng.randint(0, 20)),
                "note": "Ferienpause",
            }
        ]

    def _sessions(self) -> list[dict]:
        rng = self.rng
        first = self.today + datetime.timedelta(days=rng.randint(-14, 30))
        hour = rng.choice([10, 15, 18])
        sessions = []
        for week in range(rng.randint(3, 8)):
            day = first + datetime.timedelta(weeks=week)
            starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)
            sessions.append(
                {"starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2), "note": ""}
            )
        return sessions


def prepare(*, db: str, offerings: int, towns: int, seed: int, log=print) -> Report:
    """Recreate the benchmark database `db`, migrate it and fill it; Django must be set up."""
    from django.db import connection

    from . import common

    connection.close()
    common.recreate_database(db)
    started = time.perf_counter()
    common.migrate()
    log(f"Migrated the empty {db} database in {time.perf_counter() - started:.1f} s")
    report = generate(offerings=offerings, towns=towns, seed=seed, log=log)
    if connection.vendor == "postgresql":
        # Autovacuum would do this shortly after a bulk load; do it now so plans are stable.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(report.summary())
    return report


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        description="Recreate a benchmark database and fill it with a generated directory."
    )
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument("--offerings", type=int, default=DEFAULT_OFFERINGS)
    parser.add_argument("--towns", type=int, default=DEFAULT_TOWNS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    from .common import django_setup

    django_setup(args.db)
    prepare(db=args.db, offerings=args.offerings, towns=args.towns, seed=args.seed)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
