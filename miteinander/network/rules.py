"""Permissions of the network registry. See docs/permissions.md."""

import rules

from miteinander.municipalities.predicates import (
    edits_for_organisation,
    has_any_role,
    is_coordinator,
    is_platform_admin,
)


@rules.predicate
def contact_person_has_consent(user, contact_person) -> bool:
    return contact_person is not None and contact_person.consent_given_on is not None


# Target: the town (Municipality) for town-wide permissions, else the object itself.
rules.add_perm("network.view_registry", has_any_role | is_platform_admin)
rules.add_perm("network.manage_registry", is_coordinator | is_platform_admin)
rules.add_perm(
    "network.change_organisation", is_coordinator | edits_for_organisation | is_platform_admin
)
rules.add_perm(
    "network.view_contact_person",
    is_coordinator
    | is_platform_admin
    | edits_for_organisation
    | (has_any_role & contact_person_has_consent),
)
rules.add_perm(
    "network.change_contact_person", is_coordinator | edits_for_organisation | is_platform_admin
)
