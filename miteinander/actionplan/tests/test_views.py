import datetime

import pytest
from django.urls import reverse

from miteinander.municipalities.models import Role
from tests.factories import MeasureFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def url(name, town, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"municipality_slug": town.slug, **kwargs})


@pytest.fixture
def plan(bensheim):
    council = OrganisationFactory(municipality=bensheim, name="Rat der Religionen")
    published = MeasureFactory(
        goal__field_of_action__municipality=bensheim,
        title="Interkulturelles Fest",
        is_published=True,
        responsible_organisation=council,
        progress=50,
        status="in_progress",
        report_due_on=datetime.date(2026, 1, 1),
    )
    internal = MeasureFactory(goal=published.goal, title="Interne Abstimmung", is_published=False)
    return council, published, internal


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_the_plan(client, bensheim, member_of, plan, role):
    client.force_login(member_of(bensheim, role))
    _, published, _ = plan
    for name in ("plan", "board", "dashboard", "reports"):
        assert client.get(url(name, bensheim)).status_code == 200, name
    assert client.get(url("measure", bensheim, pk=published.pk)).status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r != Role.COORDINATION])
def test_only_coordination_changes_the_plan(client, bensheim, member_of, plan, role):
    client.force_login(member_of(bensheim, role))
    _, published, _ = plan
    assert client.get(url("measure-create", bensheim)).status_code == 404
    assert client.get(url("measure-edit", bensheim, pk=published.pk)).status_code == 404
    assert client.get(url("structure", bensheim)).status_code == 404


def test_the_responsible_partner_reports_progress_on_its_own_measures_only(client, bensheim, plan):
    council, published, internal = plan
    partner = MembershipFactory(
        municipality=bensheim, role=Role.NETWORK_PARTNER, organisation=council
    ).user
    client.force_login(partner)
    # Their due report is listed for them.
    assert published in client.get(url("reports", bensheim)).context["due"]
    assert client.get(url("measure-report", bensheim, pk=internal.pk)).status_code == 404
    response = client.post(
        url("measure-report", bensheim, pk=published.pk),
        {"status": "done", "progress": 100, "note": "Fest hat stattgefunden"},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.status, published.progress) == ("done", 100)
    refused = client.post(
        url("measure-report", bensheim, pk=published.pk), {"status": "done", "progress": 120}
    )
    assert "progress" in refused.context["form"].errors


def test_coordination_asks_for_reports(client, bensheim, coordinator, plan):
    _, _, internal = plan
    client.force_login(coordinator)
    client.post(url("reports", bensheim), {"measure": [internal.pk], "due_on": "2026-12-31"})
    internal.refresh_from_db()
    assert internal.report_due_on == datetime.date(2026, 12, 31)


def test_filters_narrow_the_tree(client, bensheim, coordinator, plan):
    client.force_login(coordinator)
    tree = client.get(url("plan", bensheim), {"status": "in_progress"}).context["tree"]
    titles = [m.title for node in tree for g in node.goals for m in g.measures]
    assert titles == ["Interkulturelles Fest"]


def test_the_public_page_shows_published_measures_only(client, bensheim, plan):
    _, published, internal = plan
    html = client.get("/de/bensheim/action-plan/").content.decode()
    assert "Interkulturelles Fest" in html and "Interne Abstimmung" not in html
    assert client.get(f"/ar/bensheim/action-plan/{published.pk}/").status_code == 200
    assert client.get(f"/de/bensheim/action-plan/{internal.pk}/").status_code == 404


def test_guidelines_are_rendered_as_safe_markdown(client, bensheim, coordinator, plan):
    from miteinander.actionplan.models import Guideline

    Guideline.objects.create(
        municipality=bensheim,
        title="Vielfalt als Chance",
        text="**Teilhabe** für alle <script>alert(1)</script>",
    )
    html = client.get("/de/bensheim/action-plan/").content.decode()
    assert "<strong>Teilhabe</strong>" in html and "<script>alert" not in html


def test_the_organisation_page_lists_its_measures(client, bensheim, coordinator, plan):
    council, published, _ = plan
    client.force_login(coordinator)
    html = client.get(
        reverse("network:organisation", kwargs={"municipality_slug": "bensheim", "pk": council.pk})
    ).content.decode()
    assert "Interkulturelles Fest" in html
