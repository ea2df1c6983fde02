"""The stock-take import pages: upload, preview, confirm, sample files; coordination only."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from miteinander.municipalities.models import Role
from miteinander.network.models import Organisation
from miteinander.network.stocktake import services
from miteinander.network.stocktake.models import StocktakeImport

from .test_stocktake_parser import SAMPLE_CSV, SAMPLE_XLSX

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in Role if role != Role.COORDINATION]


def url(name, town="bensheim", **kwargs):
    return reverse(f"network:{name}", kwargs={"municipality_slug": town, **kwargs})


def sample_upload(path=SAMPLE_XLSX):
    return SimpleUploadedFile(path.name, path.read_bytes())


def pending_import(town, user):
    return services.stocktake_upload(municipality=town, acting_user=user, file=sample_upload())


def test_coordination_uploads_checks_and_imports_the_sample(client, bensheim, coordinator):
    client.force_login(coordinator)
    page = client.get(url("stocktake-upload"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert (
        url("stocktake-sample", fmt="xlsx") in html and url("stocktake-sample", fmt="csv") in html
    )

    response = client.post(url("stocktake-upload"), {"file": sample_upload(SAMPLE_CSV)})
    stocktake = StocktakeImport.objects.for_municipality(bensheim).get()
    assert response.status_code == 302
    assert response["Location"] == url("stocktake-preview", pk=stocktake.pk)

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    html = preview.content.decode()
    for text in (
        "Fachdienst Frühe Bildung und Familien",
        "Kommunales Kino",
        "Wirtschaftsforum",
        "zwei Mal/Jahr",
        "Konzept „Wir sind Weiterstadt“",
        '<caption class="kern-sr-only">',
        'scope="col"',
    ):
        assert text in html
    assert 'style="' not in html.split('<main id="main"')[1]
    assert not Organisation.objects.for_municipality(bensheim).exists()

    confirmed = client.post(response["Location"], follow=True)
    assert confirmed.redirect_chain[-1] == (url("organisations"), 302)
    assert Organisation.objects.for_municipality(bensheim).count() == 40
    [message] = list(confirmed.context["messages"])
    assert message.level_tag == "success" and "40" in str(message) and "12" in str(message)
    stocktake.refresh_from_db()
    assert stocktake.status == StocktakeImport.Status.APPLIED


def test_a_file_that_cannot_be_read_shows_the_reason_on_the_form(client, bensheim, coordinator):
    client.force_login(coordinator)
    response = client.post(
        url("stocktake-upload"), {"file": SimpleUploadedFile("liste.pdf", b"%PDF-1.4")}
    )
    assert response.status_code == 200
    assert "liste.pdf" in response.context["form"].errors["file"][0]
    assert not StocktakeImport.objects.for_municipality(bensheim).exists()


def test_a_file_over_5_mb_is_refused_naming_the_limit(client, bensheim, coordinator):
    client.force_login(coordinator)
    big = SimpleUploadedFile("gross.csv", b"x" * (5 * 1024 * 1024 + 1))
    response = client.post(url("stocktake-upload"), {"file": big})
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert re.search(r"5[.,]0\s*MB", error)
    assert not StocktakeImport.objects.for_municipality(bensheim).exists()


def test_an_applied_import_is_not_applied_again(client, bensheim, coordinator):
    stocktake = pending_import(bensheim, coordinator)
    services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    client.force_login(coordinator)
    assert client.get(url("stocktake-preview", pk=stocktake.pk)).status_code == 200
    client.post(url("stocktake-preview", pk=stocktake.pk))
    assert Organisation.objects.for_municipality(bensheim).count() == 40


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_sample_files_can_be_downloaded(client, coordinator, fmt):
    client.force_login(coordinator)
    response = client.get(url("stocktake-sample", fmt=fmt))
    assert response.status_code == 200
    assert f"bestandsaufnahme-weiterstadt.{fmt}" in response["Content-Disposition"]
    path = SAMPLE_XLSX if fmt == "xlsx" else SAMPLE_CSV
    assert b"".join(response.streaming_content) == path.read_bytes()


def test_an_unknown_sample_format_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get(url("stocktake-sample", fmt="pdf")).status_code == 404


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_404(client, bensheim, coordinator, member_of, role):
    stocktake = pending_import(bensheim, coordinator)
    client.force_login(member_of(bensheim, role))  # a network partner brings an organisation
    before = Organisation.objects.for_municipality(bensheim).count()
    assert client.get(url("stocktake-upload")).status_code == 404
    assert client.post(url("stocktake-upload"), {"file": sample_upload()}).status_code == 404
    assert client.get(url("stocktake-preview", pk=stocktake.pk)).status_code == 404
    assert client.post(url("stocktake-preview", pk=stocktake.pk)).status_code == 404
    assert client.get(url("stocktake-sample", fmt="csv")).status_code == 404
    assert Organisation.objects.for_municipality(bensheim).count() == before
    assert StocktakeImport.objects.for_municipality(bensheim).count() == 1


def test_a_coordinator_of_another_town_cannot_open_the_import(
    client, bensheim, minden, coordinator, member_of
):
    stocktake = pending_import(bensheim, coordinator)
    client.force_login(member_of(minden, Role.COORDINATION))
    for town in ("minden", "bensheim"):
        assert client.get(url("stocktake-preview", town, pk=stocktake.pk)).status_code == 404
        assert client.post(url("stocktake-preview", town, pk=stocktake.pk)).status_code == 404
    assert not Organisation.objects.all_municipalities().exists()


def test_anonymous_visitors_are_sent_to_the_login(client, bensheim):
    response = client.get(url("stocktake-upload"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_failing_import_says_so_and_changes_nothing(client, bensheim, coordinator):
    stocktake = pending_import(bensheim, coordinator)
    stocktake.plan["organisations"][23]["name"] = "Ausländerbeirat " * 20  # too long
    stocktake.save()
    client.force_login(coordinator)
    response = client.post(url("stocktake-preview", pk=stocktake.pk))
    assert response.status_code == 200
    [message] = list(response.context["messages"])
    assert message.level_tag == "error" and "200" in str(message)
    assert not Organisation.objects.for_municipality(bensheim).exists()


def test_a_damaged_import_shows_a_message_instead_of_the_preview(client, bensheim, coordinator):
    stocktake = pending_import(bensheim, coordinator)
    stocktake.plan["organisations"][0]["actor_group"] = "retired_group"
    stocktake.save()
    client.force_login(coordinator)
    for method in (client.get, client.post):
        response = method(url("stocktake-preview", pk=stocktake.pk))
        assert response.status_code == 200
        assert response.context["preview"] is None and response.context["damaged"]
    assert not Organisation.objects.for_municipality(bensheim).exists()
