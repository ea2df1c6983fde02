"""A visitor registers for an event in Ukrainian, in a real browser, and sees the confirmation.

The texts will be translated later, so the test finds fields by their ids and checks structure
and status, not Ukrainian words.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from miteinander.events.models import DiversityCount, Registration, RegistrationStatus
from tests.factories import EventFactory, EventTranslationFactory, OrganisationFactory

from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sprachcafe(bensheim):
    event = EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Caritas Bensheim"),
        title="Sprachcafé für Familien",
        registration_enabled=True,
        capacity=12,
        childcare=True,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    EventTranslationFactory(event=event, language="uk", title="Мовне кафе для сімей")
    return event


def test_a_visitor_registers_in_ukrainian_and_sees_the_confirmation(
    live_server, sprachcafe, page, screenshot
):
    page.goto(f"{live_server.url}/uk/bensheim/veranstaltungen/{sprachcafe.pk}/anmelden/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1 bdi").get_attribute("lang") == "uk"
    assert page.locator("#places-left").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "event-registration-form-uk")

    page.locator("#id_name").fill("Олена")
    page.locator("#id_email").fill("olena@example.org")
    page.locator("#id_interpreting_into").select_option("uk")
    page.locator("#id_childcare_children").fill("2")
    page.locator("input[name='diversity_age_band'][value='27_44']").check()
    # The spam trap stays out of sight.
    assert not page.locator("#id_website").is_visible()
    page.locator("#registration-form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/uk/bensheim/veranstaltungen/anmeldung/[0-9a-f-]{36}/$"))
    assert page.locator("#registration-status").get_attribute("data-status") == "confirmed"
    assert page.locator("#registration-status .kern-alert--success").is_visible()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert axe_violations(page) == []
    screenshot(page, "event-registration-confirmed-uk")

    registration = Registration.objects.for_municipality(sprachcafe.municipality).get(
        event=sprachcafe
    )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == "uk" and registration.interpreting_into == "uk"
    assert registration.childcare_children == 2
    assert page.url.endswith(f"/anmeldung/{registration.token}/")
    counted = DiversityCount.objects.filter(
        event=sprachcafe, municipality=sprachcafe.municipality, count=1
    )
    assert [(row.dimension, row.value) for row in counted] == [("age_band", "27_44")]
    [message] = mail.outbox
    assert message.to == ["olena@example.org"]
    assert f"/uk/bensheim/veranstaltungen/anmeldung/{registration.token}/" in message.body


def test_a_mistake_is_shown_in_an_error_summary_without_losing_the_input(
    live_server, sprachcafe, page
):
    page.goto(f"{live_server.url}/uk/bensheim/veranstaltungen/{sprachcafe.pk}/anmelden/")
    page.locator("#id_name").fill("Олена")
    page.locator("#id_email").fill("keine-adresse")
    page.locator("#registration-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary a[href='#id_email']").is_visible()
    assert page.locator("#id_name").input_value() == "Олена"
    assert not Registration.objects.for_municipality(sprachcafe.municipality).exists()


def test_staff_check_people_in_without_javascript_and_the_pages_are_accessible(
    live_server, sprachcafe, browser, coordinator, screenshot
):
    from tests.factories import PASSWORD, RegistrationFactory

    RegistrationFactory(event=sprachcafe, name="Olena", interpreting_into="uk")
    RegistrationFactory(event=sprachcafe, name="Jonas", needs_step_free_access=True)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    base = f"{live_server.url}/en/bensheim/workspace/events/{sprachcafe.pk}/participants/"

    page.goto(base + "check-in/")
    row = page.locator("#check-in-list tr", has_text="Olena")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert (
        page.locator("#check-in-list tr", has_text="Olena")
        .locator("input[name=checked_in][value='0']")
        .count()
        == 1
    )
    screenshot(page, "event-check-in-en")
    context.close()

    # axe needs JavaScript: the same pages in a normal browser context.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.locator("input[name=login]").fill(coordinator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    for name in ("", "check-in/", "self-description/", "evaluation/"):
        page.goto(base + name)
        assert axe_violations(page) == [], name
    screenshot(page, "event-evaluation-en")
    context.close()
