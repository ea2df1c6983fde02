import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import override

from miteinander.bodies import services, visibility
from miteinander.bodies.models import (
    ActionItemStatus,
    AgendaItem,
    AttendanceStatus,
    BodyMembership,
    Consultation,
    Decision,
    DecisionKind,
    Document,
    Meeting,
    MeetingSeries,
    MembershipRole,
    OParlTombstone,
)
from miteinander.core.models import AuditEntry
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    ContactPersonFactory,
    DocumentFactory,
    MeetingFactory,
    OrganisationFactory,
    PaperFactory,
)

BERLIN = datetime.timezone(datetime.timedelta(hours=1))


@pytest.fixture
def body(bensheim):
    return BodyFactory(municipality=bensheim, name="Integrationsrat", is_public=True)


def test_a_meeting_that_ends_before_it_starts_is_refused_and_not_saved(body, coordinator):
    meeting = Meeting(
        municipality=body.municipality,
        body=body,
        name="1. Sitzung",
        starts_at=datetime.datetime(2026, 12, 3, 18, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2026, 12, 3, 17, 0, tzinfo=BERLIN),
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_save(meeting=meeting, acting_user=coordinator)
    assert "ends_at" in error.value.message_dict
    assert not Meeting.objects.for_municipality(body.municipality).exists()


def test_the_database_refuses_a_meeting_ending_before_it_starts(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(
            body=body,
            starts_at=datetime.datetime(2026, 12, 3, 18, 0, tzinfo=BERLIN),
            ends_at=datetime.datetime(2026, 12, 3, 17, 0, tzinfo=BERLIN),
        )


def test_a_membership_overlapping_the_same_persons_term_is_refused(body, coordinator):
    first = BodyMembershipFactory(
        body=body, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    overlapping = BodyMembership(
        municipality=body.municipality,
        body=body,
        person=first.person,
        organisation=first.organisation,
        starts_on=datetime.date(2025, 6, 1),
    )
    with pytest.raises(ValidationError) as error:
        services.membership_save(membership=overlapping, acting_user=coordinator)
    assert first.person.name in error.value.message_dict["starts_on"][0]
    assert BodyMembership.objects.for_municipality(body.municipality).count() == 1

    next_term = BodyMembership(
        municipality=body.municipality,
        body=body,
        person=first.person,
        starts_on=datetime.date(2026, 1, 1),
        role=MembershipRole.CHAIR,
    )
    services.membership_save(membership=next_term, acting_user=coordinator)
    assert BodyMembership.objects.for_municipality(body.municipality).count() == 2


def test_an_open_ended_membership_overlaps_any_later_term(body, coordinator):
    first = BodyMembershipFactory(body=body, starts_on=datetime.date(2024, 1, 1), ends_on=None)
    later = BodyMembership(
        municipality=body.municipality,
        body=body,
        person=first.person,
        starts_on=datetime.date(2030, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.membership_save(membership=later, acting_user=coordinator)


def test_an_organisation_membership_without_person_checks_the_organisations_terms(
    body, coordinator
):
    organisation = OrganisationFactory(municipality=body.municipality)
    services.membership_save(
        membership=BodyMembership(
            municipality=body.municipality, body=body, organisation=organisation
        ),
        acting_user=coordinator,
    )
    with pytest.raises(ValidationError):
        services.membership_save(
            membership=BodyMembership(
                municipality=body.municipality, body=body, organisation=organisation
            ),
            acting_user=coordinator,
        )


def test_a_name_is_public_only_with_consent(body, coordinator):
    person = ContactPersonFactory(
        organisation__municipality=body.municipality, consent_given_on=None, consent_purpose=""
    )
    membership = BodyMembership(
        municipality=body.municipality, body=body, person=person, name_is_public=True
    )
    with pytest.raises(ValidationError) as error:
        services.membership_save(membership=membership, acting_user=coordinator)
    assert "name_is_public" in error.value.message_dict


def test_a_membership_needs_a_person_or_an_organisation(body, coordinator):
    with pytest.raises(ValidationError):
        services.membership_save(
            membership=BodyMembership(municipality=body.municipality, body=body),
            acting_user=coordinator,
        )


def test_the_account_of_a_member_must_belong_to_the_town(body, coordinator, minden, member_of):
    stranger = member_of(minden)
    membership = BodyMembership(
        municipality=body.municipality,
        body=body,
        person=ContactPersonFactory(organisation__municipality=body.municipality),
        user=stranger,
    )
    with pytest.raises(ValidationError) as error:
        services.membership_save(membership=membership, acting_user=coordinator)
    assert "user" in error.value.message_dict


def test_agenda_items_are_added_at_the_end_and_numbered(body, coordinator):
    meeting = MeetingFactory(body=body)
    first = services.agenda_item_save(
        item=AgendaItem(municipality=body.municipality, meeting=meeting, title="Begrüßung"),
        acting_user=coordinator,
    )
    second = services.agenda_item_save(
        item=AgendaItem(municipality=body.municipality, meeting=meeting, title="Bericht"),
        acting_user=coordinator,
    )
    assert (first.position, first.number, second.position, second.number) == (1, "1", 2, "2")

    services.agenda_reorder(
        meeting=meeting, item_ids=[second.pk, first.pk], acting_user=coordinator
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, second.number, first.position, first.number) == (1, "1", 2, "2")


def test_reordering_must_name_every_item_once(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    with pytest.raises(ValidationError):
        services.agenda_reorder(
            meeting=item.meeting, item_ids=[item.pk, item.pk], acting_user=coordinator
        )


def test_a_vote_cannot_count_more_votes_than_voting_members_present(body, coordinator):
    meeting = MeetingFactory(body=body)
    item = AgendaItemFactory(meeting=meeting)
    members = [BodyMembershipFactory(body=body) for _ in range(3)]
    advisory = BodyMembershipFactory(body=body, has_voting_right=False)
    services.attendance_record(
        meeting=meeting,
        statuses={
            members[0].pk: AttendanceStatus.PRESENT,
            members[1].pk: AttendanceStatus.PRESENT,
            members[2].pk: AttendanceStatus.EXCUSED,
            advisory.pk: AttendanceStatus.PRESENT,
        },
        acting_user=coordinator,
    )
    decision = Decision(
        municipality=body.municipality,
        agenda_item=item,
        kind=DecisionKind.RESOLVED,
        votes_for=2,
        votes_against=1,
        abstentions=0,
    )
    with pytest.raises(ValidationError) as error:
        services.decision_save(decision=decision, acting_user=coordinator)
    assert "3" in error.value.message_dict["votes_for"][0]
    decision.votes_against = 0
    services.decision_save(decision=decision, acting_user=coordinator)


def test_vote_counts_are_all_or_nothing(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    decision = Decision(
        municipality=body.municipality,
        agenda_item=item,
        kind=DecisionKind.RESOLVED,
        votes_for=5,
    )
    with pytest.raises(ValidationError):
        services.decision_save(decision=decision, acting_user=coordinator)
    assert not Decision.objects.for_municipality(body.municipality).exists()


def test_attendance_only_lists_members_of_the_body(body, coordinator):
    meeting = MeetingFactory(body=body)
    other = BodyMembershipFactory(body__municipality=body.municipality)
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=meeting, statuses={other.pk: AttendanceStatus.PRESENT}, acting_user=coordinator
        )


def test_a_decision_sets_the_result_of_the_consultations_treated_in_the_item(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    consultation = ConsultationFactory(
        paper__municipality=body.municipality, body=body, meeting=item.meeting, agenda_item=item
    )
    services.decision_save(
        decision=Decision(
            municipality=body.municipality, agenda_item=item, kind=DecisionKind.NOTED
        ),
        acting_user=coordinator,
    )
    consultation.refresh_from_db()
    assert consultation.result == DecisionKind.NOTED


def test_a_consultation_names_a_meeting_of_its_own_body(body, coordinator):
    other_body = BodyFactory(municipality=body.municipality)
    meeting = MeetingFactory(body=other_body)
    consultation = Consultation(
        municipality=body.municipality,
        paper=PaperFactory(municipality=body.municipality),
        body=body,
        meeting=meeting,
    )
    with pytest.raises(ValidationError) as error:
        services.consultation_save(consultation=consultation, acting_user=coordinator)
    assert "meeting" in error.value.message_dict


def test_consultations_follow_each_other_in_the_order_they_were_added(body, coordinator):
    paper = PaperFactory(municipality=body.municipality)
    council = BodyFactory(municipality=body.municipality, name="Rat der Stadt")
    for station in (body, council):
        services.consultation_save(
            consultation=Consultation(municipality=body.municipality, paper=paper, body=station),
            acting_user=coordinator,
        )
    assert [c.body for c in paper.consultations.all()] == [body, council]


@override("ar")
def test_a_series_plans_its_rounds(body, coordinator):
    series = MeetingSeries(municipality=body.municipality, body=body, name="Sitzungsrunden 2019")
    starts = [datetime.datetime(2019, month, 10, 17, 0, tzinfo=BERLIN) for month in (3, 5, 7)]
    meetings = services.series_plan_rounds(
        series=series,
        starts=starts,
        duration=datetime.timedelta(hours=2),
        location=None,
        acting_user=coordinator,
    )
    # Named in German (the platform's language) whatever the language of the page.
    assert [m.name for m in meetings] == ["Sitzungsrunde 1", "Sitzungsrunde 2", "Sitzungsrunde 3"]
    assert all(m.series == series and m.body == body for m in meetings)


def test_releasing_minutes_marks_the_meeting_held_and_is_audited(body, coordinator):
    meeting = MeetingFactory(body=body)
    services.minutes_release(meeting=meeting, acting_user=coordinator)
    meeting.refresh_from_db()
    assert meeting.minutes_released and meeting.state == "held"
    assert AuditEntry.objects.filter(action="meeting.update", object_id=str(meeting.pk)).exists()


def test_completing_an_action_item_dates_it(body, coordinator):
    item = ActionItemFactory(meeting__body=body)
    services.action_item_complete(item=item, acting_user=coordinator)
    assert item.status == ActionItemStatus.DONE and item.completed_on is not None
    item.status = ActionItemStatus.OPEN
    services.action_item_save(item=item, acting_user=coordinator)
    assert item.completed_on is None


def test_an_action_item_needs_an_owner(body, coordinator):
    item = ActionItemFactory.build(meeting=MeetingFactory(body=body), owner_organisation=None)
    with pytest.raises(ValidationError):
        services.action_item_save(item=item, acting_user=coordinator)


def _upload(name, content=b"%PDF-1.4\n%%EOF\n"):
    return SimpleUploadedFile(name, content)


def test_an_upload_records_name_type_size_and_checksums(body, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    paper = PaperFactory(municipality=body.municipality)
    document = services.document_upload(
        document=Document(municipality=body.municipality, paper=paper, is_main_file=True),
        uploaded=_upload("Sachstandsbericht 2019.pdf"),
        acting_user=coordinator,
    )
    assert document.file_name == "Sachstandsbericht 2019.pdf"
    assert document.title == "Sachstandsbericht 2019.pdf"
    assert document.mime_type == "application/pdf" and document.size == 15
    assert len(document.sha1) == 40 and len(document.sha512) == 128
    assert "Sachstandsbericht" not in document.file.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "size"), [("makro.exe", 10), ("gross.pdf", Document.MAX_SIZE + 1)]
)
def test_uploads_of_the_wrong_kind_or_too_large_are_refused(
    body, coordinator, settings, tmp_path, name, size
):
    settings.MEDIA_ROOT = tmp_path
    paper = PaperFactory(municipality=body.municipality)
    with pytest.raises(ValidationError) as error:
        services.document_upload(
            document=Document(municipality=body.municipality, paper=paper),
            uploaded=_upload(name, b"x" * size),
            acting_user=coordinator,
        )
    assert "file" in error.value.message_dict
    assert not Document.objects.for_municipality(body.municipality).exists()


def test_deleting_a_public_meeting_leaves_tombstones_for_it_and_its_items(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    meeting = item.meeting
    meeting_pk, item_pk = meeting.pk, item.pk
    services.meeting_delete(meeting=meeting, acting_user=coordinator)
    tombstones = set(
        OParlTombstone.objects.for_municipality(body.municipality).values_list(
            "object_type", "object_id"
        )
    )
    assert {("Meeting", meeting_pk), ("AgendaItem", item_pk)} <= tombstones


def test_making_a_body_internal_removes_everything_of_it_from_public_view(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    membership = BodyMembershipFactory(body=body, name_is_public=True)
    body.is_public = False
    services.body_save(body=body, acting_user=coordinator)
    removed = dict(
        OParlTombstone.objects.for_municipality(body.municipality).values_list(
            "object_type", "object_id"
        )
    )
    assert removed == {
        "Organization": body.pk,
        "Meeting": item.meeting_id,
        "AgendaItem": item.pk,
        "Membership": membership.pk,
        "Person": membership.person_id,
    }
    # Back in public view, the tombstones go.
    body.is_public = True
    services.body_save(body=body, acting_user=coordinator)
    assert not OParlTombstone.objects.for_municipality(body.municipality).exists()


def test_internal_things_are_not_public(bensheim):
    internal = BodyFactory(municipality=bensheim, is_public=False)
    public = BodyFactory(municipality=bensheim, is_public=True)
    hidden_item = AgendaItemFactory(meeting__body=public, is_public=False)
    shown_item = AgendaItemFactory(meeting=hidden_item.meeting)
    internal_item = AgendaItemFactory(meeting__body=internal)
    private_doc = DocumentFactory(paper__municipality=bensheim, is_public=False)
    internal_paper_doc = DocumentFactory(paper__municipality=bensheim, paper__is_public=False)
    shown_doc = DocumentFactory(paper__municipality=bensheim)
    unlisted = BodyMembershipFactory(body=public, name_is_public=False, organisation=None)

    assert list(visibility.public_bodies(bensheim)) == [public]
    assert set(visibility.public_agenda_items(bensheim)) == {shown_item}
    assert internal_item.meeting not in visibility.public_meetings(bensheim)
    assert set(visibility.public_documents(bensheim)) == {shown_doc}
    assert private_doc not in visibility.public_documents(bensheim)
    assert internal_paper_doc not in visibility.public_documents(bensheim)
    assert unlisted not in visibility.public_memberships(bensheim)
    assert not visibility.public_persons(bensheim).exists()


def test_withdrawn_consent_takes_the_person_out_of_public_view(body, coordinator):
    """A write in the network registry leaves OParl tombstones, too."""
    from miteinander.network import services as network_services

    membership = BodyMembershipFactory(body=body, name_is_public=True)
    person = membership.person
    network_services.contact_person_save(
        organisation=person.organisation,
        contact_person=person,
        acting_user=coordinator,
        consent_given_on=None,
        consent_purpose="",
    )
    removed = set(
        OParlTombstone.objects.for_municipality(body.municipality).values_list(
            "object_type", "object_id"
        )
    )
    assert ("Person", person.pk) in removed


def test_an_organisation_made_internal_leaves_its_institution_tombstone(body, coordinator):
    from miteinander.network import services as network_services

    organisation = OrganisationFactory(municipality=body.municipality, is_public=True)
    BodyMembershipFactory(body=body, person=None, organisation=organisation)
    network_services.organisation_update(
        organisation=organisation, acting_user=coordinator, is_public=False
    )
    assert (
        OParlTombstone.objects.for_municipality(body.municipality)
        .filter(object_type="Institution", object_id=organisation.pk)
        .exists()
    )


def test_deleting_a_decision_marks_its_item_changed(body, coordinator):
    item = AgendaItemFactory(meeting__body=body)
    decision = Decision.objects.create(
        municipality=body.municipality, agenda_item=item, kind=DecisionKind.NOTED
    )
    before = AgendaItem.objects.for_municipality(body.municipality).get(pk=item.pk).updated_at
    services.decision_delete(decision=decision, acting_user=coordinator)
    after = AgendaItem.objects.for_municipality(body.municipality).get(pk=item.pk).updated_at
    assert after > before
