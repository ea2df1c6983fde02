"""Load scenario: the public directory's first page with a search term and two filters.

    python -m bench.directory --db sqlite
    python -m bench.directory --db postgres --clients 4,8 --reuse

One command does everything: recreate the benchmark database, migrate it, generate the directory
(bench/generate_offerings.py), start the production server (`miteinander serve`, gunicorn with
the production settings) against it, send a warm-up and then the measured requests from
concurrent clients, stop the server and write var/bench/results-<db>.json. `--reuse` keeps the
database of an earlier run.

Each request asks for `/<lang>/<town>/angebote/?q=<term>&<filter>&<filter>`: towns weighted by
their number of offerings (bigger towns, more visitors), terms in exact form, other word forms,
with one typo, and in the visitor's language; two filters from the directory's filter form. The
filter values are mostly taken from an offering the term finds, so most pages list results.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import zoneinfo
from dataclasses import dataclass

from . import common

# Search terms: (term, how it relates to the offerings' words, a word matching offerings contain)
TERMS_DE = [
    ("Sprachcafé", "exact", "Sprachcafé"),
    ("Hausaufgabenhilfe", "exact", "Hausaufgabenhilfe"),
    ("Frauentreff", "exact", "Frauentreff"),
    ("Migrationsberatung", "exact", "Migrationsberatung"),
    ("Begegnungscafé", "exact", "Begegnungscafé"),
    ("Bewerbungstraining", "exact", "Bewerbungstraining"),
    ("Kinderbetreuung", "exact", "Kinderbetreuung"),
    ("Sprachkurse", "word form", "Sprachkurs"),
    ("Beratung", "word form", "Beratung"),
    ("Beratungsstellen", "word form", "Beratungsstelle"),
    ("Deutschkurse", "word form", "Deutschkurs"),
    ("Elterncafés", "word form", "Elterncafé"),
    ("Patenschaft", "word form", "Patenschaften"),
    ("Hausaufgabenhilfr", "typo", "Hausaufgabenhilfe"),
    ("Frauentref", "typo", "Frauentreff"),
    ("Migrationsberatunh", "typo", "Migrationsberatung"),
    ("Bewerbungstrainig", "typo", "Bewerbungstraining"),
    ("Deutschkurs Frauen", "two words", "Deutsch"),
]
# Terms a visitor types on the page in their own language: (path language, term, contained word)
TERMS_OTHER = [
    ("en", "language café", "Language café"),
    ("en", "homework help", "Homework help"),
    ("ar", "مقهى اللغة", "مقهى اللغة"),
    ("tr", "Dil kafesi", "Dil kafesi"),
    ("uk", "курс німецької мови", "Курс німецької мови"),
    ("ru", "консультация", "консультация"),
    ("fa", "مشاوره", "مشاوره"),
]
SHARE_OTHER_LANGUAGES = 0.15

# Pairs of filters (names of DirectoryFilterForm's fields in miteinander/offerings/public_forms.py)
FILTER_PAIRS = [
    ("kind", "target_group"),
    ("language", "district"),
    ("free", "open_now"),
    ("kind", "district"),
    ("target_group", "free"),
    ("language", "open_now"),
]
# Of the filter values, this share comes from an offering the term finds, the rest at random.
SHARE_MATCHING_FILTERS = 0.8

DETAIL_LINK = re.compile(r"/angebote/(\d+)/")


@dataclass(frozen=True)
class DirectoryRequest:
    """One page request of the scenario, with what it is made of for the breakdowns."""

    path: str
    town: str
    language: str
    term: str
    term_kind: str
    filters: str


@dataclass
class _Town:
    slug: str
    size: int
    kinds: list[int]
    target_groups: list[int]
    districts: list[int]
    # (German title, translated titles, kind, target groups, district, languages)
    offerings: list[tuple]


def _load_towns() -> list[_Town]:
    from miteinander.municipalities.models import Municipality
    from miteinander.network.models import TargetGroup
    from miteinander.offerings.models import District, Offering, OfferingKind, OfferingTranslation

    towns = []
    for town in Municipality.objects.active().order_by("slug"):
        published = Offering.objects.for_municipality(town).published()
        rows = list(published.values_list("pk", "title", "kind_id", "district_id", "languages"))
        if not rows:
            continue
        groups: dict[int, list[int]] = {}
        through = Offering.target_groups.through
        for offering_id, group_id in through.objects.filter(
            offering__municipality=town
        ).values_list("offering_id", "targetgroup_id"):
            groups.setdefault(offering_id, []).append(group_id)
        translated: dict[int, list[str]] = {}
        for offering_id, title in OfferingTranslation.objects.filter(
            offering__municipality=town
        ).values_list("offering_id", "title"):
            translated.setdefault(offering_id, []).append(title)
        towns.append(
            _Town(
                slug=town.slug,
                size=len(rows),
                kinds=list(
                    OfferingKind.objects.for_municipality(town).values_list("pk", flat=True)
                ),
                target_groups=list(
                    TargetGroup.objects.for_municipality(town).values_list("pk", flat=True)
                ),
                districts=list(
                    District.objects.for_municipality(town).values_list("pk", flat=True)
                ),
                offerings=[
                    (title, translated.get(pk, []), kind, groups.get(pk, []), district, langs)
                    for pk, title, kind, district, langs in rows
                ],
            )
        )
    return towns


def build_requests(*, count: int, seed: int = 4) -> list[DirectoryRequest]:
    """`count` directory requests over every active town with published offerings."""
    rng = random.Random(seed)  # noqa: S311 -- reproducible test data, not secrets
    towns = _load_towns()
    if not towns:
        raise RuntimeError("No town has published offerings; generate the directory first.")
    weights = [town.size for town in towns]
    requests = []
    for _ in range(count):
        town = rng.choices(towns, weights=weights)[0]
        if rng.random() < SHARE_OTHER_LANGUAGES:
            language, term, contained = rng.choice(TERMS_OTHER)
            term_kind = "visitor's language"
            matching = [o for o in town.offerings if any(contained in t for t in o[1])]
        else:
            language = "de"
            term, term_kind, contained = rng.choice(TERMS_DE)
            matching = [o for o in town.offerings if contained in o[0]]
        pair = rng.choice(FILTER_PAIRS)
        source = (
            rng.choice(matching) if matching and rng.random() < SHARE_MATCHING_FILTERS else None
        )
        params = [("q", term)] + [(name, _filter_value(name, town, source, rng)) for name in pair]
        path = f"/{language}/{town.slug}/angebote/?{urllib.parse.urlencode(params)}"
        requests.append(
            DirectoryRequest(path, town.slug, language, term, term_kind, "+".join(pair))
        )
    return requests


def _filter_value(name: str, town: _Town, source: tuple | None, rng: random.Random) -> str:
    _title, _translations, kind, groups, district, languages = source or (None,) * 6
    if name in ("free", "open_now"):
        return "on"
    if name == "kind":
        return str(kind or rng.choice(town.kinds))
    if name == "target_group":
        return str(rng.choice(groups) if groups else rng.choice(town.target_groups))
    if name == "district":
        return str(district or rng.choice(town.districts))
    if name == "language":
        # Visitors filter by their own language; nearly everything is offered in German.
        other = [code for code in languages or () if code != "de"]
        return rng.choice(other) if other else rng.choice(["ar", "en", "tr", "uk", "ru", "fa"])
    raise ValueError(f"no values for the filter {name!r}")


# --- The server -------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`miteinander serve` in its own process group, stopped with SIGTERM (gunicorn's way)."""

    def __init__(self, *, db: str, workers: int, port: int, log_path):
        self.db, self.workers, self.port, self.log_path = db, workers, port, log_path

    def __enter__(self) -> Server:
        self.log = open(self.log_path, "w")  # noqa: SIM115 -- closed in __exit__
        self.process = subprocess.Popen(  # noqa: S603 -- our own interpreter and command
            [sys.executable, "-m", "miteinander.cli", "serve", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(self.workers)],
            env={**os.environ, **common.environment(self.db)},
            cwd=common.REPO,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped; see {self.log_path}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__()
        raise RuntimeError(f"The server did not answer within 180 s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# --- The clients ------------------------------------------------------------------------------
@dataclass
class Sample:
    request: DirectoryRequest
    status: int
    ms: float
    size: int
    hits: int


def run_clients(
    *, port: int, requests: list[DirectoryRequest], clients: int, timeout: float = 30
) -> tuple[list[Sample], float]:
    """Send `requests` from `clients` threads, each with its own connection; (samples, seconds).

    Gunicorn's sync workers close the connection after each response, so a client reconnects
    for every request, as browsers on separate machines would.
    """
    samples: list[Sample] = []
    lock = threading.Lock()
    position = iter(range(len(requests)))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        while True:
            with lock:
                index = next(position, None)
            if index is None:
                break
            request = requests[index]
            started = time.perf_counter()
            try:
                conn.request(
                    "GET",
                    request.path,
                    headers={"User-Agent": "miteinander-bench", "Accept": "text/html"},
                )
                response = conn.getresponse()
                body = response.read()
                status = response.status
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException):
                conn.close()
                body, status = b"", 0
            ms = (time.perf_counter() - started) * 1000
            hits = len(set(DETAIL_LINK.findall(body.decode("utf-8", "replace"))))
            with lock:
                samples.append(Sample(request, status, ms, len(body), hits))
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def _load_average() -> list[float]:
    with open("/proc/loadavg") as loadavg:
        return [float(value) for value in loadavg.read().split()[:3]]


def _machine_cpu() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot."""
    with open("/proc/stat") as stat:
        values = [int(value) for value in stat.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def _group_cpu_seconds(group: int) -> float:
    """User and system CPU seconds of the live processes in process group `group`."""
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group:  # pgrp
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of `values` (0 < share <= 1)."""
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))
    return ordered[rank - 1]


def summarise(samples: list[Sample], seconds: float | None = None) -> dict:
    ok = [s.ms for s in samples if s.status == 200]
    summary = {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.status != 200),
        "median_ms": round(statistics.median(ok), 1) if ok else None,
        "p95_ms": round(percentile(ok, 0.95), 1) if ok else None,
        "p99_ms": round(percentile(ok, 0.99), 1) if ok else None,
        "max_ms": round(max(ok), 1) if ok else None,
        "mean_ms": round(statistics.fmean(ok), 1) if ok else None,
        "pages_without_results": sum(1 for s in samples if s.status == 200 and not s.hits),
    }
    if seconds:
        summary["seconds"] = round(seconds, 2)
        summary["requests_per_second"] = round(len(samples) / seconds, 1)
    return summary


def breakdown(samples: list[Sample], key) -> dict:
    groups: dict[str, list[Sample]] = {}
    for sample in samples:
        groups.setdefault(key(sample), []).append(sample)
    return {name: summarise(group) for name, group in sorted(groups.items())}


def measure(
    *, db: str, requests: list[DirectoryRequest], warmup: int, clients: int, workers: int
) -> dict:
    """Start the server, warm it up, measure; return the figures of one run."""
    port = _free_port()
    log_path = common.BENCH_DIR / f"server-{db}.log"
    with Server(db=db, workers=workers, port=port, log_path=log_path) as server:
        run_clients(port=port, requests=requests[:warmup], clients=clients)
        load_before = _load_average()
        machine_before, server_before = _machine_cpu(), _group_cpu_seconds(server.process.pid)
        samples, seconds = run_clients(port=port, requests=requests[warmup:], clients=clients)
        machine_after, server_after = _machine_cpu(), _group_cpu_seconds(server.process.pid)
        load_after = _load_average()
    overall = summarise(samples, seconds)
    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    overall["cpu"] = {
        # CPU the server's processes spent per request: the cost of a page without waiting.
        "server_ms_per_request": round((server_after - server_before) * 1000 / len(samples), 1),
        # How busy the whole machine was (server, database, clients and anything else).
        "machine_busy_share": round(busy / total, 2) if total else None,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }
    errors = [s for s in samples if s.status != 200]
    slowest = sorted(samples, key=lambda s: -s.ms)[:10]
    return {
        "clients": clients,
        "overall": overall,
        "by_filters": breakdown(samples, lambda s: s.request.filters),
        "by_term_kind": breakdown(samples, lambda s: s.request.term_kind),
        "by_town": breakdown(samples, lambda s: s.request.town),
        "slowest": [{"path": s.request.path, "ms": round(s.ms, 1)} for s in slowest],
        "first_errors": [{"path": s.request.path, "status": s.status} for s in errors[:10]],
    }


def dataset_figures() -> dict:
    from django.db.models import Count

    from miteinander.municipalities.models import Municipality
    from miteinander.offerings.models import Offering, OfferingTranslation, OpeningHours

    per_town = dict(
        Offering.objects.all_municipalities()
        .published()
        .order_by()
        .values_list("municipality__slug")
        .annotate(n=Count("pk"))
    )
    sizes = sorted(per_town.values())
    return {
        "towns": Municipality.objects.count(),
        "published_offerings": sum(sizes),
        "offerings_per_town": {
            "smallest": sizes[0],
            "median": sizes[len(sizes) // 2],
            "largest": sizes[-1],
        },
        "translations": OfferingTranslation.objects.count(),
        "opening_hours": OpeningHours.objects.count(),
    }


def print_run(db: str, run: dict) -> None:
    o = run["overall"]
    print(
        f"{db}, {run['clients']} clients: {o['requests']} requests in {o['seconds']} s "
        f"({o['requests_per_second']}/s), median {o['median_ms']} ms, p95 {o['p95_ms']} ms, "
        f"p99 {o['p99_ms']} ms, max {o['max_ms']} ms, errors {o['errors']}, "
        f"pages without results {o['pages_without_results']}"
    )
    cpu = o["cpu"]
    print(
        f"    server CPU {cpu['server_ms_per_request']} ms per request; machine busy "
        f"{cpu['machine_busy_share']:.0%}; load average {cpu['load_average_before'][0]} before, "
        f"{cpu['load_average_after'][0]} after"
    )
    for name, figures in run["by_filters"].items():
        print(f"    {name:<22} median {figures['median_ms']:>7} ms   p95 {figures['p95_ms']:>7} ms")
    for name, figures in run["by_term_kind"].items():
        print(f"    {name:<22} median {figures['median_ms']:>7} ms   p95 {figures['p95_ms']:>7} ms")


def main(argv=None) -> None:
    from .generate_offerings import DEFAULT_OFFERINGS, DEFAULT_SEED, DEFAULT_TOWNS, prepare

    parser = argparse.ArgumentParser(description="Benchmark the public offerings directory.")
    parser.add_argument("--db", choices=common.DATABASES, required=True)
    parser.add_argument("--offerings", type=int, default=DEFAULT_OFFERINGS)
    parser.add_argument("--towns", type=int, default=DEFAULT_TOWNS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database an earlier run generated"
    )
    parser.add_argument(
        "--clients",
        default="2,4",
        help="concurrent clients; a list such as 1,2,4,8 runs the scenario with each",
    )
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per run")
    parser.add_argument("--warmup", type=int, default=200, help="requests before measuring")
    parser.add_argument(
        "--workers", type=int, help="server worker processes (default: what serve recommends)"
    )
    args = parser.parse_args(argv)
    client_counts = [int(n) for n in args.clients.split(",")]

    common.django_setup(args.db)
    from django.db import connection

    from miteinander.core.management.commands.serve import recommended_workers

    args.workers = args.workers or recommended_workers()

    generation = None
    if not args.reuse:
        generation = prepare(
            db=args.db, offerings=args.offerings, towns=args.towns, seed=args.seed
        ).as_dict()
    else:
        common.migrate()
        earlier = common.BENCH_DIR / f"results-{args.db}.json"
        if earlier.exists():
            # The database is the one that run generated; keep its figures with the new ones.
            generation = json.loads(earlier.read_text()).get("generation")
    dataset = dataset_figures()
    requests = build_requests(count=args.warmup + args.requests, seed=args.seed)
    connection.close()

    results = {
        "db": args.db,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        # "Open now" finds more on a weekday afternoon than on a Sunday night.
        "town_time": datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Berlin")).strftime("%A %H:%M"),
        "commit": common.git_commit(),
        "machine": common.machine(),
        "server": {
            "command": f"miteinander serve --workers {args.workers}",
            "workers": args.workers,
            "worker_class": "sync",
            "settings": "miteinander.settings.production",
        },
        "dataset": dataset,
        "generation": generation,
        "scenario": {
            "requests": args.requests,
            "warmup": args.warmup,
            "seed": args.seed,
            "filter_pairs": ["+".join(pair) for pair in FILTER_PAIRS],
            "example": dataclasses.asdict(requests[args.warmup]),
        },
        "runs": [],
    }
    for clients in client_counts:
        run = measure(
            db=args.db,
            requests=requests,
            warmup=args.warmup,
            clients=clients,
            workers=args.workers,
        )
        results["runs"].append(run)
        print_run(args.db, run)
        sys.stdout.flush()
    path = common.BENCH_DIR / f"results-{args.db}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Results: {path}")


if __name__ == "__main__":
    main()
