import datetime
import re
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from miteinander.bodies import selectors, visibility
from miteinander.bodies.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    BodyKind,
    BodyMembership,
    Consultation,
    Decision,
    DecisionKind,
    Document,
    Meeting,
    MeetingState,
    Paper,
)
from miteinander.bodies.oparl import schemas
from miteinander.municipalities.models import Municipality
from miteinander.municipalities.tests.test_demo import snapshot
from miteinander.network.models import ContactPerson

# The whole demo takes seconds, so it is loaded once for this module (and rolled back at the
# end); every test runs in its own savepoint on top of it.


def _demo():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, demo_media):
    """The demo's documents stay readable by every test of this module."""
    settings.MEDIA_ROOT = demo_media


@pytest.fixture(scope="module", autouse=True)
def demo_towns(django_db_setup, django_db_blocker, demo_media):
    media = demo_media
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        with transaction.atomic():
            _demo()
            yield
            transaction.set_rollback(True)


@pytest.fixture
def town(db):
    return lambda slug: Municipality.objects.get(slug=slug)


def _body(town, name):
    return Body.objects.for_municipality(town).get(name=name)


def _present_voting(meeting) -> int:
    return (
        Attendance.objects.for_municipality(meeting.municipality)
        .filter(meeting=meeting, status=AttendanceStatus.PRESENT)
        .filter(membership__has_voting_right=True)
        .count()
    )


def test_loading_twice_changes_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = snapshot()
    _demo()
    assert snapshot() == first


def test_every_town_has_bodies_meetings_and_upcoming_meetings(town):
    after_the_processes = datetime.datetime(2026, 12, 31, tzinfo=datetime.UTC)
    for slug in ("bensheim", "bergkamen", "minden", "weiterstadt"):
        meetings = Meeting.objects.for_municipality(town(slug))
        assert Body.objects.for_municipality(town(slug)).count() >= 2, slug
        assert meetings.past(now=after_the_processes).exists(), slug
        assert meetings.upcoming(now=after_the_processes).exists(), slug
        assert not meetings.past(now=after_the_processes).exclude(state=MeetingState.HELD).exists()


def test_bergkamen_steering_group_met_four_times_before_the_council_took_note(town):
    bergkamen = town("bergkamen")
    steering = _body(bergkamen, "Steuerungsgruppe Kommunales Integrationsmanagement")
    assert (steering.kind, steering.is_public) == (BodyKind.STEERING_GROUP, False)
    members = set(
        BodyMembership.objects.for_municipality(bergkamen)
        .filter(body=steering)
        .values_list("organisation__name", flat=True)
    )
    assert {
        "Stadtverwaltung Bergkamen", "Kindertagesstätten in Bergkamen", "Moscheeverein Bergkamen",
        "Kommunales Integrationszentrum", "Schulen in Bergkamen",
    } <= members  # fmt: skip
    council = _body(bergkamen, "Integrationsrat der Stadt Bergkamen")
    assert (council.kind, council.is_public) == (BodyKind.INTEGRATION_COUNCIL, True)
    item = AgendaItem.objects.for_municipality(bergkamen).get(
        meeting__body=council, title="Sachstandsbericht Kommunales Integrationsmanagement"
    )
    assert item.presenter == "Institut für soziale Innovation, Solingen"
    assert "Netzwerk verstetigt" in item.minutes and "Jugendlichen wird begrüßt" in item.minutes
    assert item.meeting.minutes_released
    decision = item.decisions.get()
    assert decision.kind == DecisionKind.NOTED
    assert decision.text == (
        "Die Mitglieder des Integrationsrates nehmen die Ausführungen des Instituts für soziale "
        "Innovation zur Kenntnis."
    )
    earlier = Meeting.objects.for_municipality(bergkamen).filter(
        body=steering, starts_at__lt=item.meeting.starts_at
    )
    assert earlier.count() == 4
    tied = ActionItem.objects.for_municipality(bergkamen).filter(
        meeting__in=earlier, measure__isnull=False
    )
    assert tied.exists()
    assert all(a.measure.municipality_id == bergkamen.pk for a in tied)


def test_bergkamen_status_report_goes_from_the_steering_group_to_the_council(town):
    bergkamen = town("bergkamen")
    paper = Paper.objects.for_municipality(bergkamen).get(
        title="Sachstandsbericht Kommunales Integrationsmanagement"
    )
    way = list(Consultation.objects.for_municipality(bergkamen).filter(paper=paper))
    assert [c.body.name for c in way] == [
        "Steuerungsgruppe Kommunales Integrationsmanagement",
        "Integrationsrat der Stadt Bergkamen",
    ]
    assert way[-1].result == DecisionKind.NOTED
    assert way[0].meeting.starts_at < way[1].meeting.starts_at
    document = Document.objects.for_municipality(bergkamen).get(paper=paper, is_main_file=True)
    assert document.mime_type == "application/pdf"
    content = document.file.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert document.size == len(content)
    # Every cross-reference entry points at the start of its object.
    start = int(re.search(rb"startxref\n(\d+)", content).group(1))
    entries = re.findall(rb"(\d{10}) 00000 n ", content[start:])
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert content[int(offset) :].startswith(b"%d 0 obj" % number)


def test_minden_working_groups_met_in_three_rounds_with_about_50_people(town):
    minden = town("minden")
    groups = Body.objects.for_municipality(minden).filter(kind=BodyKind.WORKING_GROUP)
    assert sorted(g.name for g in groups) == [
        "AG Arbeit und Soziales", "AG Bildung und Erziehung",
        "AG Dialog und gesellschaftliche Teilhabe",
    ]  # fmt: skip
    people = set()
    for group in groups:
        assert group.is_public
        assert group.field_of_action.name == group.name.removeprefix("AG ")
        assert group.parent.name == "Integrationskonferenz"
        rounds = Meeting.objects.for_municipality(minden).filter(body=group).order_by("starts_at")
        assert [m.name for m in rounds] == ["Sitzungsrunde 1", "Sitzungsrunde 2", "Sitzungsrunde 3"]
        assert {m.series.name for m in rounds} == {"Sitzungsrunden Integrationskonzept"}
        assert all(m.minutes_released and m.attendances.exists() for m in rounds)
        memberships = BodyMembership.objects.for_municipality(minden).filter(body=group)
        assert 15 <= memberships.count() <= 18
        people |= set(memberships.values_list("person_id", flat=True))
    assert 40 <= len(people) <= 55
    conference = _body(minden, "Integrationskonferenz")
    assert conference.kind == BodyKind.NETWORK_MEETING
    assert conference.meetings.count() == 2


def test_minden_draft_concept_ends_at_the_town_council_resolved(town):
    minden = town("minden")
    paper = Paper.objects.for_municipality(minden).get(
        title="Entwurf Integrationskonzept der Stadt Minden"
    )
    way = list(Consultation.objects.for_municipality(minden).filter(paper=paper))
    council_station = next(c for c in way if c.body.name == "Integrationsrat der Stadt Minden")
    assert council_station.result == DecisionKind.RECOMMENDED
    recommendation = council_station.agenda_item.decisions.get()
    assert (recommendation.votes_for, recommendation.votes_against) == (14, 0)
    assert recommendation.abstentions == 1
    assert _present_voting(council_station.meeting) >= 15
    last = way[-1]
    assert (last.body.name, last.body.kind) == ("Rat der Stadt Minden", BodyKind.TOWN_COUNCIL)
    assert last.result == DecisionKind.RESOLVED and last.authoritative
    assert council_station.meeting.starts_at < last.meeting.starts_at
    assert paper.measures.count() == 99


def test_minden_public_data_is_there_for_every_oparl_type(town):
    minden = town("minden")
    for oparl_type, public in visibility.PUBLIC_SETS.items():
        assert public(minden).exists(), oparl_type


def test_the_public_sees_nothing_of_internal_bodies(town):
    internal_seen = 0
    for municipality in Municipality.objects.all():
        internal = set(
            Body.objects.for_municipality(municipality)
            .filter(is_public=False)
            .values_list("pk", flat=True)
        )
        internal_seen += len(internal)
        v = visibility
        assert not v.public_bodies(municipality).filter(pk__in=internal).exists()
        assert not v.public_meetings(municipality).filter(body__in=internal).exists()
        assert not v.public_agenda_items(municipality).filter(meeting__body__in=internal).exists()
        assert not v.public_consultations(municipality).filter(body__in=internal).exists()
        assert not v.public_memberships(municipality).filter(body__in=internal).exists()
        assert (
            not v.public_documents(municipality)
            .filter(Q(meeting__body__in=internal) | Q(agenda_item__meeting__body__in=internal))
            .exists()
        )
        only_internal = BodyMembership.objects.for_municipality(municipality).exclude(
            body__is_public=True
        )
        persons = set(only_internal.values_list("person_id", flat=True)) - set(
            BodyMembership.objects.for_municipality(municipality)
            .filter(body__is_public=True)
            .values_list("person_id", flat=True)
        )
        assert not v.public_persons(municipality).filter(pk__in=persons).exists()
    assert internal_seen == 3


def test_no_vote_counts_more_than_the_voting_members_present(town):
    voted = Decision.objects.all_municipalities().filter(votes_for__isnull=False)
    assert voted.count() >= 5
    assert voted.filter(agenda_item__meeting__body__kind=BodyKind.YOUTH_BODY).exists()
    for decision in voted.select_related("agenda_item__meeting"):
        cast = decision.votes_for + decision.votes_against + decision.abstentions
        assert cast <= _present_voting(decision.agenda_item.meeting), decision.text


def test_the_bensheim_partner_reads_the_internal_network_meeting(town):
    bensheim = town("bensheim")
    network = _body(bensheim, "Netzwerktreffen Vielfalt")
    assert (network.kind, network.is_public) == (BodyKind.NETWORK_MEETING, False)
    partner = get_user_model().objects.get(email="partner@bensheim.example.org")
    assert network in selectors.bodies_for(user=partner, municipality=bensheim)
    assert network not in selectors.bodies_for(user=AnonymousUser(), municipality=bensheim)
    meetings = network.meetings.order_by("starts_at")
    assert meetings.count() >= 4
    assert selectors.carried_over_action_items(meetings.last()).exists()


def test_the_demo_persons_are_fictional(town):
    real = ["Haßlöwer", "Hornbostel", "Scherpe", "Rathke", "Hartnagel", "Zillig"]
    names = " ".join(ContactPerson.objects.all_municipalities().values_list("name", flat=True))
    assert not [n for n in real + ["Klein"] if re.search(rf"\b{n}\b", names)]
    texts = " ".join(
        f"{item.title} {item.minutes} {item.presenter}"
        for item in AgendaItem.objects.all_municipalities()
    ) + " ".join(Attendance.objects.all_municipalities().values_list("guest_name", flat=True))
    assert not [n for n in real if n in texts]


def _oparl_objects(document):
    if isinstance(document, dict):
        if str(document.get("type", "")).startswith(schemas.SCHEMA_BASE):
            yield document
        for value in document.values():
            yield from _oparl_objects(value)
    elif isinstance(document, list):
        for value in document:
            yield from _oparl_objects(value)


def _path(url: str) -> str:
    return urlsplit(url)._replace(scheme="", netloc="").geturl()


def _oparl_urls(document):
    if isinstance(document, dict):
        document = list(document.values())
    if isinstance(document, list):
        for value in document:
            yield from _oparl_urls(value)
    elif isinstance(document, str) and "/oparl/v1.1/" in document:
        yield _path(document)


def test_the_demo_validates_against_the_oparl_schemas(client):
    """Everything the API lists for the demo towns is a valid OParl 1.1 object."""
    queue, seen, found = deque(["/oparl/v1.1/"]), set(), set()
    while queue:
        url = queue.popleft()
        if url in seen or "/download/" in url:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        document = response.json()
        for obj in _oparl_objects(document):
            assert not schemas.errors(obj), (obj["id"], schemas.errors(obj))
            found.add(obj["type"].rsplit("/", 1)[1])
        # Objects listed in full need not be fetched one by one.
        seen |= {_path(obj["id"]) for obj in document.get("data", [])}
        queue.extend(u for u in _oparl_urls(document) if u not in seen)
    assert found == set(schemas.TYPES)
