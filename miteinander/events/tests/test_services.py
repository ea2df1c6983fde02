"""Saving events: derived fields, clear messages for bad input, formats."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from miteinander.events import services
from miteinander.events.models import Event, EventStatus
from tests.factories import (
    EventKindFactory,
    OrganisationFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def content(organisation, **fields):
    base = {
        "kind": EventKindFactory(municipality=organisation.municipality, name="Kurs"),
        "organiser": organisation,
        "title": "Deutsch im Alltag",
        "place_name": "Stadtbücherei",
        "starts_at": datetime.datetime(2027, 3, 2, 18, 0, tzinfo=BERLIN),
        "ends_at": datetime.datetime(2027, 3, 2, 20, 0, tzinfo=BERLIN),
        "recurrence_rule": "FREQ=WEEKLY;COUNT=6",
    }
    return services.EventContent(fields=base | fields)


def test_a_repeating_event_knows_when_its_series_ends():
    organisation = OrganisationFactory()
    event = services.event_save(
        municipality=organisation.municipality,
        acting_user=UserFactory(),
        content=content(organisation),
        publish=True,
    )
    assert event.status == EventStatus.PUBLISHED
    assert event.series_ends_at == datetime.datetime(2027, 4, 6, 20, 0, tzinfo=BERLIN)


def test_an_end_before_the_start_is_refused_and_nothing_is_saved():
    organisation = OrganisationFactory()
    bad = content(organisation, ends_at=datetime.datetime(2027, 3, 2, 17, 0, tzinfo=BERLIN))
    with pytest.raises(ValidationError) as error:
        services.event_save(
            municipality=organisation.municipality, acting_user=UserFactory(), content=bad
        )
    assert "ends_at" in error.value.message_dict
    assert not Event.objects.for_municipality(organisation.municipality).exists()


def test_a_never_ending_repetition_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        services.event_save(
            municipality=organisation.municipality,
            acting_user=UserFactory(),
            content=content(organisation, recurrence_rule="FREQ=WEEKLY"),
        )
    assert "recurrence_rule" in error.value.message_dict


def test_moving_an_event_raises_its_calendar_sequence_but_a_new_title_does_not():
    organisation = OrganisationFactory()
    user = UserFactory()
    event = services.event_save(
        municipality=organisation.municipality, acting_user=user, content=content(organisation)
    )
    services.event_save(
        municipality=organisation.municipality,
        acting_user=user,
        event=event,
        content=services.EventContent(fields={"title": "Deutsch im Alltag (Anfänger)"}),
    )
    assert event.sequence == 0
    services.event_save(
        municipality=organisation.municipality,
        acting_user=user,
        event=event,
        content=services.EventContent(
            fields={"starts_at": datetime.datetime(2027, 3, 2, 17, 30, tzinfo=BERLIN)}
        ),
    )
    assert event.sequence == 1


def test_a_format_makes_a_new_event_for_another_target_group():
    organisation = OrganisationFactory()
    user = UserFactory()
    youth = TargetGroupFactory(municipality=organisation.municipality, name="Jugendliche")
    seniors = TargetGroupFactory(municipality=organisation.municipality, name="Senioren")
    first = content(organisation, recurrence_rule="", title="Jugendfest")
    first.target_groups = [youth]
    first.translations = [{"language": "en", "title": "Youth festival", "description": ""}]
    event = services.event_save(
        municipality=organisation.municipality, acting_user=user, content=first
    )
    event_format = services.event_format_save(event=event, acting_user=user, name="Jugendfest")
    start = datetime.datetime(2027, 6, 5, 15, 0, tzinfo=BERLIN)
    new = services.event_content_from_format(event_format=event_format, starts_at=start)
    new.target_groups = [seniors]
    second = services.event_save(
        municipality=organisation.municipality, acting_user=user, content=new
    )
    assert second.title == "Jugendfest"
    assert second.ends_at - second.starts_at == datetime.timedelta(hours=2)
    assert second.format == event_format
    assert list(second.target_groups.all()) == [seniors]
    assert second.translations.get().title == "Youth festival"


def test_raising_the_places_moves_the_waiting_list_up():
    from tests.factories import EventFactory, RegistrationFactory

    event = EventFactory(registration_enabled=True, capacity=1, starts_at=_future())
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waiting")
    services.event_save(
        municipality=event.municipality,
        acting_user=UserFactory(),
        event=event,
        content=services.EventContent(fields={"capacity": 2}),
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert waiting.moved_up_at is not None


def _future():
    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=10)
