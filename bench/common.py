"""Where the benchmark databases live and how a benchmark process reaches them.

The benchmarks never touch the installation's own database: SQLite runs against
var/bench/bench.sqlite3, PostgreSQL against the database `miteinander_bench`, and everything else
the settings write (secret key, collected static files) goes to var/bench/ as well.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO / "var" / "bench"
SQLITE_PATH = BENCH_DIR / "bench.sqlite3"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_DB = "miteinander_bench"
DATABASES = ("sqlite", "postgres")


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    if db == "postgres":
        return f"{POSTGRES_SERVER}/{POSTGRES_DB}"
    raise ValueError(f"unknown database {db!r}; choose one of {DATABASES}")


def environment(db: str) -> dict[str, str]:
    """Environment variables for every process of a benchmark run (this one and the server)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "DJANGO_SETTINGS_MODULE": "miteinander.settings.production",
        "DATABASE_URL": database_url(db),
        "MITEINANDER_DATA_DIR": str(BENCH_DIR),
        "LOG_LEVEL": "WARNING",
    }


def django_setup(db: str) -> None:
    """Point this process at the benchmark database `db` and set Django up."""
    os.environ.update(environment(db))
    import django

    django.setup()


def recreate_database(db: str) -> None:
    """Drop the benchmark database and create it empty (not yet migrated)."""
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{POSTGRES_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{POSTGRES_DB}"')


def migrate() -> None:
    """Bring the benchmark database's schema up to date, as `miteinander migrate` does."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def machine() -> dict:
    """The machine the figures were taken on."""
    cpu = "unknown"
    with open("/proc/cpuinfo") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as meminfo:
        mem_kb = int(meminfo.readline().split()[1])
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kb / 1024 / 1024, 1)}


def git_commit() -> str:
    result = subprocess.run(  # noqa: S603 -- fixed command
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    dirty = subprocess.run(  # noqa: S603 -- fixed command
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    commit = result.stdout.strip() or "unknown"
    return f"{commit}+changes" if dirty.stdout.strip() else commit
