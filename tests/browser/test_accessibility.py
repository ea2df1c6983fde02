"""axe-core (vendored) finds no WCAG 2.1 A/AA violation on the foundation's pages."""

from pathlib import Path

import pytest

import miteinander

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(miteinander.__file__).parent / "static/vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    "path",
    ["/", "/bensheim/", "/accounts/login/", "/atlantis/", "/bensheim/organisations/",
     "/bensheim/action-plan/"],
)  # fmt: skip
def test_public_pages_have_no_axe_violations(live_server, bensheim, page, language, path):
    page.goto(f"{live_server.url}/{language}{path}")
    assert axe_violations(page) == []


def test_workspace_team_page_has_no_axe_violations(live_server, bensheim, coordinator, page):
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(coordinator.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{live_server.url}/de/bensheim/workspace/team/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/de/bensheim/workspace/team/add/")
    page.get_by_role("button", name="Speichern").click()
    assert axe_violations(page) == []


def test_action_plan_pages_have_no_axe_violations(live_server, bensheim, coordinator, page):
    from tests.factories import PASSWORD, IndicatorFactory, MeasureFactory

    measure = MeasureFactory(
        goal__field_of_action__municipality=bensheim, is_published=True, progress=40
    )
    IndicatorFactory(measure=measure)
    page.goto(f"{live_server.url}/de/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(coordinator.email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    base = f"{live_server.url}/de/bensheim/workspace/action-plan"
    for path in ("/", "/board/", "/dashboard/", "/reports/", f"/measures/{measure.pk}/",
                 f"/measures/{measure.pk}/edit/", f"/measures/{measure.pk}/report/"):  # fmt: skip
        page.goto(base + path)
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/ar/bensheim/action-plan/{measure.pk}/")
    assert axe_violations(page) == []
