"""Permissions of events and participation. See docs/permissions.md."""

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
def organises_event(user, event) -> bool:
    """The user is the network partner of the event's organiser or of a co-organiser."""
    if event is None or not getattr(event, "pk", None):
        return False
    organisation_id = roles_in(user, event).get(Role.NETWORK_PARTNER)
    if organisation_id is None:
        return False
    if event.organiser_id == organisation_id:
        return True
    # Iterating uses the co-organisers a list has prefetched; one query otherwise.
    return any(org.pk == organisation_id for org in event.co_organisers.all())


# Target: the town for town-wide permissions, else the event.
rules.add_perm("events.view_events", has_any_role | is_platform_admin)
rules.add_perm("events.add_event", is_coordinator | is_network_partner | is_platform_admin)
# Kinds, formats of every organiser, events the town itself organises.
rules.add_perm("events.manage_events", is_coordinator | is_platform_admin)
# Edit, publish, cancel; see and export registrations; check in; moderate the ideas wall.
rules.add_perm("events.change_event", is_coordinator | organises_event | is_platform_admin)
