"""Workspace pages of an event's participants: who may open them, audit, export, check-in."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from miteinander.core.models import AuditEntry
from miteinander.events.models import Registration, RegistrationStatus
from miteinander.municipalities.models import Role
from tests.factories import (
    EventFactory,
    FeedbackFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def event(bensheim):
    event = EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Caritas"),
        title="Sommerfest",
        registration_enabled=True,
        capacity=2,
        childcare=True,
        starts_at=timezone.now() + 2 * DAY,
    )
    event.co_organisers.add(OrganisationFactory(municipality=bensheim, name="VHS"))
    RegistrationFactory(
        event=event, name="Amira", email="amira@example.org", interpreting_into="ar",
        childcare_children=2,
    )  # fmt: skip
    RegistrationFactory(event=event, name="Jonas", needs_step_free_access=True)
    RegistrationFactory(event=event, name="Olena", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, name="Kemal", status=RegistrationStatus.CANCELLED)
    return event


def partner_of(organisation):
    user = UserFactory()
    MembershipFactory(
        municipality=organisation.municipality,
        user=user,
        role=Role.NETWORK_PARTNER,
        organisation=organisation,
    )
    return user


def url(event, name="", town=None):
    town = town or event.municipality.slug
    return f"/en/{town}/workspace/events/{event.pk}/participants/{name}"


PAGES = ["", "participants.xlsx", "check-in/", "self-description/", "evaluation/"]


def people(event, bensheim, minden, member_of):
    return {
        "coordination": member_of(bensheim, Role.COORDINATION),
        "organiser's partner": partner_of(event.organiser),
        "co-organiser's partner": partner_of(event.co_organisers.get()),
        "another organisation's partner": member_of(bensheim, Role.NETWORK_PARTNER),
        "reader": member_of(bensheim, Role.READER),
        "integration guide": member_of(bensheim, Role.INTEGRATION_GUIDE),
        "another town's coordination": member_of(minden, Role.COORDINATION),
    }


ALLOWED = {"coordination", "organiser's partner", "co-organiser's partner"}


def test_only_the_events_organisers_and_coordination_open_the_participant_pages(
    client, event, bensheim, minden, member_of
):
    for who, user in people(event, bensheim, minden, member_of).items():
        client.force_login(user)
        for page in PAGES:
            expected = 200 if who in ALLOWED else 404
            assert client.get(url(event, page)).status_code == expected, (who, page)
        client.logout()


@pytest.mark.parametrize(
    "page", ["check-in/walk-in/", "check-in/{registration}/", "{registration}/cancel/"]
)
def test_writes_are_refused_to_everyone_else_and_change_nothing(
    client, event, bensheim, minden, member_of, page
):
    registration = Registration.objects.for_municipality(bensheim).get(name="Amira")
    path = url(event, page.format(registration=registration.pk))
    for who, user in people(event, bensheim, minden, member_of).items():
        if who in ALLOWED:
            continue
        client.force_login(user)
        assert client.post(path, {"checked_in": "1", "name": "X"}).status_code == 404, who
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED and not registration.checked_in_at
    assert Registration.objects.for_municipality(bensheim).filter(event=event).count() == 4


def test_another_towns_address_answers_404_even_for_its_coordination(
    client, event, minden, member_of
):
    client.force_login(member_of(minden, Role.COORDINATION))
    for page in PAGES:
        assert client.get(url(event, page, town="minden")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, event):
    response = client.get(url(event))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The list and the export ------------------------------------------------------------------
def test_the_list_shows_everyone_by_status_with_the_needs_to_arrange_and_is_audited(
    client, event, coordinator
):
    client.force_login(coordinator)
    response = client.get(url(event))
    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    for name in ("Amira", "Jonas", "Olena", "Kemal"):
        assert name in html
    confirmed = html.split('id="confirmed"')[1].split("</table>")[0]
    assert "Amira" in confirmed and "Olena" not in confirmed
    assert "Olena" in html.split('id="waiting"')[1].split("</table>")[0]
    assert "Kemal" in html.split('id="cancelled"')[1].split("</table>")[0]
    needs = html.split('id="needs-summary"')[1].split("</section>")[0]
    assert "Interpreting into Arabic (العربيّة): 1 person" in needs
    assert "Step-free access: 1 person" in needs
    assert "Childcare: 2 children" in needs
    entry = AuditEntry.objects.get(action="event.participants_view")
    assert entry.actor == coordinator and entry.object_id == str(event.pk)


def test_the_export_lists_every_registration_and_is_audited(client, event, coordinator):
    RegistrationFactory(event=event, name="=HYPERLINK(1)", status=RegistrationStatus.WAITING)
    client.force_login(coordinator)
    response = client.get(url(event, "participants.xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Status", "Name", "E-mail")
    names = [row[1] for row in rows[1:]]
    assert names == ["Amira", "Jonas", "Olena", "'=HYPERLINK(1)", "Kemal"]
    amira = rows[1]
    assert amira[2] == "amira@example.org" and amira[5].startswith("Arabic")
    entry = AuditEntry.objects.get(action="event.participants_export")
    assert entry.changes == {"rows": 5}


def test_the_organiser_cancels_a_registration_and_the_waiting_person_moves_up(
    client, event, coordinator
):
    town = event.municipality
    amira = Registration.objects.for_municipality(town).get(name="Amira")
    client.force_login(coordinator)
    response = client.post(url(event, f"{amira.pk}/cancel/"))
    assert response.status_code == 302 and response["Location"] == url(event)
    statuses = dict(
        Registration.objects.for_municipality(town)
        .filter(event=event)
        .values_list("name", "status")
    )
    assert statuses["Amira"] == RegistrationStatus.CANCELLED
    assert statuses["Olena"] == RegistrationStatus.CONFIRMED
    assert AuditEntry.objects.filter(action="event.registration_cancel").count() == 1


def test_a_registration_of_another_event_cannot_be_reached_through_this_one(
    client, event, coordinator
):
    other = RegistrationFactory(event=EventFactory(organiser=event.organiser))
    client.force_login(coordinator)
    assert client.post(url(event, f"{other.pk}/cancel/")).status_code == 404
    assert client.post(url(event, f"check-in/{other.pk}/")).status_code == 404


# --- Check-in ---------------------------------------------------------------------------------
def test_check_in_works_with_plain_forms(client, event, coordinator):
    town = event.municipality
    jonas = Registration.objects.for_municipality(town).get(name="Jonas")
    client.force_login(coordinator)
    page = client.get(url(event, "check-in/"), {"q": "jon"}).content.decode()
    assert "Jonas" in page and "Amira" not in page and "Kemal" not in page
    assert f'action="{url(event, f"check-in/{jonas.pk}/")}"' in page

    response = client.post(url(event, f"check-in/{jonas.pk}/"), {"checked_in": "1", "q": "jon"})
    assert response["Location"] == url(event, "check-in/") + f"?q=jon#registration-{jonas.pk}"
    jonas.refresh_from_db()
    assert jonas.checked_in_at is not None
    page = client.get(url(event, "check-in/")).content.decode()
    assert "1 of 2 checked in" in page and "Undo check-in" in page

    client.post(url(event, f"check-in/{jonas.pk}/"), {"checked_in": "0"})
    jonas.refresh_from_db()
    assert jonas.checked_in_at is None


def test_a_walk_in_is_recorded_and_counted(client, event, coordinator):
    client.force_login(coordinator)
    response = client.post(url(event, "check-in/walk-in/"), {"name": "Gast"}, follow=True)
    html = response.content.decode()
    assert "Recorded one person" in html and "1 without registration" in html
    walk_in = Registration.objects.for_municipality(event.municipality).get(is_walk_in=True)
    assert walk_in.name == "Gast" and walk_in.checked_in_at


def test_checking_in_a_cancelled_registration_explains_what_to_do(client, event, coordinator):
    kemal = Registration.objects.for_municipality(event.municipality).get(name="Kemal")
    client.force_login(coordinator)
    response = client.post(url(event, f"check-in/{kemal.pk}/"), {"checked_in": "1"}, follow=True)
    assert "Record the person as coming without registration" in response.content.decode()


# --- Evaluation -------------------------------------------------------------------------------
def test_the_evaluation_shows_the_feedback_link_as_qr_code_and_the_feedback(
    client, event, coordinator
):
    for rating in (5, 4, 4, 3, 5):
        FeedbackFactory(event=event, rating=rating, liked=f"Gut {rating}")
    client.force_login(coordinator)
    html = client.get(url(event, "evaluation/")).content.decode()
    link = f"/veranstaltungen/{event.pk}/rueckmeldung/{event.feedback_token}/"
    assert link in html
    assert '<svg role="img"' in html.split('id="feedback-qr"')[1]
    assert "5 responses" in html and "Average rating: 4.2 of 5" in html
    assert 'id="feedback-ratings"' in html and "Gut 3" in html


def test_the_evaluation_hides_ratings_of_few_responses(client, event, coordinator):
    FeedbackFactory(event=event, rating=1, improve="Zu voll")
    client.force_login(coordinator)
    html = client.get(url(event, "evaluation/")).content.decode()
    assert "1 response" in html and 'id="feedback-ratings"' not in html
    assert "Zu voll" in html
