"""`miteinander demo`: load the demo towns. Idempotent: a second run changes nothing."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from ...demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = (
        "Load the demo towns (Bensheim, Bergkamen, Minden, Weiterstadt) with fictional people. "
        "Every app adds its part from its own demo.py; rows that exist are left alone."
    )

    def handle(self, *args, **options):
        logins = []
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if app_config.name.startswith("miteinander.") and find_spec(module_name):
                    logins += import_module(module_name).load() or []
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        if logins:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            width = max(len(email) for email, _ in logins)
            for email, description in logins:
                self.stdout.write(f"  {email.ljust(width)}  {description}")
