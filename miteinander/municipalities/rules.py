"""Permissions of the municipalities app. See docs/permissions.md for the whole matrix."""

import rules

from .predicates import has_any_role, is_coordinator, is_platform_admin, is_programme_coordinator

# A town's internal workspace: anyone holding a role there.
rules.add_perm("municipalities.view_workspace", has_any_role | is_platform_admin)
# Who works in the town and in which role.
rules.add_perm("municipalities.manage_team", is_coordinator | is_platform_admin)
# A programme's aggregated overview (Landeskoordination).
rules.add_perm("municipalities.view_programme", is_programme_coordinator | is_platform_admin)
