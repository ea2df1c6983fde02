"""The events workspace: who opens which page, the editor, publishing, cancelling, deleting,
formats and the town's kinds of event."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from miteinander.core.models import AuditEntry
from miteinander.events import sections, services
from miteinander.events.models import Event, EventFormat, EventKind, EventStatus
from miteinander.municipalities.models import Role
from tests.factories import (
    EventFactory,
    EventFormatFactory,
    EventKindFactory,
    EventTranslationFactory,
    MeasureFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    TargetGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")

ROLES = ["coordination", "partner_of_organiser", "partner_elsewhere", "reader", "other_town",
         "anonymous"]  # fmt: skip
READ = dict.fromkeys(ROLES, 200) | {"other_town": 404, "anonymous": 302}
CHANGE = dict.fromkeys(ROLES, 404) | {
    "coordination": 200,
    "partner_of_organiser": 200,
    "anonymous": 302,
}
ADD = dict.fromkeys(ROLES, 404) | {
    "coordination": 200,
    "partner_of_organiser": 200,
    "partner_elsewhere": 200,
    "anonymous": 302,
}
MANAGE = dict.fromkeys(ROLES, 404) | {"coordination": 200, "anonymous": 302}


def url(name, town, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"events:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def partner(town, organisation):
    user = UserFactory()
    MembershipFactory(
        municipality=town, user=user, role=Role.NETWORK_PARTNER, organisation=organisation
    )
    return user


@pytest.fixture
def town(bensheim, minden, member_of):
    youth = OrganisationFactory(municipality=bensheim, name="Jugendzentrum Bensheim")
    church = OrganisationFactory(municipality=bensheim, name="Evangelische Gemeinde")
    kind = EventKindFactory(municipality=bensheim, name="Fest")
    in_a_month = timezone.now().replace(hour=14, minute=0, second=0, microsecond=0)
    in_a_month += datetime.timedelta(days=30)
    published = EventFactory(
        organiser=youth, kind=kind, title="Interkulturelles Fest", starts_at=in_a_month
    )
    draft = EventFactory(
        organiser=youth, kind=kind, title="Jugendforum", status="draft", published_at=None,
        starts_at=in_a_month,
    )  # fmt: skip
    event_format = EventFormatFactory(
        municipality=bensheim, name="Fest von Jugendlichen", data={"organiser": youth.pk}
    )
    return {
        "youth": youth,
        "church": church,
        "kind": kind,
        "published": published,
        "draft": draft,
        "format": event_format,
        "users": {
            "coordination": member_of(bensheim, Role.COORDINATION),
            "partner_of_organiser": partner(bensheim, youth),
            "partner_elsewhere": partner(bensheim, church),
            "reader": member_of(bensheim, Role.READER),
            "other_town": member_of(minden, Role.COORDINATION),
        },
    }


@pytest.fixture
def login(client, town):
    def as_role(role):
        if role != "anonymous":
            client.force_login(town["users"][role])
        return client

    return as_role


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_which_page(login, bensheim, town, role):
    """Everyone of the town reads the events; organisers and coordination change them."""
    client = login(role)
    published, draft = town["published"].pk, town["draft"].pk
    fmt = town["format"].pk
    pages = [
        ("list", {}, READ),
        ("event", {"pk": published}, READ),
        # A draft is seen by its organisers and coordination only.
        ("event", {"pk": draft}, CHANGE),
        ("create", {}, ADD),
        ("create_from_format", {"format_pk": fmt}, ADD),
        ("edit", {"pk": published}, CHANGE),
        ("cancel", {"pk": published}, CHANGE),
        ("delete", {"pk": published}, CHANGE),
        ("save_as_format", {"pk": published}, CHANGE),
        ("formats", {}, ADD),
        # The format is the youth centre's: its partner and coordination may delete it.
        ("format_delete", {"format_pk": fmt}, CHANGE),
        ("kinds", {}, MANAGE),
    ]
    for name, kwargs, expected in pages:
        response = client.get(url(name, bensheim, **kwargs))
        assert response.status_code == expected[role], (name, kwargs)
        if expected[role] == 302:
            assert (
                response["Location"].startswith("/accounts/login/")
                or "login" in (response["Location"])
            )


@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish(login, bensheim, town, role):
    client = login(role)
    response = client.post(url("publish", bensheim, pk=town["draft"].pk))
    expected = {"coordination": 302, "partner_of_organiser": 302, "anonymous": 302}
    assert response.status_code == expected.get(role, 404)
    town["draft"].refresh_from_db()
    published = role in ("coordination", "partner_of_organiser")
    assert (town["draft"].status == EventStatus.PUBLISHED) is published


def test_another_towns_event_is_not_found(client, bensheim, minden, town, member_of):
    """Minden's coordination cannot open Bensheim's event through Minden's address either."""
    client.force_login(member_of(minden, Role.COORDINATION))
    response = client.get(url("event", minden, pk=town["published"].pk))
    assert response.status_code == 404
    response = client.get(url("edit", minden, pk=town["published"].pk))
    assert response.status_code == 404


def test_the_list_has_tabs_filters_and_registrations(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    town["published"].registration_enabled = True
    town["published"].capacity = 10
    town["published"].save()
    RegistrationFactory.create_batch(2, event=town["published"])
    EventFactory(
        organiser=town["church"],
        kind=town["kind"],
        title="Vergangenes Fest",
        starts_at=datetime.datetime(2020, 2, 15, 14, tzinfo=datetime.UTC),
    )
    with_future = client.get(url("list", bensheim))
    assert [e.title for e in with_future.context["page"]] == ["Interkulturelles Fest"]
    assert "2 of 10" in with_future.content.decode()
    drafts = client.get(url("list", bensheim) + "?when=drafts")
    assert [e.title for e in drafts.context["page"]] == ["Jugendforum"]
    past = client.get(url("list", bensheim) + "?when=past")
    assert [e.title for e in past.context["page"]] == ["Vergangenes Fest"]
    by_other = client.get(url("list", bensheim) + f"?when=past&organiser={town['youth'].pk}")
    assert list(by_other.context["page"]) == []
    by_town = client.get(url("list", bensheim) + "?organiser=town")
    assert list(by_town.context["page"]) == []


def test_a_partner_filters_for_their_own_events(client, bensheim, town):
    EventFactory(organiser=town["church"], kind=town["kind"], title="Gemeindefest")
    client.force_login(town["users"]["partner_of_organiser"])
    everything = client.get(url("list", bensheim))
    assert {e.title for e in everything.context["page"]} == {
        "Interkulturelles Fest",
        "Gemeindefest",
    }
    mine = client.get(url("list", bensheim) + "?mine=on")
    assert [e.title for e in mine.context["page"]] == ["Interkulturelles Fest"]
    drafts = client.get(url("list", bensheim) + "?when=drafts")
    assert [e.title for e in drafts.context["page"]] == ["Jugendforum"]
    client.force_login(town["users"]["partner_elsewhere"])
    drafts = client.get(url("list", bensheim) + "?when=drafts")
    assert list(drafts.context["page"]) == []


# --- The editor -------------------------------------------------------------------------------
def course(kind, **values):
    """A weekly course on Tuesdays and Thursdays in March 2027, 18:00 to 20:00."""
    return {
        "title": "Deutsch im Alltag",
        "description": "Ein Sprachkurs für den Alltag.",
        "kind": kind.pk,
        "place_name": "Stadtbücherei",
        "street": "Hauptstraße 10",
        "starts_on": "2027-03-02",
        "starts_time": "18:00",
        "ends_time": "20:00",
        "repeat": "weekly",
        "weekdays": ["TU", "TH"],
        "repeat_ends": "until",
        "repeat_until": "2027-03-25",
        "exceptions": "11.03.2027",
        "is_free": "on",
        "waiting_list": "on",
        "tr-en-title": "German for everyday life",
        "tr-uk-title": "Німецька для повсякдення",
        "draft": "1",
    } | values


def test_creating_a_weekly_event_through_the_form(client, bensheim, town):
    """The builder's choices become the rule; the series ends with its last date."""
    client.force_login(town["users"]["coordination"])
    response = client.post(url("create", bensheim), course(town["kind"]))
    event = Event.objects.for_municipality(bensheim).get(title="Deutsch im Alltag")
    assert response.status_code == 302
    assert response["Location"] == url("event", bensheim, pk=event.pk)
    assert event.recurrence_rule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270325T225959Z"
    assert event.recurrence_exceptions == ["2027-03-11"]
    assert event.starts_at == datetime.datetime(2027, 3, 2, 18, tzinfo=BERLIN)
    assert event.series_ends_at == datetime.datetime(2027, 3, 25, 20, tzinfo=BERLIN)
    assert len(event.occurrences()) == 7
    assert event.status == EventStatus.DRAFT
    assert event.organiser is None  # coordination left it empty: the town organises it
    assert {t.language: t.title for t in event.translations.all()} == {
        "en": "German for everyday life",
        "uk": "Німецька для повсякдення",
    }
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).exists()


def test_save_and_publish(client, bensheim, town):
    client.force_login(town["users"]["partner_of_organiser"])
    data = course(town["kind"], organiser=town["youth"].pk, publish="1")
    del data["draft"]
    response = client.post(url("create", bensheim), data)
    assert response.status_code == 302
    event = Event.objects.for_municipality(bensheim).get(title="Deutsch im Alltag")
    assert event.status == EventStatus.PUBLISHED
    assert event.organiser == town["youth"]


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ends_time": "17:00"}, "ends_time", "The end lies before the start."),
        ({"repeat_ends": "", "repeat_until": ""}, "repeat_ends", "A repeating event needs an end"),
        ({"repeat": "custom", "rule": "FREQ=WEEKLY", "weekdays": []}, "rule",
         "A repeating event needs an end"),
        ({"place_name": "", "street": ""}, "place_name", "Give a meeting place"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_field_message_and_nothing_is_saved(
    client, bensheim, town, values, field, message
):
    client.force_login(town["users"]["coordination"])
    response = client.post(url("create", bensheim), course(town["kind"], **values))
    assert response.status_code == 200
    form = response.context["editor"].form
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert "Nothing has been saved." in page
    assert f'href="#id_{field}' in page  # the summary links to the field
    assert not Event.objects.for_municipality(bensheim).filter(title="Deutsch im Alltag").exists()


def post_data(editor) -> dict:
    """What the browser sends back for an editor page left as it was shown."""
    data = {}
    for form in (editor.form, *editor.translations):
        for field in form:
            value = field.value()
            if field.field.disabled:
                continue
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
            elif isinstance(value, datetime.datetime):
                data[field.html_name] = value.strftime("%Y-%m-%dT%H:%M")
            elif isinstance(value, datetime.date):
                data[field.html_name] = value.isoformat()
            elif isinstance(value, datetime.time):
                data[field.html_name] = value.strftime("%H:%M")
            elif value is not None:
                data[field.html_name] = str(getattr(value, "pk", value))
    return data


def test_editing_keeps_translations_and_the_repetition(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    client.post(url("create", bensheim), course(town["kind"]))
    event = Event.objects.for_municipality(bensheim).get(title="Deutsch im Alltag")
    page = client.get(url("edit", bensheim, pk=event.pk))
    editor = page.context["editor"]
    assert editor.form["repeat"].value() == "weekly"
    assert editor.form["weekdays"].value() == ["TU", "TH"]
    assert editor.form["exceptions"].value() == "11.03.2027"
    data = post_data(editor) | {"title": "Deutsch im Alltag (Anfänger)", "save": "1"}
    response = client.post(url("edit", bensheim, pk=event.pk), data)
    assert response.status_code == 302, response.context["editor"].error_summary()
    event.refresh_from_db()
    assert event.title == "Deutsch im Alltag (Anfänger)"
    assert event.recurrence_rule == "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270325T225959Z"
    assert event.recurrence_exceptions == ["2027-03-11"]
    changes = AuditEntry.objects.filter(action="event.update", object_id=str(event.pk)).get()
    assert event.sequence == 0, changes.changes  # nothing about the dates changed
    assert {t.language: t.title for t in event.translations.all()} == {
        "en": "German for everyday life",
        "uk": "Німецька для повсякдення",
    }


def test_a_partner_cannot_name_another_organisation_as_organiser(client, bensheim, town):
    client.force_login(town["users"]["partner_of_organiser"])
    response = client.post(
        url("create", bensheim), course(town["kind"], organiser=town["church"].pk)
    )
    assert response.status_code == 200
    assert "organiser" in response.context["editor"].form.errors
    response = client.post(url("create", bensheim), course(town["kind"]))
    assert response.context["editor"].form.errors["organiser"] == [
        "Choose the organisation that organises it."
    ]
    assert not Event.objects.for_municipality(bensheim).filter(title="Deutsch im Alltag").exists()


def test_a_co_organising_partner_keeps_the_organiser(client, bensheim, town):
    event = town["published"]
    event.co_organisers.add(town["church"])
    client.force_login(town["users"]["partner_elsewhere"])
    page = client.get(url("edit", bensheim, pk=event.pk))
    data = post_data(page.context["editor"]) | {"organiser": town["church"].pk, "save": "1"}
    response = client.post(url("edit", bensheim, pk=event.pk), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.organiser == town["youth"]


def test_a_partner_edits_only_their_organisations_events(client, bensheim, town):
    client.force_login(town["users"]["partner_elsewhere"])
    page = client.post(url("edit", bensheim, pk=town["published"].pk), {"title": "Gekapert"})
    assert page.status_code == 404
    town["published"].refresh_from_db()
    assert town["published"].title == "Interkulturelles Fest"


def test_choices_of_another_town_are_refused(client, bensheim, minden, town):
    client.force_login(town["users"]["coordination"])
    foreign_kind = EventKindFactory(municipality=minden, name="Fest")
    foreign_group = TargetGroupFactory(municipality=minden)
    response = client.post(
        url("create", bensheim),
        course(town["kind"]) | {"kind": foreign_kind.pk, "target_groups": [foreign_group.pk]},
    )
    assert set(response.context["editor"].form.errors) == {"kind", "target_groups"}


def test_the_editor_offers_the_towns_measures_and_published_meeting_places(client, bensheim, town):
    from tests.factories import OfferingFactory, OfferingKindFactory

    client.force_login(town["users"]["coordination"])
    room = OfferingKindFactory(municipality=bensheim, name="Begegnungsraum", is_meeting_place=True)
    course_kind = OfferingKindFactory(municipality=bensheim, name="Kurs")
    cafe = OfferingFactory(provider=town["youth"], kind=room, title="Café International")
    OfferingFactory(provider=town["youth"], kind=room, title="Alter Treff", status="draft")
    OfferingFactory(provider=town["youth"], kind=course_kind, title="Sprachkurs")
    measure = MeasureFactory(municipality=bensheim)
    form = client.get(url("create", bensheim)).context["editor"].form
    assert list(form.fields["meeting_place"].queryset) == [cafe]
    assert list(form.fields["measure"].queryset) == [measure]
    response = client.post(
        url("create", bensheim),
        course(town["kind"], meeting_place=cafe.pk, place_name="", street="",
               measure=measure.pk),
    )  # fmt: skip
    assert response.status_code == 302
    event = Event.objects.for_municipality(bensheim).get(title="Deutsch im Alltag")
    assert (event.meeting_place, event.measure) == (cafe, measure)


# --- Detail -----------------------------------------------------------------------------------
def test_the_detail_page_tells_everything_about_the_event(client, bensheim, town):
    event = town["published"]
    event.registration_enabled = True
    event.capacity = 2
    event.ideas_enabled = True
    event.save()
    EventTranslationFactory(event=event, language="en", title="Intercultural festival")
    RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status="waiting")
    client.force_login(town["users"]["coordination"])
    page = client.get(url("event", bensheim, pk=event.pk)).content.decode()
    assert "2 of 2 places taken, 0 left" in page
    assert "1 person waiting" in page
    assert "Intercultural festival" in page
    assert "missing: shown in German" in page  # six languages, one translated
    for name in ("participants", "check_in", "evaluation", "ideas"):
        assert url(name, bensheim, pk=event.pk) in page
    assert f"/veranstaltungen/{event.pk}/" in page  # the public page

    client.force_login(town["users"]["reader"])
    page = client.get(url("event", bensheim, pk=event.pk)).content.decode()
    assert "2 of 2 places taken" in page
    assert url("participants", bensheim, pk=event.pk) not in page
    assert url("edit", bensheim, pk=event.pk) not in page


def test_the_history_names_who_changed_what(client, bensheim, town):
    coordinator = town["users"]["coordination"]
    services.event_save(
        municipality=bensheim,
        acting_user=coordinator,
        event=town["published"],
        content=services.EventContent(fields={"title": "Fest der Kulturen"}),
    )
    client.force_login(coordinator)
    page = client.get(url("event", bensheim, pk=town["published"].pk)).content.decode()
    assert "edited (title (German))" in page


# --- Publish, cancel, delete ------------------------------------------------------------------
def test_cancelling_asks_for_a_reason_and_keeps_the_event_marked(client, bensheim, town):
    client.force_login(town["users"]["partner_of_organiser"])
    event = town["published"]
    page = client.get(url("cancel", bensheim, pk=event.pk))
    assert "stays in the public calendar" in page.content.decode()
    response = client.post(url("cancel", bensheim, pk=event.pk), {"note": "Unwetterwarnung"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.status, event.cancellation_note) == (EventStatus.CANCELLED, "Unwetterwarnung")
    assert event.sequence == 1
    again = client.get(url("cancel", bensheim, pk=event.pk), follow=True)
    assert "already been cancelled" in again.content.decode()


def test_a_draft_is_deleted_not_cancelled(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    response = client.post(url("cancel", bensheim, pk=town["draft"].pk), follow=True)
    assert "delete a draft instead" in response.content.decode()
    town["draft"].refresh_from_db()
    assert town["draft"].status == EventStatus.DRAFT


def test_deleting_an_event_nobody_registered_for(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    response = client.post(url("delete", bensheim, pk=town["draft"].pk))
    assert response.status_code == 302
    assert not Event.objects.for_municipality(bensheim).filter(pk=town["draft"].pk).exists()


def test_an_event_people_registered_for_is_not_deleted(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    event = town["published"]
    RegistrationFactory(event=event)
    response = client.post(url("delete", bensheim, pk=event.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "People have registered for this event. Cancel it instead, so they are told." in page
    assert url("cancel", bensheim, pk=event.pk) in page
    assert Event.objects.for_municipality(bensheim).filter(pk=event.pk).exists()


def test_publishing_twice_says_why_not(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    response = client.post(url("publish", bensheim, pk=town["published"].pk), follow=True)
    assert "Only a draft can be published." in response.content.decode()


# --- Formats ----------------------------------------------------------------------------------
def test_the_same_format_for_another_target_group(client, bensheim, town):
    """Seed 001: an event planned by young people, then held again for seniors."""
    youth_group = TargetGroupFactory(municipality=bensheim, name="Jugendliche")
    seniors = TargetGroupFactory(municipality=bensheim, name="Senioren")
    event = town["published"]
    event.target_groups.set([youth_group])
    EventTranslationFactory(event=event, language="ar", title="مهرجان")
    client.force_login(town["users"]["partner_of_organiser"])
    response = client.post(
        url("save_as_format", bensheim, pk=event.pk),
        {"name": "Fest, von Jugendlichen geplant", "description": "Für etwa 60 Gäste."},
    )
    assert response.status_code == 302
    event_format = EventFormat.objects.for_municipality(bensheim).get(
        name="Fest, von Jugendlichen geplant"
    )

    page = client.get(url("create_from_format", bensheim, format_pk=event_format.pk))
    editor = page.context["editor"]
    assert editor.form["title"].value() == "Interkulturelles Fest"
    assert editor.form["target_groups"].value() == []
    assert editor.form["starts_on"].value() is None
    assert "The format was made for: Jugendliche." in page.content.decode()
    data = post_data(editor) | {
        "starts_on": "2027-06-12",
        "starts_time": "15:00",
        "target_groups": [str(seniors.pk)],
        "draft": "1",
    }
    response = client.post(url("create_from_format", bensheim, format_pk=event_format.pk), data)
    assert response.status_code == 302, response.context["editor"].error_summary()
    new = Event.objects.for_municipality(bensheim).get(format=event_format)
    assert new.title == "Interkulturelles Fest"
    assert list(new.target_groups.all()) == [seniors]
    assert new.organiser == town["youth"]
    # The format's length: three hours, like the festival it was saved from.
    assert new.starts_at == datetime.datetime(2027, 6, 12, 15, tzinfo=BERLIN)
    assert new.ends_at == datetime.datetime(2027, 6, 12, 18, tzinfo=BERLIN)
    assert [t.title for t in new.translations.all()] == ["مهرجان"]


def test_formats_are_deleted_by_coordination_or_their_organiser(client, bensheim, town):
    fmt = town["format"]
    client.force_login(town["users"]["partner_elsewhere"])
    page = client.get(url("formats", bensheim)).content.decode()
    assert url("create_from_format", bensheim, format_pk=fmt.pk) in page
    assert url("format_delete", bensheim, format_pk=fmt.pk) not in page
    assert client.post(url("format_delete", bensheim, format_pk=fmt.pk)).status_code == 404
    client.force_login(town["users"]["coordination"])
    assert client.post(url("format_delete", bensheim, format_pk=fmt.pk)).status_code == 302
    assert not EventFormat.objects.for_municipality(bensheim).exists()


def test_another_towns_format_is_not_found(client, bensheim, minden, town):
    foreign = EventFormatFactory(municipality=minden)
    client.force_login(town["users"]["coordination"])
    assert client.get(url("create_from_format", bensheim, format_pk=foreign.pk)).status_code == 404
    assert client.post(url("format_delete", bensheim, format_pk=foreign.pk)).status_code == 404


# --- Kinds of event ---------------------------------------------------------------------------
def kinds_of(town):
    return list(EventKind.objects.for_municipality(town).values_list("name", flat=True))


def test_coordination_keeps_the_towns_kinds(client, bensheim, town):
    client.force_login(town["users"]["coordination"])
    kinds_url = url("kinds", bensheim)
    client.post(kinds_url, {"action": "add", "new-name": "Stadtteilspaziergang"})
    assert kinds_of(bensheim) == ["Fest", "Stadtteilspaziergang"]
    duplicate = client.post(kinds_url, {"action": "add", "new-name": "fest"})
    assert "There is already a kind" in duplicate.content.decode()

    walk = EventKind.objects.for_municipality(bensheim).get(name="Stadtteilspaziergang")
    client.post(kinds_url, {"action": "up", "kind": walk.pk})
    assert kinds_of(bensheim) == ["Stadtteilspaziergang", "Fest"]
    client.post(
        kinds_url, {"action": "rename", "kind": walk.pk, f"kind-{walk.pk}-name": "Rundgang"}
    )
    assert kinds_of(bensheim) == ["Rundgang", "Fest"]

    refused = client.post(kinds_url, {"action": "delete", "kind": town["kind"].pk}, follow=True)
    assert "Events of the kind “Fest” exist." in refused.content.decode()
    client.post(kinds_url, {"action": "delete", "kind": walk.pk})
    assert kinds_of(bensheim) == ["Fest"]
    actions = set(
        AuditEntry.objects.filter(
            municipality=bensheim, object_type="events.eventkind"
        ).values_list("action", flat=True)
    )
    assert actions == {"eventkind.create", "eventkind.move", "eventkind.update", "eventkind.delete"}


def test_another_towns_kind_cannot_be_changed(client, bensheim, minden, town):
    foreign = EventKindFactory(municipality=minden, name="Konferenz")
    client.force_login(town["users"]["coordination"])
    response = client.post(url("kinds", bensheim), {"action": "delete", "kind": foreign.pk})
    assert response.status_code == 404
    assert EventKind.objects.for_municipality(minden).filter(pk=foreign.pk).exists()


# --- Sections on other pages ------------------------------------------------------------------
def test_the_organisation_and_measure_pages_list_their_events(bensheim, town):
    measure = MeasureFactory(municipality=bensheim)
    event = town["published"]
    event.measure = measure
    event.save()
    coordinator, reader = town["users"]["coordination"], town["users"]["reader"]
    data = sections.organisation_events(town["youth"], coordinator)
    assert data["upcoming"] == [event, town["draft"]]
    assert sections.organisation_events(town["youth"], reader)["upcoming"] == [event]
    assert sections.organisation_events(town["church"], coordinator) is None
    assert sections.measure_events(measure, reader) == {"upcoming": [event], "past": []}
    assert sections.measure_events(measure, UserFactory()) is None
