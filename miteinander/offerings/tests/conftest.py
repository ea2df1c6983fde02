"""A town set up for the directory, a provider and its network partner (modules may override)."""

import pytest

from miteinander.municipalities.models import Role
from miteinander.offerings import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def directory_town(bensheim):
    """Bensheim with the default kinds of offering and directory settings."""
    services.directory_setup(municipality=bensheim)
    return bensheim


@pytest.fixture
def provider(directory_town):
    return OrganisationFactory(municipality=directory_town, name="Caritas Bensheim")


@pytest.fixture
def partner(directory_town, provider):
    """The network partner who edits for `provider`."""
    user = UserFactory(email="partner@caritas.example.org")
    MembershipFactory(
        municipality=directory_town, user=user, role=Role.NETWORK_PARTNER, organisation=provider
    )
    return user
