import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from miteinander.core.models import AuditEntry
from miteinander.municipalities.models import Membership, Municipality, Programme

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    rows = []
    for model in apps.get_models():
        if model is AuditEntry or model._meta.app_label in {"sessions", "contenttypes", "auth"}:
            continue
        manager = model._base_manager
        rows.append(serializers.serialize("json", manager.order_by("pk")))
    return "\n".join(rows)


def test_demo_holds_the_four_seed_towns_and_two_programmes():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Municipality.objects.values_list("slug", flat=True)) == {
        "bensheim", "bergkamen", "minden", "weiterstadt",
    }  # fmt: skip
    wir = Programme.objects.get(slug="wir")
    assert set(wir.municipalities.values_list("slug", flat=True)) == {"bensheim", "weiterstadt"}
    kisi = Programme.objects.get(slug="kisi")
    assert list(kisi.municipalities.values_list("slug", flat=True)) == ["bensheim"]
    # Every town has someone to coordinate it.
    for town in Municipality.objects.all():
        assert Membership.objects.for_municipality(town).filter(role="coordination").exists()


def test_demo_people_are_fictional():
    """No real name from the seed documents appears among the demo people."""
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth import get_user_model

    real = {"Rathke", "Hartnagel", "Zillig", "Klein", "Scherpe", "Haßlöwer", "Hornbostel"}
    names = set(get_user_model().objects.values_list("last_name", flat=True))
    assert not names & real


def test_running_the_demo_twice_changes_nothing():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_prints_the_logins(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "koordination@bensheim.example.org" in out and "miteinander-demo" in out
