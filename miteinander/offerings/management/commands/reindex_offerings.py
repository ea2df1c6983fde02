"""`miteinander reindex_offerings [--town slug]`: rebuild the offerings' search index."""

import time

from django.core.management.base import BaseCommand, CommandError

from miteinander.municipalities.models import Municipality

from ...search import offerings_reindex


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index of the offerings directory, for one town or all. "
        "Run it after installing or updating Miteinander if the release notes ask for it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--town", metavar="SLUG", help="Only this town (its address slug).")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, town=None, batch_size=1000, **options):
        municipality = None
        if town:
            municipality = Municipality.objects.filter(slug=town).first()
            if municipality is None:
                raise CommandError(f"There is no town with the slug “{town}”.")
        started = time.monotonic()
        count = offerings_reindex(municipality=municipality, batch_size=batch_size)
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} offerings in {seconds:.1f} s."))
