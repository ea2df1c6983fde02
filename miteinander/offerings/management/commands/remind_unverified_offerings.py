"""E-mail providers and coordination about offerings nobody verified for a year.

Run it daily (cron or a systemd timer, see docs/operations.md); it reminds each offering at
most once a month.
"""

from django.core.management.base import BaseCommand

from miteinander.municipalities.models import Municipality
from miteinander.offerings.services import verification_reminders_send


class Command(BaseCommand):
    help = "E-mail providers and coordination about offerings not verified for a year."

    def add_arguments(self, parser):
        parser.add_argument("--town", help="Only this town (its short name in addresses).")

    def handle(self, *args, town=None, **options):
        towns = Municipality.objects.active()
        if town:
            towns = towns.filter(slug=town)
        for municipality in towns:
            sent = verification_reminders_send(municipality=municipality)
            if sent:
                self.stdout.write(f"{municipality.slug}: {sent} reminder(s) sent")
