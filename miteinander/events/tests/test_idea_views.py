"""Pages of the ideas wall: who opens the board, sorting by plain forms and by script, the
public phone page in every language, the projector, the poster and the exports."""

import csv
import io
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from miteinander.actionplan.models import Measure, MeasureStatus
from miteinander.events.models import Idea, IdeaCluster, IdeaSource
from miteinander.municipalities.models import Role
from tests.factories import (
    EventFactory,
    GoalFactory,
    IdeaClusterFactory,
    IdeaFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "coordination",
    "organiser",  # the network partner of the organising organisation
    "co_organiser",  # the network partner of a co-organiser
    "other_partner",  # a network partner of another organisation of the town
    "integration_guide",
    "reader",
    "other_town",  # Minden's coordinator
    "anonymous",
]
CHANGE = dict.fromkeys(ROLES, 404) | {
    "coordination": 200,
    "organiser": 200,
    "co_organiser": 200,
    "anonymous": 302,
}


def url(name, event, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(
            f"events:{name}",
            kwargs={"municipality_slug": event.municipality.slug, "pk": event.pk, **kwargs},
        )


def post_url(event, lang="en", token=None):
    with translation.override(lang):
        return reverse(
            "events-public:idea_post",
            kwargs={
                "municipality_slug": event.municipality.slug,
                "pk": event.pk,
                "token": token or event.ideas_token,
            },
        )


@pytest.fixture
def event(bensheim):
    event = EventFactory(
        organiser=OrganisationFactory(municipality=bensheim, name="Jugendzentrum"),
        title="Bergfest",
        ideas_enabled=True,
        ideas_question="Was wünschen Sie sich für Bensheim?",
    )
    event.co_organisers.add(OrganisationFactory(municipality=bensheim, name="Caritas"))
    return event


@pytest.fixture
def wall(event):
    mobility = IdeaClusterFactory(event=event, title="Mobilität", position=0)
    return {
        "mobility": mobility,
        "a": IdeaFactory(event=event, text="Mehr Busse am Abend", position=0),
        "b": IdeaFactory(event=event, text="Ein Sprachcafé", position=1, source=IdeaSource.PAPER),
        "m1": IdeaFactory(event=event, text="Radwege", cluster=mobility, position=0),
        "hidden": IdeaFactory(
            event=event, text="Werbung für Kredite", cluster=mobility, position=1, is_hidden=True
        ),
    }


@pytest.fixture
def login(client, bensheim, minden, member_of, event):
    def as_role(role):
        if role == "anonymous":
            return client
        if role == "other_town":
            user = member_of(minden, Role.COORDINATION)
        elif role in ("organiser", "co_organiser", "other_partner"):
            organisation = {
                "organiser": event.organiser,
                "co_organiser": event.co_organisers.get(),
                "other_partner": OrganisationFactory(municipality=bensheim),
            }[role]
            user = UserFactory()
            MembershipFactory(
                municipality=bensheim,
                user=user,
                role=Role.NETWORK_PARTNER,
                organisation=organisation,
            )
        else:
            user = member_of(bensheim, Role(role))
        client.force_login(user)
        return client

    return as_role


def cards(event, cluster=None):
    rows = Idea.objects.for_municipality(event.municipality).filter(event=event, cluster=cluster)
    return [idea.text for idea in rows.order_by("position", "id")]


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_board_and_its_pages(login, event, wall, role):
    """Only who may change the event sorts its wall; everyone else gets 404 (login for guests)."""
    client = login(role)
    for name, kwargs in [
        ("ideas", {}),
        ("ideas_projector", {}),
        ("ideas_poster", {}),
        ("ideas_export", {}),
        ("ideas_export_csv", {}),
        ("ideas_edit", {"idea_pk": wall["a"].pk}),
        ("ideas_cluster_delete", {"cluster_pk": wall["mobility"].pk}),
    ]:
        response = client.get(url(name, event, **kwargs))
        assert response.status_code == CHANGE[role], (name, role)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_move_a_card(login, event, wall, role):
    client = login(role)
    response = client.post(
        url("ideas_move", event, idea_pk=wall["a"].pk),
        {"cluster": wall["mobility"].pk, "position": "1"},
    )
    assert response.status_code == (302 if CHANGE[role] in (200, 302) else 404)
    moved = role in ("coordination", "organiser", "co_organiser")
    assert (cards(event, wall["mobility"])[0] == "Mehr Busse am Abend") is moved


def test_an_event_of_another_town_is_not_found(login, event, minden):
    client = login("coordination")
    foreign = EventFactory(organiser__municipality=minden, ideas_enabled=True)
    with translation.override("en"):
        address = reverse(
            "events:ideas", kwargs={"municipality_slug": "bensheim", "pk": foreign.pk}
        )
    assert client.get(address).status_code == 404


def test_a_card_of_another_event_is_not_found(login, event, wall):
    client = login("coordination")
    other = IdeaFactory(event__organiser__municipality=event.municipality)
    response = client.post(url("ideas_hide", event, idea_pk=other.pk))
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.is_hidden


# --- The board --------------------------------------------------------------------------------


def test_the_board_shows_columns_cards_and_a_move_form_on_every_card(login, event, wall):
    client = login("coordination")
    response = client.get(url("ideas", event))
    html = response.content.decode()
    columns = response.context["columns"]
    assert [c.cluster.title if c.cluster else None for c in columns] == [None, "Mobilität"]
    assert [i.text for i in columns[1].ideas] == ["Radwege", "Werbung für Kredite"]
    for card in (wall["a"], wall["b"], wall["m1"], wall["hidden"]):
        assert f'id="idea-{card.pk}-cluster"' in html
        assert f'id="idea-{card.pk}-position"' in html
        assert url("ideas_move", event, idea_pk=card.pk) in html
    assert "Was wünschen Sie sich für Bensheim?" in html
    assert "<svg" in html and "ideas-board.js" in html
    assert 'role="status"' in html and 'id="ideas-board-status"' in html


def test_the_board_fragment_is_the_columns_only(login, event, wall):
    client = login("organiser")
    html = client.get(url("ideas", event) + "?fragment=board").content.decode()
    assert html.lstrip().startswith('<div class="ideas-board">')
    assert "Radwege" in html and "<html" not in html


def test_moving_with_the_plain_form_goes_back_to_the_card(login, event, wall):
    client = login("coordination")
    response = client.post(
        url("ideas_move", event, idea_pk=wall["b"].pk),
        {"cluster": wall["mobility"].pk, "position": "1"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(f"#idea-{wall['b'].pk}")
    assert cards(event, wall["mobility"]) == ["Ein Sprachcafé", "Radwege", "Werbung für Kredite"]
    assert cards(event) == ["Mehr Busse am Abend"]
    assert "The card is now in “Mobilität”, at position 1 of 3." in response.content.decode()


def test_moving_by_script_answers_in_json(login, event, wall):
    client = login("coordination")
    response = client.post(
        url("ideas_move", event, idea_pk=wall["m1"].pk),
        {"cluster": "unsorted", "position": "1"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "message": "The card is now in “Unsorted”, at position 1 of 3.",
        "idea": wall["m1"].pk,
        "cluster": None,
        "position": 1,
    }
    assert cards(event) == ["Radwege", "Mehr Busse am Abend", "Ein Sprachcafé"]


def test_a_group_of_another_town_as_target_is_refused(login, event, wall, minden):
    client = login("coordination")
    foreign = IdeaClusterFactory(event__organiser__municipality=minden)
    response = client.post(
        url("ideas_move", event, idea_pk=wall["a"].pk),
        {"cluster": foreign.pk, "position": "1"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "Reload the board" in response.json()["error"]
    assert cards(event) == ["Mehr Busse am Abend", "Ein Sprachcafé"]
    assert not IdeaCluster.objects.for_municipality(minden).get().ideas.exists()


def test_a_position_below_one_is_refused_with_a_message(login, event, wall):
    client = login("coordination")
    response = client.post(
        url("ideas_move", event, idea_pk=wall["a"].pk),
        {"cluster": "unsorted", "position": "0"},
        follow=True,
    )
    assert "Give a position of 1 or more." in response.content.decode()
    assert cards(event) == ["Mehr Busse am Abend", "Ein Sprachcafé"]


def test_paper_cards_are_typed_up_and_a_mistake_keeps_the_text(login, event, wall):
    client = login("coordination")
    response = client.post(
        url("ideas_paper", event),
        {"text": "Kurze Karte\n" + "z" * 501, "cluster": "unsorted"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Card 2 is too long" in html
    assert "Kurze Karte" in html  # the typed text is still in the form
    assert len(cards(event)) == 2
    response = client.post(
        url("ideas_paper", event),
        {"text": "Kurze Karte\nNoch eine", "cluster": str(wall["mobility"].pk)},
        follow=True,
    )
    assert "2 cards have been added." in response.content.decode()
    assert cards(event, wall["mobility"])[-2:] == ["Kurze Karte", "Noch eine"]


def test_groups_are_added_renamed_reordered_and_removed(login, event, wall):
    client = login("organiser")
    response = client.post(url("ideas_cluster_add", event), {"title": ""})
    assert response.status_code == 400
    assert "Give the group a title." in response.content.decode()
    client.post(url("ideas_cluster_add", event), {"title": "Kultur"})
    culture = IdeaCluster.objects.for_municipality(event.municipality).get(title="Kultur")
    client.post(url("ideas_cluster_move", event, cluster_pk=culture.pk), {"position": "1"})
    client.post(
        url("ideas_cluster_rename", event, cluster_pk=wall["mobility"].pk), {"title": "Verkehr"}
    )
    titles = IdeaCluster.objects.for_municipality(event.municipality).filter(event=event)
    assert [c.title for c in titles] == ["Kultur", "Verkehr"]
    page = client.get(url("ideas_cluster_delete", event, cluster_pk=wall["mobility"].pk))
    assert "Its 2 cards go back to the unsorted cards" in page.content.decode()
    client.post(url("ideas_cluster_delete", event, cluster_pk=wall["mobility"].pk))
    assert cards(event) == [
        "Mehr Busse am Abend", "Ein Sprachcafé", "Radwege", "Werbung für Kredite"
    ]  # fmt: skip


def test_hiding_showing_and_editing_a_card(login, event, wall):
    client = login("co_organiser")
    client.post(url("ideas_hide", event, idea_pk=wall["a"].pk))
    wall["a"].refresh_from_db()
    assert wall["a"].is_hidden
    client.post(url("ideas_unhide", event, idea_pk=wall["a"].pk))
    wall["a"].refresh_from_db()
    assert not wall["a"].is_hidden
    response = client.post(url("ideas_edit", event, idea_pk=wall["a"].pk), {"text": "  "})
    assert "Write your idea before sending it." in response.content.decode()
    client.post(url("ideas_edit", event, idea_pk=wall["a"].pk), {"text": "Nachtbus"})
    wall["a"].refresh_from_db()
    assert wall["a"].text == "Nachtbus"


def test_closing_and_opening_the_wall(login, event, wall, client):
    staff = login("coordination")
    staff.post(url("ideas_open", event), {"open": "0"})
    event.refresh_from_db()
    assert not event.ideas_open
    html = staff.get(post_url(event)).content.decode()
    assert "The ideas wall is closed at the moment" in html and "<textarea" not in html
    staff.post(url("ideas_open", event), {"open": "1"})
    event.refresh_from_db()
    assert event.ideas_open


def test_the_wall_settings_switch_it_on_with_a_question(login, event):
    event.ideas_enabled = False
    event.save()
    client = login("coordination")
    assert "The ideas wall is switched off" in client.get(url("ideas", event)).content.decode()
    response = client.post(
        url("ideas_settings", event), {"enabled": "on", "question": "Was fehlt?"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.ideas_enabled and event.ideas_question == "Was fehlt?"


# --- Measures ---------------------------------------------------------------------------------


def test_coordination_turns_a_group_into_a_measure_and_the_board_links_it(login, event, wall):
    goal = GoalFactory(field_of_action__municipality=event.municipality, title="Mobil sein")
    client = login("coordination")
    address = url("ideas_cluster_measure", event, cluster_pk=wall["mobility"].pk)
    page = client.get(address).content.decode()
    assert "Mobil sein" in page and "Radwege" in page and "Werbung für Kredite" not in page
    response = client.post(address, {"goal": goal.pk, "title": "Sicher mit dem Rad", "number": ""})
    assert response.status_code == 302
    measure = Measure.objects.for_municipality(event.municipality).get()
    assert (measure.title, measure.status, measure.goal) == (
        "Sicher mit dem Rad", MeasureStatus.PLANNED, goal
    )  # fmt: skip
    board = client.get(url("ideas", event)).content.decode()
    assert measure.get_absolute_url() in board
    # Asked again, the page leads to the measure instead of making a second one.
    assert client.get(address)["Location"] == measure.get_absolute_url()


def test_a_goal_of_another_town_cannot_be_chosen(login, event, wall, minden):
    client = login("coordination")
    GoalFactory(field_of_action__municipality=event.municipality)
    foreign = GoalFactory(field_of_action__municipality=minden)
    response = client.post(
        url("ideas_cluster_measure", event, cluster_pk=wall["mobility"].pk),
        {"goal": foreign.pk, "title": "Rad"},
    )
    assert "Choose a goal of this town's action plan." in unescape(response.content.decode())
    assert not Measure.objects.for_municipality(event.municipality).exists()
    assert not Measure.objects.for_municipality(minden).exists()


def test_without_goals_the_page_says_to_add_one_first(login, event, wall):
    client = login("coordination")
    html = client.get(
        url("ideas_cluster_measure", event, cluster_pk=wall["mobility"].pk)
    ).content.decode()
    assert "The action plan has no goal yet" in html and "<select" not in html


def test_a_network_partner_sorts_but_does_not_add_measures_to_the_plan(login, event, wall):
    """The action plan is coordination's: the organiser's partner sees no such link, gets 404."""
    GoalFactory(field_of_action__municipality=event.municipality)
    client = login("organiser")
    address = url("ideas_cluster_measure", event, cluster_pk=wall["mobility"].pk)
    assert address not in client.get(url("ideas", event)).content.decode()
    assert client.get(address).status_code == 404
    assert client.post(address, {"title": "x"}).status_code == 404


# --- Projector, poster, exports ---------------------------------------------------------------


def test_the_projector_shows_the_visible_cards_the_qr_code_and_refreshes(login, event, wall):
    client = login("coordination")
    html = client.get(url("ideas_projector", event)).content.decode()
    assert "Was wünschen Sie sich für Bensheim?" in html
    assert "Radwege" in html and "Mehr Busse am Abend" in html
    assert "Werbung für Kredite" not in html
    assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
    assert 'hx-trigger="every 10s"' in html
    assert "<svg" in html and f"ideen/<wbr>{event.ideas_token.hex[:8]}/" in html
    fragment = client.get(url("ideas_projector", event) + "?fragment=cards").content.decode()
    assert "Radwege" in fragment and "<html" not in fragment


def test_the_poster_has_the_question_and_the_qr_code(login, event):
    html = login("organiser").get(url("ideas_poster", event)).content.decode()
    assert "Was wünschen Sie sich für Bensheim?" in html
    assert '<svg role="img"' in html
    assert "فارسی" in html and "Українська" in html  # the languages one can post in


def test_the_exports_list_every_card_with_its_group(login, event, wall):
    client = login("coordination")
    IdeaFactory(event=event, text="=HYPERLINK(1)", position=2)
    response = client.get(url("ideas_export", event))
    assert response["Content-Disposition"].startswith('attachment; filename="ideen-bergfest-')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Group", "Idea", "Source", "Hidden", "Created"]
    assert [row[:4] for row in rows[1:]] == [
        ["Unsorted", "Mehr Busse am Abend", "Posted by a participant", "no"],
        ["Unsorted", "Ein Sprachcafé", "From a paper card", "no"],
        ["Unsorted", "'=HYPERLINK(1)", "Posted by a participant", "no"],
        ["Mobilität", "Radwege", "Posted by a participant", "no"],
        ["Mobilität", "Werbung für Kredite", "Posted by a participant", "yes"],
    ]
    response = client.get(url("ideas_export_csv", event))
    text = response.content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0] == ["Group", "Idea", "Source", "Hidden", "Created"]
    assert table[4][:2] == ["Mobilität", "Radwege"]
    assert len(table[4][4]) == len("2026-12-12 14:05")


# --- The public phone page --------------------------------------------------------------------


def test_the_phone_page_works_in_arabic_right_to_left(client, event):
    response = client.get(post_url(event, "ar"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar" dir="rtl"' in html
    assert 'lang="de" dir="ltr">Was wünschen Sie sich für Bensheim?' in html
    response = client.post(post_url(event, "ar"), {"text": "مقهى لغات", "website": ""})
    assert response.status_code == 302 and response["Location"] == post_url(event, "ar")
    assert cards(event) == ["مقهى لغات"]
    again = client.get(response["Location"]).content.decode()
    assert "<textarea" in again  # a form for the next idea


@pytest.mark.parametrize("lang", ["de", "en", "ar", "tr", "uk", "ru", "fa"])
def test_the_phone_page_opens_in_every_language(client, event, lang):
    response = client.get(post_url(event, lang))
    assert response.status_code == 200
    assert f'lang="{lang}" dir="{"rtl" if lang in ("ar", "fa") else "ltr"}"' in (
        response.content.decode()
    )


def test_after_posting_the_page_thanks_and_offers_the_next_card(client, event):
    response = client.post(post_url(event), {"text": "Ein Stadtteilfest"}, follow=True)
    html = response.content.decode()
    assert "Thank you! Your idea is on the wall." in html
    assert "<textarea" in html


def test_an_empty_idea_gets_a_message_and_nothing_is_saved(client, event):
    response = client.post(post_url(event), {"text": "   "})
    assert response.status_code == 200
    assert "Write your idea before sending it." in response.content.decode()
    assert cards(event) == []


def test_the_honeypot_keeps_robots_out_quietly(client, event):
    response = client.post(
        post_url(event), {"text": "Billige Uhren", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert cards(event) == []


def test_one_browser_may_post_only_so_many_ideas_in_a_short_time(client, event):
    for number in range(10):
        client.post(post_url(event), {"text": f"Idee {number}"})
    response = client.post(post_url(event), {"text": "Idee 11"})
    assert "You have posted many ideas in a short time." in response.content.decode()
    assert len(cards(event)) == 10


def test_nothing_about_the_poster_is_kept(client, event):
    client.post(post_url(event), {"text": "Mehr Grün"}, REMOTE_ADDR="203.0.113.7")
    from miteinander.core.models import AuditEntry

    entry = AuditEntry.objects.get(action="idea.post")
    assert entry.actor is None
    assert "203.0.113.7" not in str(entry.changes) + entry.summary


@pytest.mark.parametrize(
    "change",
    [{"status": "draft"}, {"ideas_enabled": False}],
)
def test_the_phone_page_is_not_found_for_a_draft_or_a_switched_off_wall(client, event, change):
    for name, value in change.items():
        setattr(event, name, value)
    event.save()
    assert client.get(post_url(event)).status_code == 404


def test_a_wrong_token_or_another_events_token_is_not_found(client, event):
    other = EventFactory(organiser__municipality=event.municipality, ideas_enabled=True)
    assert client.get(post_url(event, token=other.ideas_token)).status_code == 404
    response = client.post(post_url(event, token=other.ideas_token), {"text": "x"})
    assert response.status_code == 404
    assert cards(event) == [] and cards(other) == []


def test_a_closed_wall_says_so_and_refuses_a_post(client, event):
    event.ideas_open = False
    event.save()
    html = client.get(post_url(event)).content.decode()
    assert "The ideas wall is closed at the moment" in html
    response = client.post(post_url(event), {"text": "Noch eine Idee"})
    assert "The ideas wall is closed at the moment" in response.content.decode()
    assert cards(event) == []


def test_the_short_address_leads_to_the_wall_in_the_visitors_language(client, event):
    code = event.ideas_token.hex[:8]
    path = f"/{event.municipality.slug}/veranstaltungen/{event.pk}/ideen/{code}/"
    first = client.get(path, headers={"Accept-Language": "uk"})
    assert first.status_code == 302 and first["Location"] == "/uk" + path
    second = client.get(first["Location"])
    assert second["Location"] == post_url(event, "uk")
    wrong = f"/uk/{event.municipality.slug}/veranstaltungen/{event.pk}/ideen/00000000/"
    assert code == "00000000" or client.get(wrong).status_code == 404


def test_the_projector_sends_a_logged_out_screen_to_the_login(client, event):
    response = client.get(
        url("ideas_projector", event) + "?fragment=cards", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "/accounts/login/" in response["HX-Redirect"]


def test_the_board_needs_the_same_queries_for_many_cards(
    login, event, django_assert_max_num_queries
):
    client = login("coordination")
    for title in ("Bildung", "Arbeit", "Teilhabe"):
        IdeaClusterFactory(event=event, title=title)
    client.get(url("ideas", event))  # session and roles warmed up
    IdeaFactory.create_batch(5, event=event)
    with django_assert_max_num_queries(12) as few:
        client.get(url("ideas", event))
    IdeaFactory.create_batch(40, event=event)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("ideas", event))
