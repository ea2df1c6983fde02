import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from miteinander.bodies.models import (
    BodyKind,
    Consultation,
    DecisionKind,
    Document,
    MembershipRole,
    Paper,
)
from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Role
from tests.factories import (
    AgendaItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    ConsultationFactory,
    DecisionFactory,
    DocumentFactory,
    MeasureFactory,
    MeetingFactory,
    PaperFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [
    "coordination",
    "integration_guide",
    "network_partner",
    "body_member",  # a Gremienmitglied without a membership in the steering group
    "member_of_body",  # a Gremienmitglied sitting in the (internal) steering group
    "reader",
    "other_town",  # Minden's coordinator
    "anonymous",
]
READ = dict.fromkeys(ROLES, 200) | {"other_town": 404, "anonymous": 302}
INTERNAL = dict.fromkeys(ROLES, 404) | {
    "coordination": 200,
    "member_of_body": 200,
    "anonymous": 302,
}
MANAGE = dict.fromkeys(ROLES, 404) | {"coordination": 200, "anonymous": 302}
BERLIN = datetime.timezone(datetime.timedelta(hours=1))


def url(name, town, lang=None, **kwargs):
    with translation.override(lang or "de"):
        return reverse(f"bodies:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


def download_url(document):
    return reverse(
        "bodies-public:document",
        kwargs={"municipality_slug": document.municipality.slug, "pk": document.pk},
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def town(bensheim, member_of):
    """Seed 001: a status report goes from the steering group to the Integrationsrat to the
    town council."""
    steering = BodyFactory(
        municipality=bensheim,
        name="Steuerungsgruppe KIM",
        kind=BodyKind.STEERING_GROUP,
        is_public=False,
    )
    council = BodyFactory(
        municipality=bensheim, name="Integrationsrat", kind=BodyKind.INTEGRATION_COUNCIL
    )
    town_council = BodyFactory(
        municipality=bensheim, name="Rat der Stadt", kind=BodyKind.TOWN_COUNCIL
    )
    meetings, items = {}, {}
    for key, body, day in (
        ("steering", steering, 3),
        ("council", council, 17),
        ("town_council", town_council, 28),
    ):
        meetings[key] = MeetingFactory(
            body=body,
            name=f"Sitzung {key}",
            starts_at=datetime.datetime(2019, 9, day, 17, 0, tzinfo=BERLIN),
        )
        items[key] = AgendaItemFactory(
            meeting=meetings[key], position=4, number="4", title="Sachstandsbericht KIM"
        )
    member = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=steering, user=member)
    public_paper = PaperFactory(municipality=bensheim, title="Bericht für alle", is_public=True)
    internal_paper = PaperFactory(
        municipality=bensheim,
        title="Interner Entwurf",
        is_public=False,
        originator_body=steering,
    )
    return {
        "steering": steering,
        "council": council,
        "town_council": town_council,
        "meetings": meetings,
        "items": items,
        "member": member,
        "public_paper": public_paper,
        "internal_paper": internal_paper,
    }


@pytest.fixture
def login(client, bensheim, minden, member_of, town):
    def as_role(role):
        if role == "anonymous":
            return client
        if role == "other_town":
            user = member_of(minden, Role.COORDINATION)
        elif role == "member_of_body":
            user = town["member"]
        else:
            user = member_of(bensheim, Role(role))
        client.force_login(user)
        return client

    return as_role


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_which_page(login, bensheim, town, role):
    """Everyone of the town reads public papers; internal ones only coordination and members."""
    client = login(role)
    public, internal = town["public_paper"], town["internal_paper"]
    consultation = ConsultationFactory(paper=public, body=town["council"])
    paper_document = DocumentFactory(paper=public)
    meeting_document = DocumentFactory(
        paper=None, municipality=bensheim, meeting=town["meetings"]["steering"]
    )
    pages = [
        ("papers", {}, READ),
        ("paper", {"pk": public.pk}, READ),
        ("paper", {"pk": internal.pk}, INTERNAL),
        ("paper-add", {}, MANAGE),
        ("paper-edit", {"pk": public.pk}, MANAGE),
        ("paper-delete", {"pk": public.pk}, MANAGE),
        ("consultation-add", {"pk": public.pk}, MANAGE),
        ("consultation-edit", {"pk": consultation.pk}, MANAGE),
        ("consultation-delete", {"pk": consultation.pk}, MANAGE),
        ("paper-document-add", {"pk": public.pk}, MANAGE),
        ("document-edit", {"pk": paper_document.pk}, MANAGE),
        ("document-delete", {"pk": paper_document.pk}, MANAGE),
        # Meeting documents: whoever runs the body's meetings (a plain member does not).
        ("meeting-document-add", {"pk": town["meetings"]["steering"].pk}, MANAGE),
        ("agenda-item-document-add", {"pk": town["items"]["steering"].pk}, MANAGE),
        ("document-edit", {"pk": meeting_document.pk}, MANAGE),
    ]
    for name, kwargs, expected in pages:
        response = client.get(url(name, bensheim, **kwargs))
        assert response.status_code == expected[role], (name, kwargs)


def test_the_paper_list_shows_internal_papers_to_members_only(login, bensheim, town):
    titles = [p.title for p in login("reader").get(url("papers", bensheim)).context["papers"]]
    assert titles == ["Bericht für alle"]
    client = login("member_of_body")
    titles = {p.title for p in client.get(url("papers", bensheim)).context["papers"]}
    assert titles == {"Bericht für alle", "Interner Entwurf"}


def test_a_paper_with_three_consultations_shows_its_way_in_order(
    client, bensheim, coordinator, town
):
    measure = MeasureFactory(goal__field_of_action__municipality=bensheim, title="KIM verstetigen")
    client.force_login(coordinator)
    response = client.post(
        url("paper-add", bensheim),
        {
            "reference": "IR/2019/004",
            "title": "Sachstandsbericht Kommunales Integrationsmanagement",
            "paper_type": "status_report",
            "date": "2019-08-30",
            "is_public": "on",
            "originator_body": town["steering"].pk,
            "measures": [measure.pk],
        },
    )
    paper = Paper.objects.for_municipality(bensheim).get(reference="IR/2019/004")
    assert response["Location"] == paper.get_absolute_url()
    assert list(paper.measures.all()) == [measure]
    # The Integrationsrat took note before the station was entered; the station takes the result.
    DecisionFactory(agenda_item=town["items"]["council"], kind=DecisionKind.NOTED)
    stations = [
        ("steering", {"role": "deliberation"}),
        ("council", {"role": "deliberation"}),
        ("town_council", {"role": "decision", "authoritative": "on", "result": "resolved"}),
    ]
    for key, extra in stations:
        data = {"body": town[key].pk, "agenda_item": town["items"][key].pk} | extra
        if key != "town_council":  # for the last one, the meeting follows from the item
            data["meeting"] = town["meetings"][key].pk
        response = client.post(url("consultation-add", bensheim, pk=paper.pk), data)
        assert response.status_code == 302, response.context["form"].errors
    way = Consultation.objects.for_municipality(bensheim).filter(paper=paper)
    assert [c.body.name for c in way.order_by("position")] == [
        "Steuerungsgruppe KIM",
        "Integrationsrat",
        "Rat der Stadt",
    ]
    assert AuditEntry.objects.filter(action="consultation.create").count() == 3
    assert way.get(body=town["town_council"]).meeting == town["meetings"]["town_council"]

    html = client.get(url("paper", bensheim, lang="en", pk=paper.pk)).content.decode()
    way_html = html[html.index('id="way"') :]
    positions = [
        way_html.index(text)
        for text in (
            "Steuerungsgruppe KIM",
            "Integrationsrat",
            'datetime="2019-09-17T',
            "Taken note of (Kenntnisnahme)",
            "Rat der Stadt",
            "Resolved (Beschluss)",
        )
    ]
    assert positions == sorted(positions)
    assert "item 4: Sachstandsbericht KIM" in way_html
    assert "KIM verstetigen" in html


def test_a_reader_follows_the_way_only_through_public_bodies(login, bensheim, town):
    paper = town["public_paper"]
    for key in ("steering", "council"):
        ConsultationFactory(paper=paper, body=town[key], meeting=town["meetings"][key], position=1)
    reader_html = login("reader").get(url("paper", bensheim, pk=paper.pk)).content.decode()
    assert "Integrationsrat" in reader_html and "Steuerungsgruppe KIM" not in reader_html
    member_html = login("member_of_body").get(url("paper", bensheim, pk=paper.pk))
    assert "Steuerungsgruppe KIM" in member_html.content.decode()


def test_a_meeting_of_another_body_is_refused_with_a_message(client, bensheim, coordinator, town):
    paper = town["public_paper"]
    client.force_login(coordinator)
    response = client.post(
        url("consultation-add", bensheim, lang="en", pk=paper.pk),
        {
            "body": town["council"].pk,
            "meeting": town["meetings"]["steering"].pk,
            "role": "deliberation",
        },
    )
    assert response.status_code == 200
    assert "Choose a meeting of Integrationsrat." in response.content.decode()
    assert not Consultation.objects.for_municipality(bensheim).filter(paper=paper).exists()


def test_the_paper_form_offers_the_towns_measures_only(client, bensheim, minden, coordinator):
    foreign = MeasureFactory(goal__field_of_action__municipality=minden)
    own = MeasureFactory(goal__field_of_action__municipality=bensheim)
    client.force_login(coordinator)
    form = client.get(url("paper-add", bensheim)).context["form"]
    assert list(form.fields["measures"].queryset) == [own]
    response = client.post(
        url("paper-add", bensheim),
        {
            "title": "Vorlage",
            "paper_type": "notice",
            "date": "2026-01-10",
            "measures": [foreign.pk],
        },
    )
    assert "measures" in response.context["form"].errors
    assert not Paper.objects.for_municipality(bensheim).filter(title="Vorlage").exists()


def test_a_paper_is_deleted_after_asking(client, bensheim, coordinator, town):
    paper = town["public_paper"]
    client.force_login(coordinator)
    assert client.get(url("paper-delete", bensheim, pk=paper.pk)).status_code == 200
    assert Paper.objects.for_municipality(bensheim).filter(pk=paper.pk).exists()
    response = client.post(url("paper-delete", bensheim, pk=paper.pk))
    assert response["Location"] == url("papers", bensheim)
    assert not Paper.objects.for_municipality(bensheim).filter(pk=paper.pk).exists()


def test_a_document_is_uploaded_to_a_paper(client, bensheim, coordinator, town):
    paper = town["public_paper"]
    client.force_login(coordinator)
    page = url("paper-document-add", bensheim, pk=paper.pk)
    assert 'enctype="multipart/form-data"' in client.get(page).content.decode()
    response = client.post(
        page,
        {
            "file": SimpleUploadedFile("sachstand.pdf", b"%PDF-1.4\n%%EOF\n"),
            "is_public": "on",
            "is_main_file": "on",
        },
    )
    assert response["Location"] == paper.get_absolute_url() + "#documents"
    document = Document.objects.for_municipality(bensheim).get(paper=paper)
    assert (document.title, document.mime_type, document.size) == (
        "sachstand.pdf",
        "application/pdf",
        15,
    )
    assert document.is_main_file and document.sha1
    html = client.get(paper.get_absolute_url()).content.decode()
    assert download_url(document) in html


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("programm.exe", 10, "Files of this kind cannot be uploaded."),
        ("riesig.pdf", Document.MAX_SIZE + 1, "The file is larger than 20 MB."),
    ],
)
def test_a_wrong_or_too_big_file_is_refused_with_a_message(
    client, bensheim, coordinator, town, name, size, message
):
    paper = town["public_paper"]
    client.force_login(coordinator)
    response = client.post(
        url("paper-document-add", bensheim, lang="en", pk=paper.pk),
        {"file": SimpleUploadedFile(name, b"0" * size), "title": "Anlage"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not Document.objects.for_municipality(bensheim).exists()


def test_an_upload_without_a_file_is_refused_with_a_message(client, bensheim, coordinator, town):
    client.force_login(coordinator)
    response = client.post(
        url("paper-document-add", bensheim, lang="en", pk=town["public_paper"].pk),
        {"title": "Anlage"},
    )
    assert "Choose a file to upload." in response.content.decode()
    assert not Document.objects.for_municipality(bensheim).exists()


def test_an_internal_document_is_downloaded_by_members_only(
    client, bensheim, member_of, login, town
):
    internal = DocumentFactory(paper=town["internal_paper"], title="Entwurf intern")
    public = DocumentFactory(paper=town["public_paper"], title="Bericht öffentlich")
    assert client.get(download_url(internal)).status_code == 404
    assert client.get(download_url(public)).status_code == 200
    login("reader")
    assert client.get(download_url(internal)).status_code == 404
    client = login("member_of_body")
    response = client.get(download_url(internal))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    html = client.get(url("paper", bensheim, pk=town["internal_paper"].pk)).content.decode()
    assert download_url(internal) in html


def test_the_bodys_management_uploads_meeting_documents(client, bensheim, member_of, town):
    steering, meeting = town["steering"], town["meetings"]["steering"]
    manager = member_of(bensheim, Role.BODY_MEMBER)
    BodyMembershipFactory(body=steering, user=manager, role=MembershipRole.MANAGEMENT)
    client.force_login(manager)
    response = client.post(
        url("meeting-document-add", bensheim, pk=meeting.pk),
        {"file": SimpleUploadedFile("einladung.pdf", b"%PDF-1.4\n"), "title": "Einladung"},
    )
    assert response.status_code == 302
    document = Document.objects.for_municipality(bensheim).get(meeting=meeting)
    assert document.title == "Einladung"
    response = client.post(
        url("agenda-item-document-add", bensheim, pk=town["items"]["steering"].pk),
        {"file": SimpleUploadedFile("anlage.txt", b"Tischvorlage")},
    )
    assert response.status_code == 302
    assert Document.objects.for_municipality(bensheim).get(agenda_item=town["items"]["steering"])
    # They edit their meeting's documents, but not the papers (coordination keeps those).
    response = client.post(
        url("document-edit", bensheim, pk=document.pk), {"title": "Einladung (neu)"}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Einladung (neu)" and not document.is_public
    paper_document = DocumentFactory(paper=town["internal_paper"])
    assert client.get(url("document-edit", bensheim, pk=paper_document.pk)).status_code == 404
    # Another body's meetings are not theirs to run.
    other = url("meeting-document-add", bensheim, pk=town["meetings"]["council"].pk)
    assert client.get(other).status_code == 404


def test_coordination_deletes_a_document_after_asking(client, bensheim, coordinator, town):
    document = DocumentFactory(paper=town["public_paper"])
    client.force_login(coordinator)
    page = url("document-delete", bensheim, pk=document.pk)
    assert client.get(page).status_code == 200
    response = client.post(page)
    assert response["Location"] == town["public_paper"].get_absolute_url() + "#documents"
    assert not Document.objects.for_municipality(bensheim).filter(pk=document.pk).exists()
    assert AuditEntry.objects.filter(action="document.delete").exists()
