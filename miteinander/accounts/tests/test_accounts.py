import base64
import hashlib
import hmac
import struct
import time

import pytest
from django.urls import reverse

from miteinander.accounts.models import ApiToken
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_by_email_leads_to_the_workspace(client, coordinator):
    response = client.post(
        "/de/accounts/login/", {"login": coordinator.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/de/workspace/"
    assert "Bensheim" in response.content.decode()


def test_a_wrong_password_is_refused_with_a_message(client, coordinator):
    response = client.post("/de/accounts/login/", {"login": coordinator.email, "password": "x"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signup_is_closed(client):
    response = client.get("/de/accounts/signup/")
    assert b'name="password1"' not in response.content


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), computed independently of allauth."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_totp_two_factor_is_set_up_and_then_asked_at_login(client, coordinator):
    client.post("/de/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    # Turning on two-factor asks for the password once more.
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    client.post(reverse("account_logout"))
    response = client.post(
        "/de/accounts/login/", {"login": coordinator.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_tokens_are_created_once_visible_and_stored_hashed(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("account-tokens"), {"name": "Website"})
    key = response.context["new_key"]
    assert key.startswith("mit_")
    token = ApiToken.objects.get(user=coordinator)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert key not in client.get(reverse("account-tokens")).content.decode()
    client.post(reverse("account-token-revoke", kwargs={"pk": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_of_someone_else_cannot_be_revoked(client, coordinator, member_of, minden):
    from miteinander.accounts.services import api_token_create

    other = member_of(minden)
    token, _key = api_token_create(user=other, name="Theirs")
    client.force_login(coordinator)
    response = client.post(reverse("account-token-revoke", kwargs={"pk": token.pk}))
    assert response.status_code == 404


def test_a_past_expiry_date_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("account-tokens"), {"name": "x", "expires_on": "2001-01-01"})
    assert response.context["form"].errors["expires_on"]


def test_admin_is_for_platform_administrators_and_logs_in_through_allauth(
    client, coordinator, platform_admin
):
    response = client.get("/admin/", follow=True)
    # The admin's own login form is replaced by allauth's, which asks for the second factor.
    assert response.redirect_chain[-1][0].startswith("/de/accounts/login/")
    client.force_login(coordinator)
    assert client.get("/admin/", follow=True).status_code == 403
    client.force_login(platform_admin)
    assert client.get("/admin/").status_code == 200
