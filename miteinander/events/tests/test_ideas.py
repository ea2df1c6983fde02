"""The ideas wall's services: posting, paper cards, sorting, groups and measures."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from miteinander.actionplan.models import Measure, MeasureStatus
from miteinander.core.models import AuditEntry
from miteinander.events import ideas
from miteinander.events.models import Idea, IdeaCluster, IdeaSource
from tests.factories import (
    EventFactory,
    GoalFactory,
    IdeaClusterFactory,
    IdeaFactory,
    MunicipalityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The messages asserted here are the English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def event(bensheim):
    return EventFactory(
        organiser__municipality=bensheim,
        title="Bergfest",
        ideas_enabled=True,
        ideas_question="Was wünschen Sie sich für Bensheim?",
    )


@pytest.fixture
def staff():
    return UserFactory()


def column_texts(event, cluster=None):
    rows = Idea.objects.for_municipality(event.municipality).filter(event=event, cluster=cluster)
    return [(idea.text, idea.position) for idea in rows.order_by("position", "id")]


def audits(action):
    return AuditEntry.objects.filter(action=action)


# --- Posting ----------------------------------------------------------------------------------


def test_a_posted_idea_lands_anonymously_at_the_end_of_the_unsorted_cards(event):
    IdeaFactory(event=event, text="Mehr Sitzbänke", position=0)
    idea = ideas.idea_post(event=event, token=event.ideas_token, text="  Ein Sprachcafé\r\n  ")
    assert idea.text == "Ein Sprachcafé"
    assert idea.source == IdeaSource.ONLINE
    assert idea.cluster is None and idea.position == 1
    entry = audits("idea.post").get()
    assert entry.actor is None and entry.object_id == str(idea.pk)
    # The card has no field that could hold who posted it.
    assert {field.name for field in Idea._meta.concrete_fields} == {
        "id", "created_at", "updated_at", "municipality", "event", "text", "cluster",
        "position", "source", "is_hidden",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    [("   \n ", "Write your idea before sending it."), ("x" * 501, "it has 501 characters")],
)
def test_an_empty_or_too_long_idea_is_refused_with_a_clear_message(event, text, message):
    with pytest.raises(ValidationError) as error:
        ideas.idea_post(event=event, token=event.ideas_token, text=text)
    assert message in " ".join(error.value.messages)
    assert not Idea.objects.for_municipality(event.municipality).exists()


def test_an_idea_of_exactly_500_characters_fits(event):
    assert len(ideas.idea_post(event=event, token=event.ideas_token, text="x" * 500).text) == 500


def test_a_closed_wall_refuses_ideas(event):
    event.ideas_open = False
    event.save()
    with pytest.raises(ValidationError) as error:
        ideas.idea_post(event=event, token=event.ideas_token, text="Ein Nachbarschaftsfest")
    assert error.value.code == "closed"
    assert "closed" in error.value.messages[0]
    assert not Idea.objects.for_municipality(event.municipality).exists()


@pytest.mark.parametrize(
    "change", [{"ideas_enabled": False}, {"status": "draft"}, {"status": "cancelled"}]
)
def test_a_switched_off_unpublished_or_cancelled_wall_refuses_ideas(event, change):
    for name, value in change.items():
        setattr(event, name, value)
    event.save()
    with pytest.raises(ValidationError):
        ideas.idea_post(event=event, token=event.ideas_token, text="Ein Nachbarschaftsfest")
    assert not Idea.objects.for_municipality(event.municipality).exists()


def test_the_token_of_another_event_is_refused(event):
    other = EventFactory(organiser__municipality=event.municipality, ideas_enabled=True)
    for token in (other.ideas_token, uuid.uuid4(), "not-a-token"):
        with pytest.raises(ValidationError) as error:
            ideas.idea_post(event=event, token=token, text="Ein Nachbarschaftsfest")
        assert error.value.code == "wrong_token"
    assert not Idea.objects.for_municipality(event.municipality).exists()
    assert ideas.wall_for_posting(
        municipality=event.municipality, pk=event.pk, token=other.ideas_token
    ) is None  # fmt: skip
    assert ideas.wall_for_posting(
        municipality=event.municipality, pk=event.pk, token=event.ideas_token
    ) == event  # fmt: skip


# --- Paper cards ------------------------------------------------------------------------------


def test_paper_cards_are_one_per_line(event, staff):
    text = "Mehr Spielplätze\r\nSprachkurse am Abend\n  Ein Repair-Café "
    added = ideas.idea_add_from_paper(event=event, text=text, acting_user=staff)
    assert [idea.text for idea in added] == [
        "Mehr Spielplätze", "Sprachkurse am Abend", "Ein Repair-Café"
    ]  # fmt: skip


def test_paper_cards_separated_by_empty_lines_may_span_several_lines(event, staff):
    IdeaFactory(event=event, text="online", position=0)
    added = ideas.idea_add_from_paper(
        event=event,
        text="Ein Treffpunkt\nfür Jugendliche\n\nMehr Busse\nam Wochenende",
        acting_user=staff,
    )
    assert [idea.text for idea in added] == [
        "Ein Treffpunkt\nfür Jugendliche",
        "Mehr Busse\nam Wochenende",
    ]
    assert column_texts(event) == [
        ("online", 0),
        ("Ein Treffpunkt\nfür Jugendliche", 1),
        ("Mehr Busse\nam Wochenende", 2),
    ]
    assert {idea.source for idea in added} == {IdeaSource.PAPER}
    assert list(audits("idea.add_paper").values_list("actor", flat=True)) == [staff.pk, staff.pk]


def test_paper_cards_can_go_straight_into_a_group(event, staff):
    cluster = IdeaClusterFactory(event=event, title="Mobilität")
    ideas.idea_add_from_paper(
        event=event, text="Radwege\nCarsharing", cluster=cluster, acting_user=staff
    )
    assert column_texts(event, cluster) == [("Radwege", 0), ("Carsharing", 1)]


def test_one_card_too_long_keeps_the_whole_stack_out(event, staff):
    text = "Erste Karte\n" + "y" * 501 + "\nDritte Karte"
    with pytest.raises(ValidationError) as error:
        ideas.idea_add_from_paper(event=event, text=text, acting_user=staff)
    assert "Card 2 is too long" in error.value.messages[0]
    assert not Idea.objects.for_municipality(event.municipality).exists()


def test_no_paper_cards_at_all_is_refused(event, staff):
    with pytest.raises(ValidationError) as error:
        ideas.idea_add_from_paper(event=event, text=" \n\n ", acting_user=staff)
    assert "at least one card" in error.value.messages[0]


# --- Sorting ----------------------------------------------------------------------------------


@pytest.fixture
def wall(event):
    """Unsorted A B C D; group Mobilität with M1 M2; group Kultur, empty."""
    for position, text in enumerate("ABCD"):
        IdeaFactory(event=event, text=text, position=position)
    mobility = IdeaClusterFactory(event=event, title="Mobilität", position=0)
    culture = IdeaClusterFactory(event=event, title="Kultur", position=1)
    for position, text in enumerate(["M1", "M2"]):
        IdeaFactory(event=event, text=text, cluster=mobility, position=position)
    return {"mobility": mobility, "culture": culture}


def idea(event, text):
    return Idea.objects.for_municipality(event.municipality).get(event=event, text=text)


def test_moving_within_a_column_renumbers_it(event, wall, staff):
    ideas.idea_move(idea=idea(event, "D"), cluster=None, position=0, acting_user=staff)
    assert column_texts(event) == [("D", 0), ("A", 1), ("B", 2), ("C", 3)]
    ideas.idea_move(idea=idea(event, "D"), cluster=None, position=2, acting_user=staff)
    assert column_texts(event) == [("A", 0), ("B", 1), ("D", 2), ("C", 3)]


def test_moving_into_a_group_closes_the_gap_it_leaves(event, wall, staff):
    moved = ideas.idea_move(
        idea=idea(event, "B"), cluster=wall["mobility"], position=1, acting_user=staff
    )
    assert (moved.cluster, moved.position) == (wall["mobility"], 1)
    assert column_texts(event, wall["mobility"]) == [("M1", 0), ("B", 1), ("M2", 2)]
    assert column_texts(event) == [("A", 0), ("C", 1), ("D", 2)]
    entry = audits("idea.move").get()
    assert entry.actor == staff
    assert entry.changes == {"cluster": [None, wall["mobility"].pk], "position": [1, 1]}


def test_a_position_beyond_the_end_or_none_puts_the_card_last(event, wall, staff):
    ideas.idea_move(idea=idea(event, "A"), cluster=wall["mobility"], position=99, acting_user=staff)
    ideas.idea_move(
        idea=idea(event, "C"), cluster=wall["mobility"], position=None, acting_user=staff
    )
    ideas.idea_move(idea=idea(event, "D"), cluster=wall["culture"], position=5, acting_user=staff)
    assert column_texts(event, wall["mobility"]) == [("M1", 0), ("M2", 1), ("A", 2), ("C", 3)]
    assert column_texts(event, wall["culture"]) == [("D", 0)]
    assert column_texts(event) == [("B", 0)]


def test_moving_back_to_unsorted(event, wall, staff):
    ideas.idea_move(idea=idea(event, "M1"), cluster=None, position=1, acting_user=staff)
    assert column_texts(event) == [("A", 0), ("M1", 1), ("B", 2), ("C", 3), ("D", 4)]
    assert column_texts(event, wall["mobility"]) == [("M2", 0)]


def test_a_group_of_another_town_cannot_be_a_move_target(event, wall, staff):
    foreign = IdeaClusterFactory(event__organiser__municipality=MunicipalityFactory())
    with pytest.raises(ValidationError) as error:
        ideas.idea_move(idea=idea(event, "A"), cluster=foreign, position=0, acting_user=staff)
    assert "cluster" in error.value.message_dict
    assert idea(event, "A").cluster is None
    assert not IdeaCluster.objects.for_municipality(foreign.municipality).get().ideas.exists()


def test_a_group_of_another_event_cannot_be_a_move_target(event, wall, staff):
    other = IdeaClusterFactory(event__organiser__municipality=event.municipality)
    with pytest.raises(ValidationError):
        ideas.idea_move(idea=idea(event, "A"), cluster=other, position=0, acting_user=staff)
    assert column_texts(event) == [("A", 0), ("B", 1), ("C", 2), ("D", 3)]


def test_deleting_a_group_keeps_its_cards_as_unsorted(event, wall, staff):
    ideas.cluster_delete(cluster=wall["mobility"], acting_user=staff)
    assert column_texts(event) == [
        ("A", 0), ("B", 1), ("C", 2), ("D", 3), ("M1", 4), ("M2", 5)
    ]  # fmt: skip
    remaining = IdeaCluster.objects.for_municipality(event.municipality).filter(event=event)
    assert [(c.title, c.position) for c in remaining] == [("Kultur", 0)]
    assert audits("idea_cluster.delete").get().changes == {"ideas_unsorted": 2}


def test_groups_are_added_at_the_end_renamed_and_reordered(event, wall, staff):
    added = ideas.cluster_create(event=event, title="  Bildung   und Sprache ", acting_user=staff)
    assert (added.title, added.position) == ("Bildung und Sprache", 2)
    ideas.cluster_reorder(cluster=added, position=0, acting_user=staff)
    ideas.cluster_rename(cluster=wall["culture"], title="Kultur und Feste", acting_user=staff)
    clusters = IdeaCluster.objects.for_municipality(event.municipality).filter(event=event)
    assert [(c.title, c.position) for c in clusters] == [
        ("Bildung und Sprache", 0), ("Mobilität", 1), ("Kultur und Feste", 2)
    ]  # fmt: skip
    assert audits("idea_cluster.rename").get().changes == {"title": ["Kultur", "Kultur und Feste"]}


def test_a_group_needs_a_title(event, staff):
    with pytest.raises(ValidationError) as error:
        ideas.cluster_create(event=event, title="   ", acting_user=staff)
    assert error.value.messages == ["Give the group a title."]


# --- Moderation -------------------------------------------------------------------------------


def test_hiding_editing_and_showing_a_card_are_audited_without_its_text(event, staff):
    card = IdeaFactory(event=event, text="Frau Müller von nebenan soll helfen")
    ideas.idea_hide(idea=card, acting_user=staff)
    ideas.idea_update(idea=card, text="Nachbarschaftshilfe", acting_user=staff)
    ideas.idea_unhide(idea=card, acting_user=staff)
    card.refresh_from_db()
    assert (card.text, card.is_hidden) == ("Nachbarschaftshilfe", False)
    entries = AuditEntry.objects.filter(object_id=str(card.pk)).order_by("id")
    assert [e.action for e in entries] == ["idea.hide", "idea.update", "idea.unhide"]
    assert {e.actor for e in entries} == {staff}
    assert not any("Müller" in str(e.changes) + e.summary for e in entries)


# --- Measures ---------------------------------------------------------------------------------


def test_a_group_becomes_a_planned_measure_of_its_town(event, wall, staff):
    goal = GoalFactory(field_of_action__municipality=event.municipality)
    IdeaFactory(event=event, cluster=wall["mobility"], text="Spam", position=2, is_hidden=True)
    measure = ideas.cluster_to_measure(
        cluster=wall["mobility"], goal=goal, acting_user=staff, number="B-07"
    )
    measure = Measure.objects.for_municipality(event.municipality).get(pk=measure.pk)
    assert measure.municipality == event.municipality
    assert (measure.title, measure.number, measure.goal) == ("Mobilität", "B-07", goal)
    assert measure.status == MeasureStatus.PLANNED
    assert "Bergfest" in measure.description
    assert "- M1\n- M2" in measure.description
    assert "Spam" not in measure.description
    wall["mobility"].refresh_from_db()
    assert wall["mobility"].measure == measure
    assert audits("measure.create").get().actor == staff
    assert audits("idea_cluster.to_measure").get().changes == {"measure": measure.pk}


def test_a_group_becomes_a_measure_only_once(event, wall, staff):
    goal = GoalFactory(field_of_action__municipality=event.municipality)
    ideas.cluster_to_measure(cluster=wall["mobility"], goal=goal, acting_user=staff)
    with pytest.raises(ValidationError) as error:
        ideas.cluster_to_measure(cluster=wall["mobility"], goal=goal, acting_user=staff)
    assert error.value.code == "already_measure"
    assert Measure.objects.for_municipality(event.municipality).count() == 1


def test_a_goal_of_another_town_or_an_empty_group_is_refused(event, wall, staff):
    foreign_goal = GoalFactory()
    with pytest.raises(ValidationError) as error:
        ideas.cluster_to_measure(cluster=wall["mobility"], goal=foreign_goal, acting_user=staff)
    assert "goal" in error.value.message_dict
    goal = GoalFactory(field_of_action__municipality=event.municipality)
    with pytest.raises(ValidationError) as error:
        ideas.cluster_to_measure(cluster=wall["culture"], goal=goal, acting_user=staff)
    assert error.value.code == "empty"
    assert not Measure.objects.for_municipality(event.municipality).exists()
    assert not Measure.objects.for_municipality(foreign_goal.municipality).exists()


# --- The wall and its export ------------------------------------------------------------------


def test_opening_closing_and_configuring_the_wall(event, staff):
    ideas.idea_wall_set_open(event=event, is_open=False, acting_user=staff)
    assert not ideas.accepts_ideas(event)
    ideas.idea_wall_set_open(event=event, is_open=True, acting_user=staff)
    ideas.idea_wall_configure(
        event=event, enabled=True, question="  Was fehlt   Ihnen? ", acting_user=staff
    )
    event.refresh_from_db()
    assert event.ideas_question == "Was fehlt Ihnen?" and ideas.accepts_ideas(event)
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "event.ideas_close", "event.ideas_open", "event.ideas_configure"
    ]  # fmt: skip


def test_the_export_lists_every_card_by_group(event, wall):
    IdeaFactory(event=event, cluster=wall["culture"], text="=1+1", is_hidden=True)
    header, rows = ideas.export_rows(event=event)
    assert header == ["Group", "Idea", "Source", "Hidden", "Created"]
    assert [row[:4] for row in rows] == [
        ["Unsorted", "A", "Posted by a participant", "no"],
        ["Unsorted", "B", "Posted by a participant", "no"],
        ["Unsorted", "C", "Posted by a participant", "no"],
        ["Unsorted", "D", "Posted by a participant", "no"],
        ["Mobilität", "M1", "Posted by a participant", "no"],
        ["Mobilität", "M2", "Posted by a participant", "no"],
        ["Kultur", "=1+1", "Posted by a participant", "yes"],
    ]
    assert all(isinstance(row[4], datetime.datetime) and row[4].tzinfo is None for row in rows)
