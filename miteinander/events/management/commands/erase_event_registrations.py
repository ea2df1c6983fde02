"""Erase participants' names and contact details once their event is long enough over.

Run it daily (cron or a systemd timer, see docs/operations.md). How long registrations are kept
after an event's last date is EVENT_REGISTRATION_RETENTION_DAYS (90 days unless configured).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from miteinander.events.registrations import registrations_erase_expired


class Command(BaseCommand):
    help = (
        "Erase names and contact details of event registrations "
        "EVENT_REGISTRATION_RETENTION_DAYS after the event's last date."
    )

    def handle(self, *args, **options):
        erased = registrations_erase_expired()
        days = settings.EVENT_REGISTRATION_RETENTION_DAYS
        self.stdout.write(f"{erased} registration(s) erased (older than {days} days)")
