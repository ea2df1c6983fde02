"""The workspace of the directory in a real browser: add an offering, review pages, axe-core."""

import pytest

from miteinander.offerings import services
from miteinander.offerings.models import Offering, OfferingStatus
from tests.browser.test_accessibility import axe_violations
from tests.factories import PASSWORD, OfferingFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(user.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def test_coordination_adds_an_offering_with_hours(
    live_server, bensheim, coordinator, page, screenshot
):
    services.directory_setup(municipality=bensheim)
    OrganisationFactory(municipality=bensheim, name="Caritas Bensheim")
    log_in(page, live_server, coordinator)
    base = f"{live_server.url}/en/bensheim/workspace/offerings"
    page.goto(f"{base}/new/")

    # Publishing an empty form names what is missing, keeps the page accessible, saves nothing.
    page.get_by_role("button", name="Save and publish").click()
    assert page.get_by_text("Nothing has been saved").is_visible()
    assert page.get_by_text("Give the offering a German title.").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Title (German)").fill("Sprachcafé im Bürgerhaus")
    page.get_by_label("Provider").select_option(label="Caritas Bensheim")
    page.get_by_label("Kind", exact=True).select_option(label="Begegnung und Treffpunkt")
    page.get_by_label("Street and number").fill("Hauptstraße 53")
    page.get_by_label("Postcode").fill("64625")
    page.get_by_role("group", name="Opening hours 1").get_by_label("Weekday").select_option("2")
    page.get_by_role("group", name="Opening hours 1").get_by_label("Opens").fill("15:00")
    page.get_by_role("group", name="Opening hours 1").get_by_label("Closes").fill("17:30")
    page.locator("#id_tr-ar-title").fill("مقهى اللغة")
    screenshot(page, "offerings-editor")
    page.get_by_role("button", name="Save and publish").click()

    assert page.get_by_role("heading", name="Sprachcafé im Bürgerhaus").is_visible()
    offering = Offering.objects.for_municipality(bensheim).get()
    assert offering.is_published
    assert offering.opening_hours.get().weekday == 2
    assert axe_violations(page) == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_workspace_pages_have_no_axe_violations(live_server, bensheim, coordinator, page, language):
    services.directory_setup(municipality=bensheim)
    offering = OfferingFactory(provider__municipality=bensheim, status=OfferingStatus.SUBMITTED)
    log_in(page, live_server, coordinator)
    base = f"{live_server.url}/{language}/bensheim/workspace/offerings"
    for path in ("/", "/review/", "/settings/", f"/{offering.pk}/", f"/{offering.pk}/edit/",
                 f"/{offering.pk}/send-back/"):  # fmt: skip
        page.goto(base + path)
        assert axe_violations(page) == [], path
