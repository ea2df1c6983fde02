"""Who holds which role where: the predicates every app's rules.py combines.

A predicate takes the user and a target that is a Municipality, or any row with a
`municipality_id`. Roles are read once per user object and cached on it.
"""

from __future__ import annotations

import rules

from .models import Membership, Municipality, ProgrammeMembership, Role

_CACHE_ATTR = "_miteinander_roles"


def roles_by_municipality(user) -> dict[int, dict[str, int | None]]:
    """Map municipality id -> {role: organisation id or None} for one user, cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        rows = (
            Membership.objects.all_municipalities()
            .filter(user=user)
            .values_list("municipality_id", "role", "organisation_id")
        )
        for municipality_id, role, organisation_id in rows:
            cached.setdefault(municipality_id, {})[role] = organisation_id
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after a membership of this user changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def municipality_id_of(target) -> int | None:
    if isinstance(target, Municipality):
        return target.pk
    return getattr(target, "municipality_id", None)


def roles_in(user, target) -> dict[str, int | None]:
    municipality_id = municipality_id_of(target)
    if municipality_id is None:
        return {}
    return roles_by_municipality(user).get(municipality_id, {})


def _has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user, target=None) -> bool:
        return role in roles_in(user, target)

    return predicate


is_coordinator = _has_role(Role.COORDINATION)
is_integration_guide = _has_role(Role.INTEGRATION_GUIDE)
is_network_partner = _has_role(Role.NETWORK_PARTNER)
is_body_member = _has_role(Role.BODY_MEMBER)
is_reader = _has_role(Role.READER)


@rules.predicate
def has_any_role(user, target=None) -> bool:
    return bool(roles_in(user, target))


@rules.predicate
def is_platform_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) and user.is_active


@rules.predicate
def edits_for_organisation(user, target) -> bool:
    """The user is the network partner editing for the target's organisation.

    The target is an Organisation, or a row with an `organisation_id`.
    """
    if target is None:
        return False
    if target._meta.label_lower == "network.organisation":
        organisation_id = target.pk
    else:
        organisation_id = getattr(target, "organisation_id", None)
    return (
        organisation_id is not None
        and roles_in(user, target).get(Role.NETWORK_PARTNER) == organisation_id
    )


@rules.predicate
def is_programme_coordinator(user, programme) -> bool:
    if not getattr(user, "is_authenticated", False) or programme is None:
        return False
    return ProgrammeMembership.objects.filter(user=user, programme=programme).exists()
