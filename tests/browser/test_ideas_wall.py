"""The ideas wall in Chromium: a card posted by phone in Arabic, then sorted on the board with
the keyboard (the plain form, and the arrow keys with their announcement), and by dragging."""

import pytest
from django.urls import reverse
from django.utils import translation

from miteinander.events.models import Idea, IdeaCluster
from tests.browser.test_accessibility import axe_violations
from tests.browser.test_network_graph import log_in, with_csp
from tests.factories import EventFactory, IdeaClusterFactory, IdeaFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def event(bensheim):
    event = EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Jugendzentrum"),
        title="Bergfest",
        ideas_enabled=True,
        ideas_question="Was wünschen Sie sich für Bensheim?",
    )
    IdeaClusterFactory(event=event, title="Mobilität", position=0)
    IdeaClusterFactory(event=event, title="Kultur", position=1)
    IdeaFactory(event=event, text="Mehr Busse am Abend", position=0)
    IdeaFactory(event=event, text="Ein Sprachcafé", position=1)
    return event


def card(event, text):
    return (
        Idea.objects.for_municipality(event.municipality)
        .select_related("cluster")
        .get(event=event, text=text)
    )


def group(event, title):
    return IdeaCluster.objects.for_municipality(event.municipality).get(event=event, title=title)


def board_url(live_server, event):
    with translation.override("en"):
        path = reverse("events:ideas", kwargs={"municipality_slug": "bensheim", "pk": event.pk})
    return live_server.url + path


def test_a_phone_posts_an_idea_in_arabic(live_server, event, phone, screenshot):
    with translation.override("ar"):
        path = reverse(
            "events-public:idea_post",
            kwargs={"municipality_slug": "bensheim", "pk": event.pk, "token": event.ideas_token},
        )
    phone.goto(live_server.url + path)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(phone) == []
    phone.locator("textarea").fill("مقهى للغات في الحي")
    phone.locator("form#idea-form button[type=submit]").click()
    phone.wait_for_selector(".kern-alert--success")
    assert axe_violations(phone) == []
    screenshot(phone, "ideas-post-ar")
    assert card(event, "مقهى للغات في الحي").cluster is None


def test_staff_sort_a_card_with_the_keyboard_and_it_stays_sorted(
    live_server, event, coordinator, page, screenshot
):
    url = board_url(live_server, event)
    log_in(page, live_server, coordinator)
    with_csp(page, url)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    bus = card(event, "Mehr Busse am Abend")

    # The plain form on the card, used with the keyboard only.
    item = page.locator(f"#idea-{bus.pk}")
    item.locator("summary").focus()
    page.keyboard.press("Enter")
    screenshot(page, "ideas-card-actions-en")
    select = item.get_by_label("Move to")
    select.focus()
    page.keyboard.press("ArrowDown")  # from "Unsorted" to the first group
    assert select.evaluate("s => s.selectedOptions[0].text") == "Mobilität"
    item.get_by_label("Position").focus()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#idea-{bus.pk}")
    assert card(event, "Mehr Busse am Abend").cluster.title == "Mobilität"
    page.reload()
    mobility = page.locator(f"#group-{group(event, 'Mobilität').pk}")
    assert mobility.locator(".idea-card", has_text="Mehr Busse am Abend").count() == 1

    # With the script: the arrow keys on the card's move button, announced in the live region.
    handle = page.locator(f"#idea-{bus.pk} .idea-card__handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    status = page.locator("#ideas-board-status")
    page.wait_for_function(
        "() => document.getElementById('ideas-board-status').textContent.includes('Kultur')"
    )
    assert status.get_attribute("aria-live") == "polite"
    assert card(event, "Mehr Busse am Abend").cluster.title == "Kultur"
    # The focus stays on the moved card's button, so the next key press moves it on.
    assert page.evaluate("document.activeElement.closest('.idea-card').id") == f"idea-{bus.pk}"
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.getElementById('ideas-board-status').textContent.includes('Mobilität')"
    )
    assert card(event, "Mehr Busse am Abend").cluster.title == "Mobilität"
    screenshot(page, "ideas-board-en")
    assert errors == []
    assert page.evaluate("window.cspViolations") == []


def test_staff_drag_a_card_into_a_group(live_server, event, coordinator, page):
    log_in(page, live_server, coordinator)
    page.goto(board_url(live_server, event))
    assert axe_violations(page) == []
    cafe = card(event, "Ein Sprachcafé")
    culture = page.locator(f"#group-{group(event, 'Kultur').pk}")
    page.locator(f"#idea-{cafe.pk} .idea-card__text").drag_to(
        culture.locator(".ideas-column__cards")
    )
    page.wait_for_function(
        "() => document.getElementById('ideas-board-status').textContent.includes('Kultur')"
    )
    assert card(event, "Ein Sprachcafé").cluster.title == "Kultur"
    assert culture.locator(".idea-card", has_text="Ein Sprachcafé").count() == 1


def test_the_projector_and_the_poster_read_well(live_server, event, coordinator, page, screenshot):
    IdeaFactory(event=event, text="Radwege", cluster=group(event, "Mobilität"))
    IdeaFactory(event=event, text="Werbung", is_hidden=True, position=5)
    log_in(page, live_server, coordinator)
    base = board_url(live_server, event)
    page.goto(base + "projector/")
    assert page.locator("h1").inner_text() == "Was wünschen Sie sich für Bensheim?"
    assert page.get_by_text("Radwege").is_visible()
    assert page.get_by_text("Werbung").count() == 0
    assert axe_violations(page) == []
    screenshot(page, "ideas-projector-en")
    # htmx fetches the cards again: a card posted meanwhile appears without a reload.
    IdeaFactory(event=event, text="Ein Nachtcafé", position=6)
    page.get_by_text("Ein Nachtcafé").wait_for(timeout=15_000)
    page.goto(base + "poster/")
    assert page.locator("svg[role=img]").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "ideas-poster-en")
