"""Permissions of the action plan. See docs/permissions.md."""

import rules

from miteinander.municipalities.models import Role
from miteinander.municipalities.predicates import (
    has_any_role,
    is_coordinator,
    is_platform_admin,
    roles_in,
)


@rules.predicate
def is_responsible_partner(user, measure) -> bool:
    """The user edits for the measure's responsible organisation (as its network partner)."""
    if measure is None or not getattr(measure, "responsible_organisation_id", None):
        return False
    return roles_in(user, measure).get(Role.NETWORK_PARTNER) == measure.responsible_organisation_id


rules.add_perm("actionplan.view_plan", has_any_role | is_platform_admin)
rules.add_perm("actionplan.manage_plan", is_coordinator | is_platform_admin)
rules.add_perm(
    "actionplan.report_progress", is_coordinator | is_responsible_partner | is_platform_admin
)
