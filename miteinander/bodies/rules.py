"""Permissions of bodies and meetings. See docs/permissions.md.

Town-wide permissions take the town as target; per-body permissions take a Body (or any row
with a `body`). Coordination keeps every body. A member with an account reads the internal
meetings and papers of their own bodies; a member with the role Geschäftsführung also runs the
body's meetings (agenda, attendance, minutes, invitations).
"""

import rules
from django.utils import timezone

from miteinander.municipalities.predicates import has_any_role, is_coordinator, is_platform_admin

from .models import BodyMembership, MembershipRole


def _body_of(target):
    if target is None:
        return None
    if target._meta.label_lower == "bodies.body":
        return target
    return getattr(target, "body", None)


def _current_roles(user, body) -> set[str]:
    """The user's current roles in the body, cached on the user for the request."""
    if not getattr(user, "is_authenticated", False) or body is None:
        return set()
    cache = user.__dict__.setdefault("_miteinander_body_roles", {})
    if body.pk not in cache:
        cache[body.pk] = set(
            BodyMembership.objects.for_municipality(body.municipality_id)
            .current(timezone.localdate())
            .filter(body=body, user=user)
            .values_list("role", flat=True)
        )
    return cache[body.pk]


@rules.predicate
def is_member_of_body(user, target) -> bool:
    return bool(_current_roles(user, _body_of(target)))


@rules.predicate
def manages_body(user, target) -> bool:
    return MembershipRole.MANAGEMENT in _current_roles(user, _body_of(target))


@rules.predicate
def is_coordinator_of_body_town(user, target) -> bool:
    body = _body_of(target)
    return body is not None and is_coordinator(user, body)


# Town-wide (target: the town).
rules.add_perm("bodies.view_bodies", has_any_role | is_platform_admin)
rules.add_perm("bodies.manage_bodies", is_coordinator | is_platform_admin)
# Per body (target: the body).
rules.add_perm(
    "bodies.view_internal", is_coordinator_of_body_town | is_member_of_body | is_platform_admin
)
rules.add_perm(
    "bodies.run_meetings", is_coordinator_of_body_town | manages_body | is_platform_admin
)
