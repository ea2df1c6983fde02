"""Permissions of the offerings directory. See docs/permissions.md."""

import rules

from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import (
    has_any_role,
    is_coordinator,
    is_network_partner,
    is_platform_admin,
    roles_in,
)


@rules.predicate
def provides_offering(user, offering) -> bool:
    """The user is the network partner of the offering's provider organisation."""
    if offering is None or not getattr(offering, "provider_id", None):
        return False
    return roles_in(user, offering).get(Role.NETWORK_PARTNER) == offering.provider_id


# Target: the town for town-wide permissions, else the offering.
rules.add_perm("offerings.view_directory", has_any_role | is_platform_admin)
rules.add_perm("offerings.add_offering", is_coordinator | is_network_partner | is_platform_admin)
rules.add_perm("offerings.change_offering", is_coordinator | provides_offering | is_platform_admin)
# Publishing without review, approving partners' changes, settings and vocabularies.
rules.add_perm("offerings.manage_directory", is_coordinator | is_platform_admin)
