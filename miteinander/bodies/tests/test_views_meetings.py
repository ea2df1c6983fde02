"""Meeting pages of the workspace: who sees and runs what, and the meeting form."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from miteinander.bodies.models import Meeting, MeetingState, MembershipRole
from miteinander.municipalities.models import Role
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    DecisionFactory,
    LocationFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

BERLIN = datetime.timezone(datetime.timedelta(hours=1))  # CET, for dates in winter


def url(name, town, **kwargs):
    # A request to an /en/ page leaves English active in the test's thread; say which one.
    with translation.override("de"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def en_url(name, town, **kwargs):
    # Not url() inside override("en"): url() switches back to German for the reverse.
    with translation.override("en"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


@pytest.fixture
def council(bensheim):
    """A public Integrationsrat with a public meeting; one public and one non-public item."""
    body = BodyFactory(municipality=bensheim, name="Integrationsrat", is_public=True)
    meeting = MeetingFactory(body=body, name="12. Sitzung")
    public = AgendaItemFactory(
        meeting=meeting, position=1, title="Sachstandsbericht KIM", minutes="Bericht vorgestellt."
    )
    internal = AgendaItemFactory(
        meeting=meeting, position=2, title="Personalangelegenheit", is_public=False
    )
    DecisionFactory(agenda_item=public)
    return body, meeting, public, internal


@pytest.fixture
def people(bensheim, minden, member_of, council):
    """One user per row of the role grid (anonymous is None)."""
    body = council[0]
    other_body = BodyFactory(municipality=bensheim, name="Steuerungsgruppe", is_public=False)
    manager = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=body, user=manager, role=MembershipRole.MANAGEMENT)
    member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=body, user=member, role=MembershipRole.MEMBER)
    other_member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=other_body, user=other_member, role=MembershipRole.MANAGEMENT)
    return {
        "coordination": member_of(bensheim, Role.COORDINATION),
        "management": manager,
        "member": member,
        "other_body_member": other_member,
        "reader": member_of(bensheim, Role.READER),
        "minden_coordination": member_of(minden, Role.COORDINATION),
        "anonymous": None,
    }


def login(client, people, who):
    if people[who] is not None:
        client.force_login(people[who])


# --- Role grid --------------------------------------------------------------------------------
# who: (status of the meeting page, sees the non-public item, runs the meeting)
READ_GRID = {
    "coordination": (200, True, True),
    "management": (200, True, True),
    "member": (200, True, False),
    "other_body_member": (200, False, False),
    "reader": (200, False, False),
    "minden_coordination": (404, False, False),
    "anonymous": (302, False, False),
}


@pytest.mark.parametrize("who", READ_GRID)
def test_the_meeting_page_per_role(client, bensheim, council, people, who):
    """Members and coordination see the non-public part; only those who run meetings get the
    buttons; another town's staff get 404 and anonymous visitors the login page."""
    status, sees_internal, runs = READ_GRID[who]
    _, meeting, public, internal = council
    login(client, people, who)
    response = client.get(en_url("meeting", bensheim, pk=meeting.pk))
    assert response.status_code == status
    if status != 200:
        if status == 302:
            assert "login" in response["Location"]
        return
    html = response.content.decode()
    assert public.title in html
    assert (internal.title in html) is sees_internal
    assert ("Non-public part" in html) is sees_internal
    assert response.context["can_run"] is runs
    edit = en_url("meeting-edit", bensheim, pk=meeting.pk)
    assert (edit in html) is runs


@pytest.mark.parametrize("who", READ_GRID)
def test_the_lists_per_role(client, bensheim, council, people, who):
    status = READ_GRID[who][0]
    login(client, people, who)
    for name in ("meetings", "action-items"):
        assert client.get(url(name, bensheim)).status_code == status, name


WRITE_GRID = {
    "coordination": True,
    "management": True,
    "member": False,
    "other_body_member": False,
    "reader": False,
    "minden_coordination": False,
    "anonymous": False,
}


@pytest.mark.parametrize("who", WRITE_GRID)
def test_the_pages_that_change_a_meeting_per_role(client, bensheim, council, people, who):
    """Coordination and the body's Geschäftsführung run its meetings; for everyone else with a
    role the pages do not exist (404); anonymous visitors are sent to log in."""
    body, meeting, public, _ = council
    decision = public.decisions.get()
    action_item = ActionItemFactory(meeting=meeting)
    login(client, people, who)
    # The other body's Geschäftsführung may add meetings, but only for that body (see below).
    adds = [] if who == "other_body_member" else [url("meeting-add", bensheim)]
    pages = [
        *adds,
        url("meeting-edit", bensheim, pk=meeting.pk),
        url("meeting-cancel", bensheim, pk=meeting.pk),
        url("meeting-delete", bensheim, pk=meeting.pk),
        url("series-add", bensheim, pk=body.pk),
        url("agenda-item-add", bensheim, pk=meeting.pk),
        url("agenda-item-edit", bensheim, pk=public.pk),
        url("agenda-item-delete", bensheim, pk=public.pk),
        url("attendance", bensheim, pk=meeting.pk),
        url("minutes", bensheim, pk=public.pk),
        url("decision-add", bensheim, pk=public.pk),
        url("decision-edit", bensheim, pk=decision.pk),
        url("decision-delete", bensheim, pk=decision.pk),
        url("action-item-add", bensheim, pk=meeting.pk),
        url("action-item-edit", bensheim, pk=action_item.pk),
    ]
    for page in pages:
        response = client.get(page)
        if WRITE_GRID[who]:
            assert response.status_code == 200, page
        elif people[who] is None:
            assert response.status_code == 302, page
        else:
            assert response.status_code == 404, page
    posts = [
        url("agenda-item-move", bensheim, pk=public.pk),
        url("minutes-release", bensheim, pk=meeting.pk),
        url("action-item-done", bensheim, pk=action_item.pk),
    ]
    for page in posts:
        response = client.post(page, {"direction": "down"})
        expected = (302,) if WRITE_GRID[who] or people[who] is None else (404,)
        assert response.status_code in expected, page
    meeting.refresh_from_db()
    action_item.refresh_from_db()
    assert meeting.minutes_released is WRITE_GRID[who]
    assert (action_item.status == "done") is WRITE_GRID[who]


def test_an_internal_bodys_meeting_is_hidden_from_readers_and_other_members(
    client, bensheim, people
):
    other_body = BodyFactory(municipality=bensheim, name="Arbeitskreis intern", is_public=False)
    meeting = MeetingFactory(body=other_body)
    for who in ("reader", "other_body_member", "member"):
        client.force_login(people[who])
        assert client.get(url("meeting", bensheim, pk=meeting.pk)).status_code == 404, who
        listed = client.get(url("meetings", bensheim)).context["page"].object_list
        assert meeting not in list(listed), who
    client.force_login(people["coordination"])
    assert client.get(url("meeting", bensheim, pk=meeting.pk)).status_code == 200


def test_papers_of_an_item_are_linked_as_far_as_the_reader_may_see_them(
    client, bensheim, council, people
):
    body, meeting, item, _ = council
    public = PaperFactory(municipality=bensheim, title="Sachstandsbericht 2026", is_public=True)
    internal = PaperFactory(municipality=bensheim, title="Interner Entwurf", is_public=False)
    for paper in (public, internal):
        ConsultationFactory(paper=paper, body=body, meeting=meeting, agenda_item=item)
    client.force_login(people["member"])
    page = client.get(url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert url("paper", bensheim, pk=public.pk) in page
    assert "Interner Entwurf" in page
    client.force_login(people["reader"])
    page = client.get(url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "Sachstandsbericht 2026" in page
    assert "Interner Entwurf" not in page


# --- The list ---------------------------------------------------------------------------------
def test_the_list_filters_by_body_and_time(client, bensheim, coordinator, council):
    body, upcoming, _, _ = council
    other = BodyFactory(municipality=bensheim, name="Jugendforum")
    past = MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(days=40))
    elsewhere = MeetingFactory(body=other)
    client.force_login(coordinator)

    def listed(**query):
        return list(client.get(url("meetings", bensheim), query).context["page"].object_list)

    assert set(listed()) == {upcoming, elsewhere}
    assert listed(when="past") == [past]
    assert set(listed(when="all")) == {upcoming, past, elsewhere}
    assert listed(body=body.pk) == [upcoming]
    assert listed(body=body.pk, when="past") == [past]


# --- Meeting form -----------------------------------------------------------------------------
def meeting_data(body, **changes):
    data = {
        "body": body.pk,
        "name": "13. Sitzung",
        "starts_on": "2027-01-14",
        "starts_time": "18:00",
        "ends_time": "20:00",
        "ends_on": "",
        "location": "",
        "online_url": "",
        "is_public": "on",
        "series": "",
    }
    data.update(changes)
    return data


def test_the_body_is_preselected_and_the_meeting_saved_in_german_time(
    client, bensheim, council, people
):
    body = council[0]
    place = LocationFactory(municipality=bensheim, description="Rathaus, Sitzungssaal")
    client.force_login(people["management"])
    form = client.get(url("meeting-add", bensheim) + f"?body={body.pk}").context["form"]
    assert form["body"].value() == body.pk
    response = client.post(url("meeting-add", bensheim), meeting_data(body, location=place.pk))
    meeting = Meeting.objects.for_municipality(bensheim).get(name="13. Sitzung")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.starts_at == datetime.datetime(2027, 1, 14, 18, 0, tzinfo=BERLIN)
    assert meeting.ends_at == datetime.datetime(2027, 1, 14, 20, 0, tzinfo=BERLIN)
    assert meeting.location == place
    assert meeting.state == MeetingState.PLANNED


def test_a_meeting_that_ends_before_it_starts_is_refused_and_nothing_saved(
    client, bensheim, coordinator, council
):
    body = council[0]
    client.force_login(coordinator)
    before = Meeting.objects.for_municipality(bensheim).count()
    response = client.post(
        en_url("meeting-add", bensheim), meeting_data(body, starts_time="18:00", ends_time="17:00")
    )
    assert response.status_code == 200
    assert "ends_time" in response.context["form"].errors
    assert "must end after it starts" in response.content.decode()
    assert Meeting.objects.for_municipality(bensheim).count() == before
    # An end on another, earlier day is refused just the same.
    response = client.post(
        url("meeting-add", bensheim),
        meeting_data(body, ends_on="2027-01-13", ends_time="19:00"),
    )
    assert "ends_time" in response.context["form"].errors
    assert Meeting.objects.for_municipality(bensheim).count() == before


def test_editing_a_meeting_that_would_end_before_it_starts_changes_nothing(
    client, bensheim, coordinator, council
):
    _, meeting, _, _ = council
    stored = (meeting.starts_at, meeting.ends_at, meeting.name)
    client.force_login(coordinator)
    response = client.post(
        url("meeting-edit", bensheim, pk=meeting.pk),
        meeting_data(meeting.body, name="Umbenannt", ends_time="17:30", starts_time="18:00"),
    )
    assert "ends_time" in response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.ends_at, meeting.name) == stored


def test_the_edit_form_shows_the_stored_time_and_saves_changes(
    client, bensheim, coordinator, council
):
    _, meeting, _, _ = council  # 3 Dec 2026, 17:00 UTC = 18:00 in Bensheim
    client.force_login(coordinator)
    form = client.get(url("meeting-edit", bensheim, pk=meeting.pk)).context["form"]
    assert form["starts_on"].value() == datetime.date(2026, 12, 3)
    assert form["starts_time"].value() == datetime.time(18, 0)
    assert form["ends_time"].value() == datetime.time(20, 0)
    response = client.post(
        url("meeting-edit", bensheim, pk=meeting.pk),
        meeting_data(
            meeting.body,
            name="12. Sitzung (online)",
            starts_on="2026-12-03",
            online_url="https://meet.example.org/ir",
        ),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.name == "12. Sitzung (online)"
    assert meeting.online_url == "https://meet.example.org/ir"


def test_a_manager_cannot_create_meetings_for_another_body(client, bensheim, council, people):
    other = BodyFactory(municipality=bensheim, name="Rat der Religionen")
    client.force_login(people["management"])
    before = Meeting.objects.for_municipality(bensheim).count()
    response = client.post(url("meeting-add", bensheim), meeting_data(other))
    assert "body" in response.context["form"].errors
    assert Meeting.objects.for_municipality(bensheim).count() == before
    # Someone who runs no body's meetings has no form at all.
    client.force_login(people["member"])
    assert client.get(url("meeting-add", bensheim)).status_code == 404


def test_a_series_of_another_body_is_refused(client, bensheim, coordinator, council):
    body = council[0]
    foreign_series = MeetingSeriesFactory(body=BodyFactory(municipality=bensheim))
    client.force_login(coordinator)
    response = client.post(
        url("meeting-add", bensheim), meeting_data(body, series=foreign_series.pk)
    )
    assert "series" in response.context["form"].errors


def test_cancelling_keeps_the_meeting_marked_as_cancelled(client, bensheim, coordinator, council):
    _, meeting, _, _ = council
    client.force_login(coordinator)
    invite = en_url("meeting-invite", bensheim, pk=meeting.pk)
    assert invite in client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert client.get(url("meeting-cancel", bensheim, pk=meeting.pk)).status_code == 200
    response = client.post(url("meeting-cancel", bensheim, pk=meeting.pk))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    page = client.get(en_url("meeting", bensheim, pk=meeting.pk)).content.decode()
    assert "This meeting has been cancelled." in page
    # The page's links are in its language: look for the /en/ address of the button.
    assert invite not in page


def test_deleting_a_meeting_removes_it(client, bensheim, coordinator, council):
    _, meeting, _, _ = council
    client.force_login(coordinator)
    response = client.post(url("meeting-delete", bensheim, pk=meeting.pk))
    assert response.status_code == 302
    assert not Meeting.objects.for_municipality(bensheim).filter(pk=meeting.pk).exists()
    assert client.get(url("meeting", bensheim, pk=meeting.pk)).status_code == 404


def test_a_minden_coordinator_cannot_touch_a_bensheim_meeting(
    client, bensheim, minden, council, people
):
    _, meeting, item, _ = council
    client.force_login(people["minden_coordination"])
    minden_url = url("meeting-edit", minden, pk=meeting.pk)
    assert client.get(minden_url).status_code == 404
    assert client.post(url("meeting-delete", bensheim, pk=meeting.pk)).status_code == 404
    assert Meeting.objects.for_municipality(bensheim).filter(pk=meeting.pk).exists()
