"""The benchmark's generator and load scenario keep working; no timing here (see bench/)."""

import pytest

from bench.directory import DETAIL_LINK, build_requests
from bench.generate_offerings import generate, town_sizes
from miteinander.municipalities.models import Municipality
from miteinander.offerings.models import Offering, OfferingKind


def test_town_sizes_are_uneven_and_add_up_to_the_requested_total():
    sizes = sorted(town_sizes(offerings=50_000, towns=42).values())
    assert sum(sizes) == 50_000
    assert len(sizes) == 42
    median = sizes[21]
    assert 1000 <= median <= 1300
    assert sizes[0] < median / 1.5
    assert sizes[-1] > median * 2.5


@pytest.mark.django_db
def test_generated_offerings_are_valid_published_and_indexed():
    """Every generated offering passes full_clean() and is what the public directory lists."""
    report = generate(offerings=40, towns=2, seed=4, validate_every=1)

    assert report.towns == {"bensheim": 19, "bergkamen": 21}
    assert report.indexed == 40
    for town in Municipality.objects.all():
        # The towns were set up like new towns: default kinds and the meeting-place kind.
        assert OfferingKind.objects.for_municipality(town).filter(is_meeting_place=True).exists()
        published = Offering.objects.for_municipality(town).published()
        assert published.count() == report.towns[town.slug]
        assert not published.filter(last_verified_on=None).exists()
        assert not published.filter(published_at=None).exists()
        assert published.exclude(search_text_de="").count() == published.count()


@pytest.mark.django_db
def test_generator_is_deterministic_for_a_seed():
    generate(offerings=20, towns=1, seed=7, reindex=False)
    town = Municipality.objects.get(slug="bensheim")
    first = list(
        Offering.objects.for_municipality(town).order_by("uuid").values_list("uuid", "title")
    )
    Offering.objects.for_municipality(town).delete()
    generate(offerings=20, towns=1, seed=7, reindex=False)
    again = list(
        Offering.objects.for_municipality(town).order_by("uuid").values_list("uuid", "title")
    )
    assert first == again


@pytest.mark.django_db
def test_every_scenario_request_answers_and_the_terms_find_offerings(client):
    """The load scenario's pages answer 200, and its terms and filters still find results."""
    generate(offerings=40, towns=2, seed=4)
    requests = build_requests(count=40, seed=4)

    assert {request.town for request in requests} == {"bensheim", "bergkamen"}
    assert {request.term_kind for request in requests} >= {"exact", "word form", "typo"}
    pages_with_results = 0
    for request in requests:
        response = client.get(request.path)
        assert response.status_code == 200, request.path
        pages_with_results += bool(DETAIL_LINK.search(response.content.decode()))
    # A tiny town has few offerings, and "open now" depends on the hour; most pages still list
    # something (over half at full scale, see docs/benchmarks.md).
    assert pages_with_results >= 5
