"""The real parts around the code: SMTP, Redis, and the production server as the README runs it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import environ
import pytest
from django.core.cache import caches
from django.test import override_settings

from miteinander.municipalities.models import Role
from miteinander.municipalities.services import membership_grant


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_invitations_go_out_through_the_smtp_server_named_in_email_url(
    smtp_server, bensheim, coordinator
):
    controller, inbox = smtp_server
    mail_settings = environ.Env.email_url_config(f"smtp://{controller.hostname}:{controller.port}")
    with override_settings(**mail_settings):
        membership_grant(
            municipality=bensheim,
            email="neu@example.org",
            role=Role.READER,
            acting_user=coordinator,
        )
    (message,) = inbox.messages
    assert message["To"] == "neu@example.org"
    assert "Bensheim" in message["Subject"]
    assert "/accounts/password/reset/key/" in message.get_payload(decode=True).decode()


def test_cache_url_selects_redis_and_it_round_trips():
    config = environ.Env.cache_url_config("redis://127.0.0.1:6379/15")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    with override_settings(CACHES={"default": config}):
        cache = caches["default"]
        try:
            cache.set("miteinander-test", {"ok": True}, 30)
        except Exception as error:  # noqa: BLE001 -- say plainly why it is skipped
            pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
        assert cache.get("miteinander-test") == {"ok": True}
        cache.delete("miteinander-test")


def _get(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 -- loopback
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_the_production_server_serves_the_demo(tmp_path):
    """migrate, demo and serve as the README's run command does: gunicorn, DEBUG off, static."""
    env = {
        **os.environ,
        "MITEINANDER_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "miteinander.settings.production",
    }
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "miteinander.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, timeout=120)  # noqa: S603
    subprocess.run([*cli, "demo"], env=env, check=True, timeout=120, capture_output=True)  # noqa: S603
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [*cli, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # serve collects and compresses the static files first; allow for a busy machine.
        deadline = time.monotonic() + 180
        while True:
            try:
                if _get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.terminate()
                    output = server.communicate(timeout=30)[0]
                    pytest.fail(f"the server did not come up: {output[-2000:]!r}")
                time.sleep(0.3)
        status, _headers, body = _get(f"{base}/healthz")
        assert (status, body) == (200, '{"status": "ok"}')
        status, _headers, body = _get(f"{base}/ar/bensheim/")
        assert status == 200 and 'dir="rtl"' in body
        status, _headers, body = _get(f"{base}/de/atlantis/")
        assert status == 404 and "DEBUG = True" not in body and "Traceback" not in body
        css = next(part for part in body.split('"') if part.endswith(".css") and "kern" in part)
        status, headers, _ = _get(base + css)
        assert status == 200 and "max-age" in headers.get("Cache-Control", "")
    finally:
        server.terminate()
        server.wait(timeout=30)
