"""Writes of personal API tokens."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from miteinander.core.services import audit_record

from .models import ApiToken


@transaction.atomic
def api_token_create(
    *, user, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is shown once and never stored."""
    key = ApiToken.generate_key()
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: ApiToken.PREFIX_LENGTH],
        key_hash=ApiToken.hash_key(key),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(actor=user, action="api_token.create", target=token, summary=name)
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=acting_user, action="api_token.revoke", target=token, summary=token.name)
    return token
