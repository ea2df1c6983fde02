"""API authentication: the browser's session, or a personal token as `Authorization: Bearer`."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken

# Writing last_used_at on every request would turn every read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        api_token = (
            ApiToken.objects.usable()
            .select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


token_or_session = [ApiTokenAuth(), django_auth]


def anonymous(request):
    """Lets an operation run without credentials; it then sees only public data."""
    return AnonymousUser()


# Public reads: a token or the session widen what the caller sees.
token_session_or_anonymous = [ApiTokenAuth(), django_auth, anonymous]
