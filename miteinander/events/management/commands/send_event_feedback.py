"""Ask the participants of events that have just ended for feedback.

Run it daily (cron or a systemd timer, see docs/operations.md). Each event is asked once, within
two weeks after its last date; each person gets the link in the language they registered in.
"""

from django.core.management.base import BaseCommand

from miteinander.events.feedback import feedback_requests_send


class Command(BaseCommand):
    help = "E-mail the participants of events that ended in the last two weeks a feedback link."

    def handle(self, *args, **options):
        sent = feedback_requests_send()
        self.stdout.write(f"{sent} feedback request(s) sent")
