"""The anonymous self-description: counters only, shown only in aggregate with small groups
suppressed, and only once the event is over."""

import datetime
import io
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from miteinander.events import diversity
from miteinander.events.models import DiversityCount, Registration
from miteinander.municipalities.models import Role
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory, UserFactory

from .test_registrations import threads_database  # noqa: F401 (a fixture)

DAY = datetime.timedelta(days=1)


def counts(event) -> dict:
    return {
        (row.dimension, row.value): row.count
        for row in DiversityCount.objects.filter(event=event, municipality=event.municipality)
    }


def record(event, times: int, **answers):
    for _ in range(times):
        diversity.diversity_record(event=event, answers=answers)


def cells(aggregate, dimension) -> dict[str, str]:
    row = next(row for row in aggregate if row.dimension == dimension)
    return {cell.value: cell.display for cell in row.cells} | {"total": row.total_display}


# --- Recording --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_answers_increment_counters_and_prefer_not_to_say_counts_nowhere():
    event = EventFactory()
    assert (
        diversity.diversity_record(
            event=event, answers={"age_band": "18_26", "gender": "", "migration": "own"}
        )
        == 2
    )
    diversity.diversity_record(event=event, answers={"age_band": "18_26"})
    stored = counts(event)
    assert stored[("age_band", "18_26")] == 2 and stored[("migration", "own")] == 1
    assert sum(stored.values()) == 3
    # Every counter exists from the first answer on, so the rows' order tells nothing.
    assert len(stored) == sum(len(values) for _d, _l, values in diversity.dimensions())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [{"gender": "robot"}, {"religion": "none"}, {"age_band": "18_26", "nationality": "mars"}],
)
def test_unknown_answers_are_refused_and_nothing_is_counted(answers):
    event = EventFactory()
    with pytest.raises(ValidationError):
        diversity.diversity_record(event=event, answers=answers)
    assert sum(counts(event).values()) == 0


@pytest.mark.django_db
def test_the_counters_hold_no_trace_of_a_person_or_a_time():
    field_names = {field.name for field in DiversityCount._meta.get_fields()}
    assert field_names == {"id", "municipality", "event", "dimension", "value", "count"}
    registration_fields = {field.name for field in Registration._meta.get_fields()}
    assert not registration_fields & {"age_band", "gender", "migration", "nationality"}


@pytest.mark.django_db(transaction=True)
def test_people_answering_at_the_same_moment_are_all_counted(threads_database):  # noqa: F811
    event = EventFactory()
    threads_database()
    barrier = threading.Barrier(4)
    errors = []

    def answer():
        try:
            barrier.wait()
            diversity.diversity_record(event=event, answers={"gender": "female"})
        except Exception as error:  # noqa: BLE001 - the test reports any failure
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    result = []

    def read():
        result.append(counts(event)[("gender", "female")])
        connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert result == [4]


# --- Suppression ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_small_groups_are_shown_as_under_five():
    event = EventFactory()
    record(event, 6, gender="female")
    record(event, 7, gender="male")
    record(event, 2, gender="diverse")
    gender = cells(diversity.diversity_aggregate(event), "gender")
    # "diverse" (2) is small; with the total shown it could be worked out as 15 - 6 - 7, so
    # the next smallest group (6) is hidden too.
    assert gender == {"female": "< 5", "male": "7", "diverse": "< 5", "total": "15"}


@pytest.mark.django_db
def test_large_groups_are_all_shown():
    event = EventFactory()
    record(event, 5, migration="own")
    record(event, 8, migration="parents")
    record(event, 12, migration="none")
    assert cells(diversity.diversity_aggregate(event), "migration") == {
        "own": "5",
        "parents": "8",
        "none": "12",
        "total": "25",
    }


@pytest.mark.django_db
def test_hidden_groups_together_hold_at_least_five():
    event = EventFactory()
    record(event, 20, age_band="27_44")
    record(event, 9, age_band="45_64")
    record(event, 6, age_band="18_26")
    record(event, 1, age_band="65_plus")
    # under_18 (0) and 65_plus (1) are both hidden, but 36 - 20 - 9 - 6 would show that they
    # hold one person together: 18_26 is hidden as well.
    assert cells(diversity.diversity_aggregate(event), "age_band") == {
        "under_18": "< 5",
        "18_26": "< 5",
        "27_44": "20",
        "45_64": "9",
        "65_plus": "< 5",
        "total": "36",
    }


@pytest.mark.django_db
def test_a_small_total_is_hidden_too():
    event = EventFactory()
    record(event, 3, nationality="third_country")
    assert cells(diversity.diversity_aggregate(event), "nationality") == {
        "german": "< 5",
        "eu": "< 5",
        "third_country": "< 5",
        "total": "< 5",
    }


def test_no_cell_can_be_worked_out_from_what_is_shown():
    """Exhaustively for three groups of up to 12 people each."""
    for a in range(13):
        for b in range(13):
            for c in range(13):
                row = [
                    diversity.Cell(value=str(i), label="", count=n) for i, n in enumerate((a, b, c))
                ]
                diversity._suppress(row)
                hidden = [cell.count for cell in row if cell.suppressed]
                shown = [cell.count for cell in row if not cell.suppressed]
                assert all(count >= diversity.SMALL_GROUP for count in shown)
                assert len(hidden) != 1
                assert not hidden or sum(hidden) >= diversity.SMALL_GROUP or not shown


# --- Who sees it, when ------------------------------------------------------------------------
@pytest.fixture
def finished_event(bensheim):
    """An event that ended yesterday, where two people said they are "diverse"."""
    now = timezone.now()
    event = EventFactory(
        organiser__municipality=bensheim,
        registration_enabled=True,
        starts_at=now - 2 * DAY,
        ends_at=now - 2 * DAY + datetime.timedelta(hours=3),
    )
    record(event, 9, gender="female")
    record(event, 8, gender="male")
    record(event, 2, gender="diverse")
    RegistrationFactory(event=event, name="Robin Beispiel", described_diversity=True)
    return event


def page(event, name: str) -> str:
    return f"/en/{event.municipality.slug}/workspace/events/{event.pk}/participants/{name}"


@pytest.mark.django_db
def test_every_page_and_export_showing_diversity_suppresses_the_small_group(
    client, finished_event, member_of
):
    """The small "diverse" group (2) must not be readable anywhere."""
    client.force_login(member_of(finished_event.municipality, Role.COORDINATION))
    evaluation = client.get(page(finished_event, "evaluation/"))
    assert evaluation.status_code == 200
    html = evaluation.content.decode()
    assert 'data-value="diverse">&lt; 5</td>' in html
    assert 'data-value="total"><strong>19</strong>' in html
    assert 'data-value="male">&lt; 5</td>' in html  # complementary: 19 - 9 - 8 = 2 otherwise
    assert 'data-value="female">9</td>' in html
    # The participant list and its export show no self-description at all.
    listing = client.get(page(finished_event, ""))
    assert "Robin Beispiel" in listing.content.decode()
    assert "diverse" not in listing.content.decode().lower()
    export = client.get(page(finished_event, "participants.xlsx"))
    workbook = load_workbook(io.BytesIO(export.content))
    values = [str(v) for row in workbook.active.iter_rows(values_only=True) for v in row if v]
    assert "Robin Beispiel" in values
    assert not any("divers" in value.lower() for value in values)


@pytest.mark.django_db
def test_before_the_event_is_over_the_organiser_sees_no_numbers(client, bensheim, member_of):
    event = EventFactory(organiser__municipality=bensheim, starts_at=timezone.now() + DAY)
    record(event, 7, gender="female")
    client.force_login(member_of(bensheim, Role.COORDINATION))
    response = client.get(page(event, "evaluation/"))
    html = response.content.decode()
    assert 'id="diversity-not-yet"' in html
    assert "data-value=" not in html
    assert not diversity.aggregates_visible(event)


# --- The kiosk at check-in --------------------------------------------------------------------
@pytest.mark.django_db
def test_the_kiosk_counts_answers_and_shows_an_empty_form_again(client, bensheim, member_of):
    event = EventFactory(
        organiser__municipality=bensheim, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(member_of(bensheim, Role.COORDINATION))
    url = page(event, "self-description/")
    response = client.post(
        url,
        {
            "diversity_age_band": "65_plus",
            "diversity_gender": "",
            "diversity_migration": "parents",
            "diversity_nationality": "german",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    assert counts(event)[("age_band", "65_plus")] == 1
    assert sum(counts(event).values()) == 3
    again = client.get(url)
    html = again.content.decode()
    assert "Thank you" in html
    # Every question back on "Prefer not to say"; no count is shown on the kiosk.
    assert len(re.findall(r'value="" id="id_diversity_\w+" checked', html)) == 4
    assert "65_plus" in html and "data-value" not in html


@pytest.mark.django_db
def test_the_kiosk_refuses_an_unknown_answer(client, bensheim, member_of):
    event = EventFactory(organiser__municipality=bensheim, starts_at=timezone.now() + DAY)
    client.force_login(member_of(bensheim, Role.COORDINATION))
    response = client.post(page(event, "self-description/"), {"diversity_gender": "robot"})
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert sum(counts(event).values()) == 0


@pytest.mark.django_db
def test_the_kiosk_closes_when_the_event_is_over(client, finished_event, member_of):
    client.force_login(member_of(finished_event.municipality, Role.COORDINATION))
    before = counts(finished_event)
    response = client.post(page(finished_event, "self-description/"), {"diversity_gender": "male"})
    assert 'id="self-description-closed"' in response.content.decode()
    assert counts(finished_event) == before


@pytest.mark.django_db
def test_the_kiosk_is_for_the_event_staff_only(client, finished_event):
    reader = UserFactory()
    MembershipFactory(municipality=finished_event.municipality, user=reader, role=Role.READER)
    client.force_login(reader)
    assert client.get(page(finished_event, "self-description/")).status_code == 404
    assert client.get(page(finished_event, "evaluation/")).status_code == 404
