import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from miteinander.core.tenancy import UnscopedQueryError
from miteinander.network.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_towns(bensheim, minden):
    OrganisationFactory(municipality=bensheim, name="Rat der Religionen")
    OrganisationFactory(municipality=minden, name="Kulturverein")
    return bensheim, minden


@pytest.mark.parametrize(
    "run",
    [
        pytest.param(lambda qs: list(qs), id="iterate"),
        pytest.param(lambda qs: qs.get(name="Kulturverein"), id="get"),
        pytest.param(lambda qs: qs.first(), id="first"),
        pytest.param(lambda qs: qs.count(), id="count"),
        pytest.param(lambda qs: qs.exists(), id="exists"),
        pytest.param(lambda qs: qs.aggregate(n=Count("id")), id="aggregate"),
        pytest.param(lambda qs: list(qs.values_list("name", flat=True)), id="values_list"),
        pytest.param(lambda qs: list(qs.iterator()), id="iterator"),
        pytest.param(lambda qs: qs.in_bulk(), id="in_bulk"),
        pytest.param(lambda qs: qs.update(name="x"), id="update"),
        pytest.param(lambda qs: qs.delete(), id="delete"),
        pytest.param(lambda qs: qs.order_by("name")[0], id="index"),
    ],
)
def test_a_query_without_a_town_is_an_error(two_towns, run):
    """Reading or writing tenant rows without naming a town raises; it never means all towns."""
    with pytest.raises(UnscopedQueryError):
        run(Organisation.objects.all())
    with pytest.raises(UnscopedQueryError):
        run(Organisation.objects.filter(name__startswith="K"))
    assert Organisation.objects.all_municipalities().count() == 2


def test_a_query_for_one_town_sees_only_that_town(two_towns):
    bensheim, minden = two_towns
    names = list(Organisation.objects.for_municipality(bensheim).values_list("name", flat=True))
    assert names == ["Rat der Religionen"]
    assert Organisation.objects.filter(municipality=minden).get().name == "Kulturverein"
    assert Organisation.objects.filter(municipality_id=minden.pk).count() == 1
    # Scoping survives chaining in either order.
    assert not Organisation.objects.filter(name="Kulturverein").for_municipality(bensheim).exists()


def test_following_relations_from_a_scoped_row_works(two_towns, member_of):
    bensheim, _ = two_towns
    organisation = Organisation.objects.for_municipality(bensheim).get()
    assert organisation.municipality == bensheim
    assert list(organisation.editor_memberships.all()) == []


def test_model_validation_may_check_uniqueness_across_towns(two_towns):
    bensheim, minden = two_towns
    # Same name in another town is fine; validation itself must not trip the scope guard.
    Organisation(municipality=minden, name="Rat der Religionen").full_clean()
    with pytest.raises(ValidationError):
        Organisation(municipality=bensheim, name="Rat der Religionen").full_clean()
