"""The demo's events follow the seeds and load idempotently."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from miteinander.events import diversity, feeds
from miteinander.events.models import Event, Idea, IdeaCluster, Registration
from miteinander.municipalities.models import Municipality
from miteinander.municipalities.tests.test_demo import snapshot


def _demo():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="module", autouse=True)
def demo_towns(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        _demo()
        yield
        transaction.set_rollback(True)


def _event(slug: str, title: str) -> Event:
    town = Municipality.objects.get(slug=slug)
    return Event.objects.for_municipality(town).get(title=title)


def test_loading_twice_changes_nothing(db):
    first = snapshot()
    _demo()
    assert snapshot() == first


@pytest.mark.parametrize("slug", ["bensheim", "bergkamen", "minden", "weiterstadt"])
def test_every_town_has_past_and_upcoming_events_and_a_feed(client, slug):
    town = Municipality.objects.get(slug=slug)
    now = datetime.datetime(2026, 11, 22, tzinfo=datetime.UTC)
    events = Event.objects.for_municipality(town).public()
    assert events.upcoming(now=now).exists()
    assert events.past(now=now).exists()
    assert client.get(f"/de/{slug}/veranstaltungen/").status_code == 200
    feed = Calendar.from_ical(client.get(f"/de/{slug}/veranstaltungen/kalender.ics").content)
    in_feed = events.filter(series_ends_at__gt=timezone.now() - feeds.FEED_PAST)
    assert len(feed.walk("VEVENT")) == in_feed.count() > 0


def test_the_language_cafe_repeats_weekly_and_skips_christmas(db):
    cafe = _event("bensheim", "Sprachcafé: Deutsch sprechen bei Tee und Kuchen")
    dates = [o.date.isoformat() for o in cafe.occurrences()]
    assert len(dates) == 28
    assert "2026-12-22" not in dates and "2026-12-15" in dates
    # 17:00 local before and after the change to summer time on 28 March 2027.
    assert {o.starts_at.strftime("%H:%M") for o in cafe.occurrences()} == {"17:00"}


def test_weiterstadts_kick_off_has_its_ideas_wall_and_suppressed_diversity_counts(db):
    kick_off = _event("weiterstadt", "Kick-off: Weiterstadt WIRkt!")
    assert (
        IdeaCluster.objects.for_municipality(kick_off.municipality).filter(event=kick_off).count()
        == 3
    )
    assert Idea.objects.for_municipality(kick_off.municipality).filter(event=kick_off).count() == 9
    gender = next(
        row for row in diversity.diversity_aggregate(kick_off) if row.dimension == "gender"
    )
    shown = {cell.value: (cell.count if not cell.suppressed else None) for cell in gender.cells}
    # Two people said "diverse": that cell, and one more so it cannot be worked out, are hidden.
    assert shown["diverse"] is None
    assert sum(value is None for value in shown.values()) >= 2


def test_bergkamens_festival_of_young_people_was_reused_for_seniors(db):
    youth = _event("bergkamen", "Potentiale der Vielfalt: Jugendliche laden ein")
    seniors = _event("bergkamen", "Potentiale der Vielfalt: Seniorinnen und Senioren laden ein")
    assert seniors.format is not None and seniors.format.created_from == youth
    assert [g.name for g in seniors.target_groups.all()] == ["Senioren"]
    assert [g.name for g in youth.target_groups.all()] == ["Jugendliche"]


def test_the_full_walk_has_a_waiting_list(db):
    walk = _event("bensheim", "Interreligiöser Stadtspaziergang")
    registrations = Registration.objects.for_municipality(walk.municipality).filter(event=walk)
    assert registrations.confirmed().count() == walk.capacity == 25
    assert registrations.waiting().count() == 3
