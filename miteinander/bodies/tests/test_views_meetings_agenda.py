"""Running a meeting in the workspace: agenda, attendance, minutes, decisions, action items,
session rounds and invitations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from miteinander.bodies.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    MembershipRole,
)
from miteinander.municipalities.models import Role
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    LocationFactory,
    MeetingFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def url(name, town, **kwargs):
    # A request to an /en/ page leaves English active in the test's thread; say which one.
    with translation.override("de"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def en_url(name, town, **kwargs):
    # Not url() inside override("en"): url() switches back to German for the reverse.
    with translation.override("en"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


@pytest.fixture
def body(bensheim):
    return BodyFactory(municipality=bensheim, name="Integrationsrat", is_public=True)


@pytest.fixture
def meeting(body):
    return MeetingFactory(body=body, name="12. Sitzung")


def agenda(meeting):
    items = AgendaItem.objects.for_municipality(meeting.municipality).filter(meeting=meeting)
    return [(item.number, item.title) for item in items.order_by("position")]


# --- Agenda -----------------------------------------------------------------------------------
def test_items_are_numbered_in_order_and_keep_their_numbers_when_moved(
    client, bensheim, coordinator, meeting
):
    client.force_login(coordinator)
    for title in ("Begrüßung", "Sachstandsbericht", "Verschiedenes"):
        response = client.post(
            url("agenda-item-add", bensheim, pk=meeting.pk), {"title": title, "is_public": "on"}
        )
        assert response.status_code == 302
    assert agenda(meeting) == [
        ("1", "Begrüßung"),
        ("2", "Sachstandsbericht"),
        ("3", "Verschiedenes"),
    ]

    last = AgendaItem.objects.for_municipality(bensheim).get(title="Verschiedenes")
    client.post(url("agenda-item-move", bensheim, pk=last.pk), {"direction": "up"})
    assert agenda(meeting) == [
        ("1", "Begrüßung"),
        ("2", "Verschiedenes"),
        ("3", "Sachstandsbericht"),
    ]
    client.post(url("agenda-item-move", bensheim, pk=last.pk), {"direction": "down"})
    assert agenda(meeting) == [
        ("1", "Begrüßung"),
        ("2", "Sachstandsbericht"),
        ("3", "Verschiedenes"),
    ]
    # At the top already: nothing changes.
    first = AgendaItem.objects.for_municipality(bensheim).get(title="Begrüßung")
    client.post(url("agenda-item-move", bensheim, pk=first.pk), {"direction": "up"})
    assert agenda(meeting)[0] == ("1", "Begrüßung")

    # Deleting an item closes the gap.
    client.post(url("agenda-item-delete", bensheim, pk=first.pk))
    assert agenda(meeting) == [("1", "Sachstandsbericht"), ("2", "Verschiedenes")]


def test_a_printed_number_stays_as_entered(client, bensheim, coordinator, meeting):
    client.force_login(coordinator)
    client.post(url("agenda-item-add", bensheim, pk=meeting.pk), {"title": "A", "is_public": "on"})
    client.post(
        url("agenda-item-add", bensheim, pk=meeting.pk),
        {"title": "Unterpunkt", "number": "1.1", "is_public": "on"},
    )
    item = AgendaItem.objects.for_municipality(bensheim).get(title="Unterpunkt")
    client.post(url("agenda-item-move", bensheim, pk=item.pk), {"direction": "up"})
    assert agenda(meeting) == [("1.1", "Unterpunkt"), ("2", "A")]


def test_items_move_within_their_part_of_the_agenda(client, bensheim, coordinator, meeting):
    public_1 = AgendaItemFactory(meeting=meeting, position=1, title="Öffentlich 1")
    AgendaItemFactory(meeting=meeting, position=2, title="Intern", is_public=False)
    public_2 = AgendaItemFactory(meeting=meeting, position=3, title="Öffentlich 2")
    client.force_login(coordinator)
    client.post(url("agenda-item-move", bensheim, pk=public_2.pk), {"direction": "up"})
    assert [title for _, title in agenda(meeting)] == ["Öffentlich 2", "Intern", "Öffentlich 1"]
    page = client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    # The public part comes first, then the non-public part.
    assert page.index(public_1.title) < page.index("Non-public part") < page.index("Intern")


def test_move_needs_a_direction_and_post(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    client.force_login(coordinator)
    assert client.get(url("agenda-item-move", bensheim, pk=item.pk)).status_code == 405
    response = client.post(url("agenda-item-move", bensheim, pk=item.pk), {"direction": "left"})
    assert response.status_code == 302


def test_editing_an_item(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1, title="Bericht")
    client.force_login(coordinator)
    client.post(
        url("agenda-item-edit", bensheim, pk=item.pk),
        {"title": "Bericht des Instituts", "number": "1", "presenter": "Institut, Solingen"},
    )
    item.refresh_from_db()
    assert (item.title, item.presenter, item.is_public) == (
        "Bericht des Instituts",
        "Institut, Solingen",
        False,
    )


# --- Attendance -------------------------------------------------------------------------------
def test_attendance_is_recorded_per_member_with_guests(client, bensheim, coordinator, meeting):
    body = meeting.body
    chair = BodyMembershipFactory(body=body, role=MembershipRole.CHAIR)
    member = BodyMembershipFactory(body=body)
    BodyMembershipFactory(body=body, ends_on=datetime.date(2025, 1, 1))  # term over
    client.force_login(coordinator)
    form = client.get(url("attendance", bensheim, pk=meeting.pk)).context["form"]
    assert [m for m, _ in form.rows()] == [chair, member]  # not the one whose term ended
    response = client.post(
        url("attendance", bensheim, pk=meeting.pk),
        {
            f"member_{chair.pk}": "present",
            f"member_{member.pk}": "excused",
            "guests": "Dr. Weber (Institut)\n\n",
        },
    )
    assert response.status_code == 302
    rows = Attendance.objects.for_municipality(bensheim).filter(meeting=meeting)
    assert {(r.membership_id, r.status) for r in rows if r.membership_id} == {
        (chair.pk, "present"),
        (member.pk, "excused"),
    }
    assert [r.guest_name for r in rows if not r.membership_id] == ["Dr. Weber (Institut)"]
    # The form shows what was recorded, and the meeting page sums it up.
    form = client.get(url("attendance", bensheim, pk=meeting.pk)).context["form"]
    assert form[f"member_{chair.pk}"].value() == "present"
    page = client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "1 present, 1 excused, 0 absent, 1 guests." in page


def test_an_unknown_attendance_value_is_refused(client, bensheim, coordinator, meeting):
    member = BodyMembershipFactory(body=meeting.body)
    client.force_login(coordinator)
    response = client.post(
        url("attendance", bensheim, pk=meeting.pk), {f"member_{member.pk}": "asleep"}
    )
    assert f"member_{member.pk}" in response.context["form"].errors
    assert not Attendance.objects.for_municipality(bensheim).filter(meeting=meeting).exists()


# --- Minutes and decisions --------------------------------------------------------------------
def test_minutes_and_a_decision_with_a_vote(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1, title="Sachstandsbericht")
    client.force_login(coordinator)
    client.post(url("minutes", bensheim, pk=item.pk), {"minutes": "Der Bericht wird erläutert."})
    item.refresh_from_db()
    assert item.minutes == "Der Bericht wird erläutert."
    response = client.post(
        url("decision-add", bensheim, pk=item.pk),
        {
            "kind": "resolved",
            "text": "Der Integrationsrat beschließt das Konzept.",
            "votes_for": 9,
            "votes_against": 1,
            "abstentions": 2,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.for_municipality(bensheim).get(agenda_item=item)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (9, 1, 2)
    page = client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Resolved (Beschluss)" in page
    assert "9 for, 1 against, 2 abstentions" in page
    minutes_page = client.get(en_url("minutes", bensheim, pk=item.pk)).content.decode()
    assert "Der Integrationsrat beschließt das Konzept." in minutes_page


def test_more_votes_than_voting_members_present_are_refused(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    present = [BodyMembershipFactory(body=meeting.body) for _ in range(2)]
    advisor = BodyMembershipFactory(body=meeting.body, has_voting_right=False)
    client.force_login(coordinator)
    client.post(
        url("attendance", bensheim, pk=meeting.pk),
        {f"member_{m.pk}": "present" for m in [*present, advisor]},
    )
    response = client.post(
        en_url("decision-add", bensheim, pk=item.pk),
        {"kind": "resolved", "votes_for": 2, "votes_against": 1, "abstentions": 0},
    )
    assert response.status_code == 200
    assert "votes_for" in response.context["form"].errors
    assert "3 votes were counted but only 2 voting members were present" in (
        response.content.decode()
    )
    assert not Decision.objects.for_municipality(bensheim).filter(agenda_item=item).exists()


def test_votes_are_given_all_three_or_none(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    client.force_login(coordinator)
    response = client.post(
        url("decision-add", bensheim, pk=item.pk), {"kind": "resolved", "votes_for": 5}
    )
    errors = response.context["form"].errors
    assert "votes_against" in errors and "abstentions" in errors
    assert not Decision.objects.for_municipality(bensheim).exists()
    # Without any count it is a decision without a vote.
    client.post(url("decision-add", bensheim, pk=item.pk), {"kind": "noted"})
    assert not Decision.objects.for_municipality(bensheim).get().was_voted


def test_a_decision_on_a_non_existent_agenda_item_is_a_404(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    missing = item.pk + 1000
    client.force_login(coordinator)
    assert client.get(url("decision-add", bensheim, pk=missing)).status_code == 404
    assert (
        client.post(url("decision-add", bensheim, pk=missing), {"kind": "noted"}).status_code == 404
    )
    assert not Decision.objects.for_municipality(bensheim).exists()


def test_editing_and_deleting_a_decision(client, bensheim, coordinator, meeting):
    item = AgendaItemFactory(meeting=meeting, position=1)
    client.force_login(coordinator)
    client.post(url("decision-add", bensheim, pk=item.pk), {"kind": "noted"})
    decision = Decision.objects.for_municipality(bensheim).get()
    client.post(url("decision-edit", bensheim, pk=decision.pk), {"kind": "postponed"})
    decision.refresh_from_db()
    assert decision.kind == "postponed"
    client.post(url("decision-delete", bensheim, pk=decision.pk))
    assert not Decision.objects.for_municipality(bensheim).exists()


def test_released_minutes_become_visible_to_a_reader(client, bensheim, member_of, coordinator):
    body = BodyFactory(municipality=bensheim, is_public=True)
    meeting = MeetingFactory(body=body, is_public=True)
    public = AgendaItemFactory(
        meeting=meeting, position=1, title="Bericht", minutes="Öffentliches Protokoll."
    )
    AgendaItemFactory(
        meeting=meeting, position=2, title="Intern", is_public=False, minutes="Geheim."
    )
    Decision.objects.create(
        municipality=bensheim, agenda_item=public, kind="noted", text="Zur Kenntnis genommen."
    )
    reader = member_of(bensheim, Role.READER)
    client.force_login(reader)
    page = client.get(url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Bericht" in page
    assert "Öffentliches Protokoll." not in page
    assert "Zur Kenntnis genommen." not in page

    client.force_login(coordinator)
    response = client.post(url("minutes-release", bensheim, pk=meeting.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_released

    client.force_login(reader)
    page = client.get(url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Öffentliches Protokoll." in page
    assert "Zur Kenntnis genommen." in page
    assert "Geheim." not in page and "Intern" not in page

    # Withdrawn, they are internal again.
    client.force_login(coordinator)
    client.post(url("minutes-release", bensheim, pk=meeting.pk), {"action": "withdraw"})
    client.force_login(reader)
    page = client.get(url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Öffentliches Protokoll." not in page


# --- Action items -----------------------------------------------------------------------------
def test_an_open_action_item_carries_over_until_it_is_done(client, bensheim, coordinator, body):
    now = timezone.now()
    first = MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=60))
    second = MeetingFactory(body=body, starts_at=now - datetime.timedelta(days=30))
    third = MeetingFactory(body=body, starts_at=now + datetime.timedelta(days=30))
    owner = OrganisationFactory(municipality=bensheim, name="Jobcenter")
    client.force_login(coordinator)
    response = client.post(
        url("action-item-add", bensheim, pk=first.pk),
        {"title": "Flyer übersetzen lassen", "owner_organisation": owner.pk, "due_on": ""},
    )
    assert response.status_code == 302
    task = ActionItem.objects.for_municipality(bensheim).get()
    assert task.meeting == first

    def carried_over(meeting):
        response = client.get(en_url("meeting", bensheim, pk=meeting.pk))
        return response.context["carried_over"], response.content.decode()

    items, page = carried_over(second)
    assert items == [task]
    assert "Open tasks from earlier meetings" in page and "Flyer übersetzen lassen" in page
    assert carried_over(third)[0] == [task]
    assert carried_over(first)[0] == []

    # Done today: after the second meeting began, before the third.
    response = client.post(url("action-item-done", bensheim, pk=task.pk))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"
    assert carried_over(second)[0] == [task]
    items, page = carried_over(third)
    assert items == []
    assert "Open tasks from earlier meetings" not in page


def test_an_action_item_needs_an_owner_and_an_item_of_its_meeting(
    client, bensheim, coordinator, meeting
):
    other_item = AgendaItemFactory(meeting=MeetingFactory(body=meeting.body), position=1)
    owner = OrganisationFactory(municipality=bensheim)
    client.force_login(coordinator)
    response = client.post(url("action-item-add", bensheim, pk=meeting.pk), {"title": "Ohne"})
    assert "owner_person" in response.context["form"].errors
    response = client.post(
        url("action-item-add", bensheim, pk=meeting.pk),
        {"title": "Falscher TOP", "owner_organisation": owner.pk, "agenda_item": other_item.pk},
    )
    assert "agenda_item" in response.context["form"].errors
    assert not ActionItem.objects.for_municipality(bensheim).exists()


def test_editing_an_action_item_goes_back_where_it_was_opened(
    client, bensheim, coordinator, meeting
):
    task = ActionItemFactory(meeting=meeting)
    client.force_login(coordinator)
    overview = url("action-items", bensheim)
    response = client.post(
        url("action-item-edit", bensheim, pk=task.pk) + f"?next={overview}",
        {
            "title": "Neuer Titel",
            "owner_organisation": task.owner_organisation_id,
            "due_on": "2027-02-01",
            "status": "open",
            "next": overview,
        },
    )
    assert response["Location"] == overview
    task.refresh_from_db()
    assert (task.title, task.due_on) == ("Neuer Titel", datetime.date(2027, 2, 1))
    # Only addresses of this site are followed.
    response = client.post(
        url("action-item-done", bensheim, pk=task.pk), {"next": "https://evil.example.org/"}
    )
    assert response["Location"].startswith(meeting.get_absolute_url())


def test_the_overview_lists_open_items_and_says_which_are_overdue(
    client, bensheim, coordinator, member_of, meeting
):
    overdue = ActionItemFactory(
        meeting=meeting, title="Raum buchen", due_on=timezone.localdate() - datetime.timedelta(1)
    )
    later = ActionItemFactory(meeting=meeting, title="Einladung verschicken")
    ActionItemFactory(meeting=meeting, title="Erledigt", status="done", completed_on="2026-01-01")
    internal_body = BodyFactory(municipality=bensheim, is_public=False)
    hidden = ActionItemFactory(meeting=MeetingFactory(body=internal_body), title="Intern")

    client.force_login(coordinator)
    response = client.get(en_url("action-items", bensheim))
    assert response.context["items"] == [overdue, later, hidden]
    html = response.content.decode()
    row = html[html.index("Raum buchen") : html.index("Einladung verschicken")]
    assert "overdue" in row
    assert "overdue" not in html[html.index("Einladung verschicken") :]
    assert en_url("action-item-done", bensheim, pk=overdue.pk) in html

    # A member sees the items of their own body only; a reader none.
    member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=meeting.body, user=member)
    client.force_login(member)
    response = client.get(en_url("action-items", bensheim))
    assert response.context["items"] == [overdue, later]
    assert en_url("action-item-done", bensheim, pk=overdue.pk) not in response.content.decode()
    client.force_login(member_of(bensheim, Role.READER))
    assert client.get(url("action-items", bensheim)).context["items"] == []


# --- Session rounds ---------------------------------------------------------------------------
def test_three_session_rounds_are_planned_in_one_go(client, bensheim, coordinator):
    group = BodyFactory(municipality=bensheim, name="AG Bildung und Erziehung")
    place = LocationFactory(municipality=bensheim)
    client.force_login(coordinator)
    response = client.post(
        url("series-add", bensheim, pk=group.pk),
        {
            "name": "Sitzungsrunden 2027",
            "first_date": "2027-02-02",
            "rounds": 3,
            "interval_weeks": 4,
            "start_time": "17:00",
            "duration": 150,
            "location": place.pk,
        },
    )
    assert response.status_code == 302
    series = MeetingSeries.objects.for_municipality(bensheim).get(body=group)
    assert series.name == "Sitzungsrunden 2027"
    rounds = Meeting.objects.for_municipality(bensheim).filter(series=series).order_by("starts_at")
    with translation.override("de"):
        names = [gettext("Session round %(number)s") % {"number": n} for n in (1, 2, 3)]
    assert [m.name for m in rounds] == names
    assert [timezone.localtime(m.starts_at).date() for m in rounds] == [
        datetime.date(2027, 2, 2),
        datetime.date(2027, 3, 2),
        datetime.date(2027, 3, 30),
    ]
    first = timezone.localtime(rounds[0].starts_at)
    assert (first.hour, first.minute) == (17, 0)
    assert rounds[0].ends_at - rounds[0].starts_at == datetime.timedelta(minutes=150)
    assert all(m.location == place and m.body == group for m in rounds)


def test_session_rounds_from_a_list_of_dates(client, bensheim, coordinator):
    group = BodyFactory(municipality=bensheim)
    client.force_login(coordinator)
    client.post(
        url("series-add", bensheim, pk=group.pk),
        {
            "name": "Runden",
            "dates": "14.03.2027\n2027-05-09\n",
            "start_time": "18:30",
            "duration": 90,
        },
    )
    rounds = Meeting.objects.for_municipality(bensheim).filter(body=group).order_by("starts_at")
    assert [timezone.localtime(m.starts_at).date() for m in rounds] == [
        datetime.date(2027, 3, 14),
        datetime.date(2027, 5, 9),
    ]


def test_session_rounds_need_dates(client, bensheim, coordinator):
    group = BodyFactory(municipality=bensheim)
    client.force_login(coordinator)
    response = client.post(
        url("series-add", bensheim, pk=group.pk),
        {"name": "Runden", "start_time": "18:00", "duration": 90},
    )
    assert "first_date" in response.context["form"].errors
    response = client.post(
        url("series-add", bensheim, pk=group.pk),
        {"name": "Runden", "dates": "bald", "start_time": "18:00", "duration": 90},
    )
    assert "dates" in response.context["form"].errors
    assert not MeetingSeries.objects.for_municipality(bensheim).exists()
    assert not Meeting.objects.for_municipality(bensheim).exists()


# --- Invitations ------------------------------------------------------------------------------
def test_the_invitation_goes_to_the_members_and_is_shown_as_sent(
    client, bensheim, coordinator, member_of, meeting, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    pytest.importorskip("miteinander.bodies.invitations")
    member = member_of(bensheim, Role.BODY_MEMBER, email="mitglied@example.org")
    BodyMembershipFactory(body=meeting.body, user=member)
    AgendaItemFactory(meeting=meeting, position=1)
    client.force_login(coordinator)
    assert client.get(url("meeting-invite", bensheim, pk=meeting.pk)).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("meeting-invite", bensheim, pk=meeting.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.invitation_sent_at is not None
    assert [message.to for message in mailoutbox] == [["mitglied@example.org"]]
    page = client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Send the invitation again" in page
    # Re-sending after a change is allowed.
    assert client.post(url("meeting-invite", bensheim, pk=meeting.pk)).status_code == 302


def test_an_invitation_to_nobody_says_so(client, bensheim, coordinator, meeting):
    pytest.importorskip("miteinander.bodies.invitations")
    client.force_login(coordinator)
    response = client.post(url("meeting-invite", bensheim, pk=meeting.pk), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    meeting.refresh_from_db()
    assert meeting.invitation_sent_at is None


def test_cancelling_an_invited_meeting_tells_the_members(
    client, bensheim, coordinator, member_of, meeting, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    pytest.importorskip("miteinander.bodies.invitations")
    member = member_of(bensheim, Role.BODY_MEMBER, email="mitglied@example.org")
    BodyMembershipFactory(body=meeting.body, user=member)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting-invite", bensheim, pk=meeting.pk))
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("meeting-cancel", bensheim, pk=meeting.pk), {"notify": "1"})
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert len(mailoutbox) == 2
