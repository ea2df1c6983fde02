"""Writes of memberships: who works in a town, in which role."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from miteinander.core.services import audit_record

from .models import Membership, Municipality, Role
from .predicates import forget_roles


@transaction.atomic
def membership_grant(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    acting_user,
    organisation=None,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Give a person a role in a town, creating and inviting their account if it is new."""
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email=email).first()
    is_new_user = user is None
    if is_new_user:
        user = User(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    if Membership.objects.for_municipality(municipality).filter(user=user, role=role).exists():
        raise ValidationError(
            _("%(person)s already holds this role in %(town)s.")
            % {"person": user, "town": municipality}
        )
    membership = Membership(
        municipality=municipality, user=user, role=role, organisation=organisation
    )
    membership.full_clean()
    membership.save()
    forget_roles(user)
    audit_record(
        actor=acting_user,
        action="membership.grant",
        target=membership,
        summary=f"{user.email}: {role}",
    )
    if is_new_user:
        transaction.on_commit(lambda: send_invitation(user=user, municipality=municipality))
    return membership


@transaction.atomic
def membership_change(
    *, membership: Membership, role: str, organisation, acting_user
) -> Membership:
    """Change a person's role in a town (and the organisation a network partner edits for)."""
    before = {"role": membership.role, "organisation": membership.organisation_id}
    if membership.role == Role.COORDINATION and role != Role.COORDINATION:
        _ensure_another_coordinator(membership)
    membership.role = role
    membership.organisation = organisation if role == Role.NETWORK_PARTNER else None
    membership.full_clean()
    membership.save()
    forget_roles(membership.user)
    audit_record(
        actor=acting_user,
        action="membership.change",
        target=membership,
        changes={
            "before": before,
            "after": {"role": role, "organisation": membership.organisation_id},
        },
    )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, acting_user) -> None:
    """Take a role away; the last coordinator of a town cannot be removed."""
    if membership.role == Role.COORDINATION:
        _ensure_another_coordinator(membership)
    audit_record(
        actor=acting_user,
        action="membership.revoke",
        target=membership,
        summary=f"{membership.user.email}: {membership.role}",
    )
    membership.delete()
    forget_roles(membership.user)


def _ensure_another_coordinator(membership: Membership) -> None:
    others = (
        Membership.objects.for_municipality(membership.municipality_id)
        .filter(role=Role.COORDINATION)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            _(
                "%(town)s needs at least one coordinator. Give someone else the coordination "
                "role first."
            )
            % {"town": membership.municipality}
        )


def send_invitation(*, user, municipality: Municipality) -> None:
    """E-mail a new person a link to choose their password."""
    # allauth's reset machinery: one code path for invitations and forgotten passwords.
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "municipality": municipality,
            "link": settings.BASE_URL.rstrip("/") + path,
        }
        send_mail(
            subject=_("Your access to Miteinander %(town)s") % {"town": municipality.name},
            message=render_to_string("municipalities/email/invitation.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
