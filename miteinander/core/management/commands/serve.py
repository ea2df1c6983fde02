"""`miteinander serve`: the production server (gunicorn, DEBUG off, static files by WhiteNoise)."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def recommended_workers() -> int:
    """Gunicorn's rule of thumb, (2 x cores) + 1: 5 workers on a 2-core machine."""
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "Run Miteinander with the production server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="host:port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=recommended_workers(),
            help="worker processes (default: 2 x cores + 1)",
        )
        parser.add_argument(
            "--skip-collectstatic", action="store_true", help="static files are already collected"
        )

    def handle(self, *args, bind, workers, skip_collectstatic, **options):
        if settings.DEBUG:
            raise CommandError(
                "serve runs the production server and refuses DEBUG=True; "
                "use the production settings (miteinander.settings.production)."
            )
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date: run `miteinander migrate` first.")
        if not skip_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable, "-m", "gunicorn",
            "miteinander.wsgi:application",
            "--bind", bind,
            "--workers", str(workers),
            "--timeout", "60",
            "--graceful-timeout", "20",
            "--max-requests", "2000",
            "--max-requests-jitter", "200",
            "--access-logfile", "-",
            "--forwarded-allow-ips", "127.0.0.1",
        ]  # fmt: skip
        os.environ["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
        self.stdout.write(f"Miteinander on http://{bind}/ with {workers} workers")
        sys.stdout.flush()
        os.execv(argv[0], argv)  # noqa: S606 -- replaces this process with gunicorn
