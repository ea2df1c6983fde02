"""The import pages: upload, preview and confirm, for coordination of the own town only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from miteinander.actionplan.catalogue.models import MeasureImport
from miteinander.actionplan.models import Measure, MeasureStatus
from miteinander.municipalities.models import Role
from tests.factories import MeasureFactory

from .test_catalogue_import import BASE, upload, xlsx

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in Role if role != Role.COORDINATION]
ROWS = [
    ("B-01", "Bildung", "Sprache", "Sprachcafé für alle", "in Umsetzung", 40),
    ("B-02", "Bildung", "Sprache", "Lesepaten", "Planned", 0),
    ("B-03", "Bildung", "Sprache", "Zu weit", "Planned", 120),
]


def url(name, town="bensheim", **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"municipality_slug": town, **kwargs})


def workbook():
    return SimpleUploadedFile("massnahmen.xlsx", xlsx(ROWS, [*BASE, "progress"]))


def test_coordination_uploads_checks_and_imports(client, bensheim, coordinator):
    existing = MeasureFactory(goal__field_of_action__municipality=bensheim, number="B-01")
    client.force_login(coordinator)
    page = client.get(url("import-upload"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and url("export", fmt="xlsx") in html

    response = client.post(url("import-upload"), {"file": workbook()})
    measure_import = MeasureImport.objects.for_municipality(bensheim).get()
    assert response.status_code == 302
    assert response["Location"] == url("import-preview", pk=measure_import.pk)

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    line_4 = '<td class="kern-table__cell kern-table__cell--numeric">4</td>'
    for text in ("Sprachcafé für alle", "Lesepaten", "Zu weit", "120", line_4, 'scope="col"'):
        assert text in html
    assert preview.context["preview"].counts["rejected"] == 1
    assert 'style="' not in html.split('<main id="main"')[1]
    assert Measure.objects.for_municipality(bensheim).count() == 1

    confirmed = client.post(response["Location"], follow=True)
    assert confirmed.redirect_chain[-1] == (url("plan"), 302)
    [message] = list(confirmed.context["messages"])
    assert message.level_tag == "success" and "1" in str(message)
    existing.refresh_from_db()
    assert existing.title == "Sprachcafé für alle" and existing.status == MeasureStatus.IN_PROGRESS
    assert set(Measure.objects.for_municipality(bensheim).values_list("number", flat=True)) == {
        "B-01",
        "B-02",
    }
    # Opened again, the import says it was applied and cannot be confirmed twice.
    again = client.get(response["Location"])
    assert again.status_code == 200 and "massnahmen.xlsx" in again.content.decode()
    assert client.post(response["Location"]).status_code == 200
    assert Measure.objects.for_municipality(bensheim).count() == 2


def test_a_file_that_cannot_be_read_shows_the_reason_on_the_form(client, bensheim, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("import-upload"), {"file": SimpleUploadedFile("liste.csv", b"Nummer;Titel\n")}
    )
    assert response.status_code == 200
    assert "liste.csv" in response.context["form"].errors["file"][0]
    assert not MeasureImport.objects.for_municipality(bensheim).exists()


def test_a_failing_confirmation_keeps_the_plan_unchanged_and_says_why(
    client, bensheim, coordinator, monkeypatch
):
    from django.core.exceptions import ValidationError

    from miteinander.actionplan import services as plan_services

    def refuse(**kwargs):
        raise ValidationError("Nicht heute.")

    monkeypatch.setattr(plan_services, "measure_save", refuse)
    measure_import = upload(bensheim, coordinator, xlsx(ROWS[:2], [*BASE, "progress"]))
    client.force_login(coordinator)
    response = client.post(url("import-preview", pk=measure_import.pk))
    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and "Nicht heute." in str(message)
    assert not Measure.objects.for_municipality(bensheim).exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_only_coordination_imports(client, bensheim, coordinator, member_of, role):
    """Every other role gets 404 for the upload and for a pending import; nothing changes."""
    measure_import = upload(bensheim, coordinator, xlsx(ROWS[:1], [*BASE, "progress"]))
    client.force_login(member_of(bensheim, role))
    assert client.get(url("import-upload")).status_code == 404
    assert client.post(url("import-upload"), {"file": workbook()}).status_code == 404
    assert client.get(url("import-preview", pk=measure_import.pk)).status_code == 404
    assert client.post(url("import-preview", pk=measure_import.pk)).status_code == 404
    assert not Measure.objects.for_municipality(bensheim).exists()
    assert client.get(url("export", fmt="xlsx")).status_code == 200


def test_a_coordinator_of_another_town_cannot_open_the_import(
    client, bensheim, minden, coordinator, member_of
):
    measure_import = upload(bensheim, coordinator, xlsx(ROWS[:1], [*BASE, "progress"]))
    client.force_login(member_of(minden, Role.COORDINATION))
    assert client.get(url("import-preview", town="minden", pk=measure_import.pk)).status_code == 404
    assert (
        client.post(url("import-preview", town="minden", pk=measure_import.pk)).status_code == 404
    )
    assert client.get(url("import-preview", pk=measure_import.pk)).status_code == 404
    assert not Measure.objects.for_municipality(bensheim).exists()


def test_anonymous_visitors_are_sent_to_the_login(client, bensheim):
    response = client.get(url("import-upload"))
    assert response.status_code == 302 and "login" in response["Location"]
