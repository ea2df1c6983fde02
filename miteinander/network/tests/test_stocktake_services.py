"""Keeping an uploaded stock-take's plan, previewing it against the registry and applying it."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from miteinander.core.models import AuditEntry
from miteinander.network.models import ActorGroup, Format, Organisation
from miteinander.network.stocktake import services
from miteinander.network.stocktake.models import StocktakeImport
from miteinander.network.stocktake.selectors import stocktake_preview
from tests.factories import FormatFactory, OrganisationFactory

from .test_stocktake_parser import HEADER, SAMPLE_CSV, SAMPLE_XLSX, csv_bytes

pytestmark = pytest.mark.django_db


def upload(town, user, path=SAMPLE_XLSX, data=None, name=None):
    file = SimpleUploadedFile(name or path.name, path.read_bytes() if data is None else data)
    return services.stocktake_upload(municipality=town, acting_user=user, file=file)


def names_in_plan(stocktake) -> list[str]:
    return [organisation["name"] for organisation in stocktake.plan["organisations"]]


def registry(town) -> dict:
    return {o.name: o for o in Organisation.objects.for_municipality(town).select_related("parent")}


def test_upload_keeps_the_plan_and_changes_nothing_else(bensheim, coordinator):
    stocktake = upload(bensheim, coordinator)
    assert stocktake.status == StocktakeImport.Status.PENDING
    assert stocktake.filename == "bestandsaufnahme-weiterstadt.xlsx"
    assert stocktake.uploaded_by == coordinator
    assert len(stocktake.plan["organisations"]) == 40
    assert not Organisation.objects.for_municipality(bensheim).exists()
    assert AuditEntry.objects.filter(action="stocktake.upload", municipality=bensheim).exists()


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(bensheim, coordinator):
    with pytest.raises(ValidationError) as caught:
        upload(bensheim, coordinator, data=b"x" * (5 * 1024 * 1024 + 1), name="gross.csv")
    assert caught.value.code == "too_large"
    assert not StocktakeImport.objects.for_municipality(bensheim).exists()


def test_preview_of_the_sample_in_an_empty_town(bensheim, coordinator):
    stocktake = upload(bensheim, coordinator)
    preview = stocktake_preview(municipality=bensheim, plan=stocktake.plan)
    assert preview.counts == {
        "organisations_created": 40,
        "organisations_merged": 0,
        "formats_created": 12,
        "formats_present": 0,
        "rejected": 0,
        "warnings": 0,
    }


def test_apply_creates_organisations_sub_units_and_formats(bensheim, minden, coordinator):
    stocktake = upload(bensheim, coordinator)
    counts = services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert counts["organisations_created"] == 40 and counts["formats_created"] == 12
    found = registry(bensheim)
    assert len(found) == 40
    assert (
        found["Fachdienst Jugend und Integration"].parent
        == found["Fachbereich Gesellschaft und Bildung"]
    )
    assert found["WIR-Koordination"].parent.name == "Landkreis Darmstadt-Dieburg"
    assert found["Kommunales Kino"].actor_group == ActorGroup.CIVIL_SOCIETY
    forum = Format.objects.for_municipality(bensheim).get(name="Wirtschaftsforum")
    assert (forum.organisation.name, forum.frequency) == ("Wirtschaftsförderung", "zwei Mal/Jahr")
    stocktake.refresh_from_db()
    assert stocktake.status == StocktakeImport.Status.APPLIED
    assert stocktake.applied_at is not None and stocktake.summary == counts
    assert AuditEntry.objects.filter(action="organisation.create").count() == 40
    assert AuditEntry.objects.filter(action="format.create").count() == 12
    assert AuditEntry.objects.filter(action="stocktake.apply", municipality=bensheim).exists()
    assert not Organisation.objects.for_municipality(minden).exists()


def test_importing_the_same_file_again_merges_and_creates_nothing(bensheim, coordinator):
    services.stocktake_apply(stocktake=upload(bensheim, coordinator), acting_user=coordinator)
    again = upload(bensheim, coordinator, SAMPLE_CSV)
    preview = stocktake_preview(municipality=bensheim, plan=again.plan)
    assert preview.to_create == [] and preview.formats_to_add == []
    assert not preview.has_changes
    counts = services.stocktake_apply(stocktake=again, acting_user=coordinator)
    assert counts["organisations_created"] == 0 and counts["organisations_merged"] == 40
    assert counts["formats_created"] == 0 and counts["formats_present"] == 12
    assert Organisation.objects.for_municipality(bensheim).count() == 40
    assert Format.objects.for_municipality(bensheim).count() == 12


def test_a_failing_row_in_the_middle_leaves_the_registry_unchanged(bensheim, coordinator):
    stocktake = upload(bensheim, coordinator)
    # The registry refuses the 24th organisation (its name is too long), after 23 were written.
    index = names_in_plan(stocktake).index("Ausländerbeirat")
    assert index == 23
    stocktake.plan["organisations"][index]["name"] = "Ausländerbeirat " * 20
    stocktake.save()
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert caught.value.code == "refused" and caught.value.params["line"] == 6
    assert not Organisation.objects.for_municipality(bensheim).exists()
    assert not Format.objects.for_municipality(bensheim).exists()
    assert AuditEntry.objects.count() == audit_rows
    stocktake.refresh_from_db()
    assert stocktake.status == StocktakeImport.Status.PENDING


@pytest.mark.parametrize(
    ("part", "field", "value"),
    [
        ("formats", "organisation", "Gibt es nicht"),
        ("formats", "kind", "retired_kind"),
        ("organisations", "actor_group", "retired_group"),
        ("organisations", "parent", "Gibt es nicht"),
    ],
)
def test_a_damaged_plan_is_refused_before_any_write(bensheim, coordinator, part, field, value):
    stocktake = upload(bensheim, coordinator)
    stocktake.plan[part][-1][field] = value
    stocktake.save()
    with pytest.raises(ValidationError) as caught:
        services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert caught.value.code == "damaged_plan"
    assert not Organisation.objects.for_municipality(bensheim).exists()


def test_an_organisation_added_after_the_preview_is_merged_at_confirmation(bensheim, coordinator):
    stocktake = upload(bensheim, coordinator)
    # Someone adds the Präventionsrat, in another actor group, while the preview is open.
    council = OrganisationFactory(
        municipality=bensheim, name="PRÄVENTIONSRAT", actor_group=ActorGroup.POLITICS
    )
    FormatFactory(organisation=council, name="konzept „wir sind weiterstadt“")
    preview = stocktake_preview(municipality=bensheim, plan=stocktake.plan)
    assert [m.name for m in preview.merges] == ["PRÄVENTIONSRAT"]
    [warning] = [n for n in preview.notes if n.code == "group_differs"]
    assert warning.line == 6
    counts = services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert counts["organisations_created"] == 39 and counts["organisations_merged"] == 1
    assert counts["formats_present"] == 1 and counts["warnings"] == 1
    council.refresh_from_db()
    assert council.actor_group == ActorGroup.POLITICS  # the registry wins
    assert sorted(council.sub_units.values_list("name", flat=True)) == [
        "Arbeitsgemeinschaft Integration",
        "Arbeitsgemeinschaft Nachhaltigkeit",
        "Arbeitsgemeinschaft Soziales und öffentliche Sicherheit",
    ]
    assert sorted(council.formats.values_list("name", flat=True)) == [
        "Stadtgespräche zu gesellschaftlichen Themen",
        "Tage der seelischen Gesundheit",
        "konzept „wir sind weiterstadt“",
    ]
    assert Organisation.objects.for_municipality(bensheim).count() == 40


def test_an_existing_sub_unit_stays_where_it_is(bensheim, coordinator):
    caritas = OrganisationFactory(municipality=bensheim, name="Caritas")
    OrganisationFactory(municipality=bensheim, name="Migrationsberatung", parent=caritas)
    stocktake = upload(bensheim, coordinator)
    preview = stocktake_preview(municipality=bensheim, plan=stocktake.plan)
    [warning] = [n for n in preview.notes if n.code == "parent_differs"]
    assert warning.line == 10 and warning.params["existing"] == "Caritas"
    services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    found = registry(bensheim)
    assert found["Migrationsberatung"].parent == caritas
    assert found["Mehrgenerationenhaus"].parent == found["Diakonisches Werk"]


def test_rejected_rows_are_left_out_and_the_rest_imported(bensheim, coordinator):
    data = csv_bytes(
        [HEADER, ("Verwaltung", "Kämmerei", "Haushaltsbericht"), ("Sport", "TSV", "Sportfest")]
    )
    stocktake = upload(bensheim, coordinator, data=data, name="bestand.csv")
    counts = services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert counts["rejected"] == 1
    assert list(registry(bensheim)) == ["Kämmerei"]


def test_an_import_is_applied_only_once(bensheim, coordinator):
    stocktake = upload(bensheim, coordinator)
    services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.stocktake_apply(stocktake=stocktake, acting_user=coordinator)
    assert caught.value.code == "already_applied"
    assert Organisation.objects.for_municipality(bensheim).count() == 40


def test_the_demo_imports_the_sample_as_the_system(minden):
    counts = services.import_sample_for_demo(municipality=minden)
    assert counts["organisations_created"] == 40
    assert AuditEntry.objects.filter(action="organisation.create", actor=None).count() == 40
