"""Public pages of registration: the form, one's registration by its link, cancelling, feedback."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from miteinander.events.models import DiversityCount, EventStatus, Feedback, RegistrationStatus
from miteinander.events.models import Registration as RegistrationModel
from tests.factories import EventFactory, EventTranslationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def event(bensheim):
    return EventFactory(
        organiser__municipality=bensheim,
        title="Sprachcafé",
        registration_enabled=True,
        capacity=20,
        childcare=True,
        starts_at=timezone.now() + 7 * DAY,
    )


def register_url(event, language="en"):
    return f"/{language}/{event.municipality.slug}/veranstaltungen/{event.pk}/anmelden/"


def registrations(event):
    return RegistrationModel.objects.for_municipality(event.municipality).filter(event=event)


FORM = {
    "name": "Olena",
    "email": "olena@example.org",
    "phone": "",
    "interpreting_into": "uk",
    "needs_step_free_access": "on",
    "childcare_children": "1",
    "other_needs": "",
    "website": "",
    "diversity_age_band": "27_44",
    "diversity_gender": "",
    "diversity_migration": "own",
    "diversity_nationality": "",
}


# --- The form ---------------------------------------------------------------------------------
def test_the_form_shows_places_left_needs_and_the_voluntary_self_description(client, event):
    RegistrationFactory(event=event)
    response = client.get(register_url(event))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="places-left"' in html and "19 places left." in html
    for name in ("name", "email", "phone", "interpreting_into", "childcare_children"):
        assert f'name="{name}"' in html
    assert 'id="self-description"' in html
    assert "Prefer not to say" in html
    # "Prefer not to say" is chosen for each of the four questions.
    assert len(re.findall(r'value="" id="id_diversity_\w+" checked', html)) == 4
    # The spam trap is hidden from people.
    assert re.search(r'<div hidden><label for="id_website">', html)


def test_without_childcare_or_self_description_those_questions_are_left_out(client, event):
    event.childcare = False
    event.ask_diversity = False
    event.save()
    html = client.get(register_url(event)).content.decode()
    assert 'name="childcare_children"' not in html
    assert 'id="self-description"' not in html and "diversity_" not in html


def test_registering_leads_to_the_registration_page(client, event):
    response = client.post(register_url(event), FORM)
    registration = registrations(event).get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/bensheim/veranstaltungen/anmeldung/{registration.token}/"
    assert registration.language == "en" and registration.user is None
    assert registration.interpreting_into == "uk" and registration.needs_step_free_access
    assert registration.childcare_children == 1 and registration.described_diversity
    counted = DiversityCount.objects.filter(event=event, municipality=event.municipality, count=1)
    assert {(row.dimension, row.value) for row in counted} == {
        ("age_band", "27_44"),
        ("migration", "own"),
    }
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-status="confirmed"' in page.content.decode()


def test_the_message_language_is_the_page_language(client, event):
    client.post(register_url(event, "fa"), FORM)
    assert registrations(event).get().language == "fa"


def test_a_logged_in_person_finds_name_and_address_filled_in_and_is_linked(client, event):
    user = UserFactory(email="amira@example.org", first_name="Amira", last_name="Haddad")
    client.force_login(user)
    html = client.get(register_url(event)).content.decode()
    assert 'value="amira@example.org"' in html and 'value="Amira Haddad"' in html
    client.post(register_url(event), FORM | {"name": "Amira", "email": "amira@example.org"})
    assert registrations(event).get().user == user


def test_a_filled_spam_trap_registers_nobody(client, event):
    response = client.post(register_url(event), FORM | {"website": "https://spam.example"})
    assert response.status_code == 200
    assert not registrations(event).exists()


def test_bad_input_is_explained_and_nothing_is_saved(client, event):
    response = client.post(register_url(event), FORM | {"email": "kein-at", "name": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html and 'href="#id_email"' in html and 'href="#id_name"' in html
    assert not registrations(event).exists()
    assert not DiversityCount.objects.filter(event=event, municipality=event.municipality).exists()


def test_registering_twice_with_the_same_address_says_so(client, event):
    client.post(register_url(event), FORM)
    response = client.post(register_url(event), FORM | {"email": "OLENA@example.org"})
    assert "already registered for this event" in response.content.decode()
    assert registrations(event).count() == 1


def test_a_full_event_offers_the_waiting_list(client, event):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event)
    html = client.get(register_url(event)).content.decode()
    assert 'id="waiting-list-notice"' in html and "Join the waiting list" in html
    response = client.post(register_url(event), FORM)
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="waiting"' in page and "number 1 on the waiting list" in page


def test_a_full_event_without_waiting_list_shows_no_form(client, event):
    event.capacity = 1
    event.waiting_list = False
    event.save()
    RegistrationFactory(event=event)
    html = client.get(register_url(event)).content.decode()
    assert 'id="registration-full"' in html and 'id="registration-form"' not in html


def test_closed_registration_shows_no_form_and_takes_nothing(client, event):
    event.registration_closes_at = timezone.now() - DAY
    event.save()
    html = client.get(register_url(event)).content.decode()
    assert 'id="registration-closed"' in html and 'id="registration-form"' not in html
    client.post(register_url(event), FORM)
    assert not registrations(event).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": EventStatus.DRAFT},
        {"registration_enabled": False, "capacity": None},
    ],
    ids=["draft", "no registration"],
)
def test_events_without_public_registration_answer_404(client, event, change):
    for name, value in change.items():
        setattr(event, name, value)
    event.save()
    assert client.get(register_url(event)).status_code == 404
    assert client.post(register_url(event), FORM).status_code == 404


def test_another_towns_event_is_not_found_under_this_towns_address(client, event, minden):
    url = f"/en/minden/veranstaltungen/{event.pk}/anmelden/"
    assert client.get(url).status_code == 404
    assert client.post(url, FORM).status_code == 404
    assert not registrations(event).exists()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_form_works_in_every_language(client, event, language):
    EventTranslationFactory(event=event, language="uk", title="Мовне кафе")
    response = client.get(register_url(event, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language in ("ar", "fa") else "ltr"}"' in html
    if language == "uk":
        assert '<bdi lang="uk">Мовне кафе</bdi>' in html
    else:
        assert '<bdi lang="de">Sprachcafé</bdi>' in html


# --- One's registration -----------------------------------------------------------------------
def test_the_registration_page_is_private_and_shows_status_and_needs(client, event):
    registration = RegistrationFactory(
        event=event, interpreting_into="ar", needs_step_free_access=True, other_needs="Stuhl"
    )
    response = client.get(f"/en/bensheim/veranstaltungen/anmeldung/{registration.token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    html = response.content.decode()
    assert "Interpreting into Arabic" in html and "Step-free access" in html and "Stuhl" in html
    assert f"/anmeldung/{registration.token}/abmelden/" in html
    assert f"/veranstaltungen/{event.pk}/kalender.ics" in html


def test_an_unknown_or_foreign_token_answers_404(client, event, minden):
    registration = RegistrationFactory(event=event)
    other = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/en/bensheim/veranstaltungen/anmeldung/{other}/").status_code == 404
    url = f"/en/minden/veranstaltungen/anmeldung/{registration.token}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "abmelden/").status_code == 404


def test_cancelling_asks_first_and_then_cancels(client, event):
    registration = RegistrationFactory(event=event)
    url = f"/en/bensheim/veranstaltungen/anmeldung/{registration.token}/abmelden/"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Yes, cancel my registration" in confirm.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    response = client.post(url, follow=True)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    html = response.content.decode()
    assert 'data-status="cancelled"' in html and "Your registration is cancelled" in html
    assert "Cancel my registration" not in html


# --- Feedback ---------------------------------------------------------------------------------
@pytest.fixture
def held(bensheim):
    return EventFactory(
        organiser__municipality=bensheim,
        registration_enabled=True,
        starts_at=timezone.now() - 2 * DAY,
    )


def feedback_url(event, token, language="en"):
    return f"/{language}/bensheim/veranstaltungen/{event.pk}/rueckmeldung/{token}/"


def test_a_registration_gives_feedback_once_through_its_link(client, held):
    registration = RegistrationFactory(event=held)
    url = feedback_url(held, registration.token)
    assert 'id="feedback-form"' in client.get(url).content.decode()
    response = client.post(url, {"rating": "4", "liked": "Das Essen", "come_again": "yes"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="feedback-given"' in page and 'id="feedback-form"' not in page
    client.post(url, {"rating": "1"})
    assert Feedback.objects.for_municipality(held.municipality).filter(event=held).count() == 1


def test_someone_who_stayed_on_the_waiting_list_is_not_asked(client, held):
    registration = RegistrationFactory(event=held, status=RegistrationStatus.WAITING)
    url = feedback_url(held, registration.token)
    html = client.get(url).content.decode()
    assert 'id="feedback-closed"' in html and 'id="feedback-form"' not in html
    client.post(url, {"rating": "5"})
    assert not Feedback.objects.for_municipality(held.municipality).exists()


def test_the_events_feedback_link_takes_several_answers(client, held):
    url = feedback_url(held, held.feedback_token, "tr")
    for rating in ("5", "3"):
        assert client.post(url, {"rating": rating}).status_code == 302
    assert 'id="feedback-form"' in client.get(url).content.decode()
    assert Feedback.objects.for_municipality(held.municipality).filter(event=held).count() == 2


def test_feedback_before_the_event_is_not_taken(client, event):
    url = feedback_url(event, event.feedback_token)
    assert 'id="feedback-closed"' in client.get(url).content.decode()
    client.post(url, {"rating": "5"})
    assert not Feedback.objects.for_municipality(event.municipality).exists()


def test_feedback_with_a_wrong_token_answers_404(client, held, event):
    other_events_registration = RegistrationFactory(event=event)
    assert client.get(feedback_url(held, other_events_registration.token)).status_code == 404
    assert client.get(feedback_url(held, event.feedback_token)).status_code == 404


def test_an_empty_feedback_form_is_explained(client, held):
    response = client.post(feedback_url(held, held.feedback_token), {"rating": ""})
    assert response.status_code == 200
    assert "Answer at least one question" in response.content.decode()
