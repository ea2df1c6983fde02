import subprocess
import sys

import pytest

import miteinander


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    """With a database server that is not there, /healthz says so instead of "ok"."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['status'])"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env={
            "DJANGO_SETTINGS_MODULE": "miteinander.settings.production",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable",
            "MITEINANDER_DATA_DIR": str(tmp_path),
            "ALLOWED_HOSTS": "testserver",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split()[-2:] == ["503", "error"], result.stderr


def test_version_names_the_release(client):
    response = client.get("/version")
    assert response.json() == {"name": "miteinander", "version": miteinander.__version__}
