from miteinander.municipalities.models import Role
from tests.factories import (
    ActionItemFactory,
    BodyFactory,
    BodyMembershipFactory,
    MeasureFactory,
    PaperFactory,
)


def test_a_measures_page_shows_its_tasks_and_papers_to_those_who_may_read_them(
    client, bensheim, coordinator, member_of
):
    measure = MeasureFactory(goal__field_of_action__municipality=bensheim)
    internal = BodyFactory(municipality=bensheim, name="Steuerungsgruppe", is_public=False)
    task = ActionItemFactory(
        meeting__body=internal, measure=measure, title="Raum für Sprachcafé suchen"
    )
    public_paper = PaperFactory(municipality=bensheim, title="Sachstand Sprachcafé")
    public_paper.measures.add(measure)
    internal_paper = PaperFactory(
        municipality=bensheim, title="Interne Kalkulation", is_public=False
    )
    internal_paper.measures.add(measure)
    url = f"/en/bensheim/workspace/action-plan/measures/{measure.pk}/"

    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "In the bodies" in page
    assert task.title in page and public_paper.title in page and internal_paper.title in page

    reader = member_of(bensheim, Role.READER)
    client.force_login(reader)
    page = client.get(url).content.decode()
    assert public_paper.title in page
    assert task.title not in page and internal_paper.title not in page

    BodyMembershipFactory(body=internal, user=reader)
    reader = type(reader).objects.get(pk=reader.pk)  # roles and memberships are cached per user
    client.force_login(reader)
    page = client.get(url).content.decode()
    assert task.title in page


def test_a_measure_without_tasks_or_papers_has_no_bodies_section(client, bensheim, coordinator):
    measure = MeasureFactory(goal__field_of_action__municipality=bensheim)
    client.force_login(coordinator)
    page = client.get(f"/en/bensheim/workspace/action-plan/measures/{measure.pk}/").content.decode()
    assert "In the bodies" not in page
