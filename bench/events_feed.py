"""Load scenario: the ICS feed of a town with 2,000 public events, 200 of them repeating.

    python -m bench.events_feed --db sqlite
    python -m bench.events_feed --db postgres --clients 2,4 --reuse

One command does everything: recreate the events benchmark's own database (see
`generate_events.use_own_databases`), migrate it and generate the calendar
(bench/generate_events.py), start the production server (`miteinander serve`) against it, and
measure three things:

1. **cached**: the town's feed (`/de/bensheim/veranstaltungen/kalender.ics`) from concurrent
   clients, after every server worker has built it once (each worker keeps its own copy in the
   default local-memory cache);
2. **revalidated**: the same with `If-None-Match`, as subscribed calendar apps ask (304);
3. **after a change**: one event is changed, then the feed is fetched once; the worker that
   answers builds it again (only the changed events are rendered anew). Several samples.

It also times, in this process and without HTTP, a build with an empty cache (every event
rendered) and a build after one change, so the two costs are known apart from the server.
Results go to var/bench/results-events-<db>.json.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass

from . import common
from .directory import (
    Server,
    _free_port,
    _group_cpu_seconds,
    _load_average,
    _machine_cpu,
    percentile,
)
from .generate_events import (
    DEFAULT_DRAFTS,
    DEFAULT_EVENTS,
    DEFAULT_REPEATING,
    DEFAULT_SEED,
    TOWN,
    prepare,
    use_own_databases,
)

LANGUAGES = ["de", "en", "ar", "tr", "uk", "ru", "fa"]


@dataclass(frozen=True)
class FeedRequest:
    path: str
    kind: str  # "town" or "kind"
    language: str


def build_requests(*, town: str = TOWN) -> list[FeedRequest]:
    """The town's feed in every language and each kind's feed in German."""
    from miteinander.events.models import EventKind
    from miteinander.municipalities.models import Municipality

    municipality = Municipality.objects.get(slug=town)
    requests = [
        FeedRequest(f"/{language}/{town}/veranstaltungen/kalender.ics", "town", language)
        for language in LANGUAGES
    ]
    for kind in EventKind.objects.for_municipality(municipality).order_by("position", "pk"):
        path = f"/de/{town}/veranstaltungen/art/{kind.pk}/kalender.ics"
        requests.append(FeedRequest(path, "kind", "de"))
    return requests


@dataclass
class Sample:
    status: int
    ms: float
    size: int


def fetch(conn: http.client.HTTPConnection, path: str, headers: dict | None = None) -> Sample:
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"User-Agent": "miteinander-bench", **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        status = response.status
        if response.will_close:
            conn.close()
    except (OSError, http.client.HTTPException):
        conn.close()
        body, status = b"", 0
    return Sample(status, (time.perf_counter() - started) * 1000, len(body))


def run_clients(
    *, port: int, path: str, count: int, clients: int, headers: dict | None = None
) -> tuple[list[Sample], float]:
    """Send `count` requests for `path` from `clients` threads; (samples, seconds)."""
    samples: list[Sample] = []
    lock = threading.Lock()
    remaining = iter(range(count))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if next(remaining, None) is None:
                    break
            sample = fetch(conn, path, headers)
            with lock:
                samples.append(sample)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started


def summarise(samples: list[Sample], seconds: float | None = None, ok=(200,)) -> dict:
    times = [s.ms for s in samples if s.status in ok]
    summary = {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.status not in ok),
        "median_ms": round(statistics.median(times), 1) if times else None,
        "p95_ms": round(percentile(times, 0.95), 1) if times else None,
        "p99_ms": round(percentile(times, 0.99), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "bytes": samples[0].size if samples else 0,
    }
    if seconds:
        summary["seconds"] = round(seconds, 2)
        summary["requests_per_second"] = round(len(samples) / seconds, 1)
    return summary


def change_an_event(rng: random.Random) -> int:
    """Change one public event as an editor would (a longer description); its id."""
    from django.utils import timezone

    from miteinander.events.models import Event
    from miteinander.municipalities.models import Municipality

    town = Municipality.objects.get(slug=TOWN)
    events = Event.objects.for_municipality(town).public()
    pk = rng.choice(list(events.values_list("pk", flat=True)))
    event = events.get(pk=pk)
    # The row as services.event_save leaves it; the save itself is not what is measured.
    events.filter(pk=pk).update(
        description=event.description + " Neu: mit Kinderbetreuung.",
        updated_at=timezone.now(),
    )
    return pk


def in_process_builds(*, samples: int, rng: random.Random) -> dict:
    """Build times in this process, without HTTP: with an empty cache and after one change."""
    from django.core.cache import cache
    from django.utils import translation

    from miteinander.events import feeds
    from miteinander.municipalities.models import Municipality

    town = Municipality.objects.get(slug=TOWN)
    full, after_change = [], []
    with translation.override("de"):
        for _ in range(max(3, samples // 4)):
            cache.clear()
            started = time.perf_counter()
            feed = feeds.town_feed(municipality=town, language="de")
            full.append((time.perf_counter() - started) * 1000)
        for _ in range(samples):
            change_an_event(rng)
            started = time.perf_counter()
            feeds.town_feed(municipality=town, language="de")
            after_change.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        feeds.town_feed(municipality=town, language="de")
        cached = (time.perf_counter() - started) * 1000

    def figures(values):
        return {
            "samples": len(values),
            "median_ms": round(statistics.median(values), 1),
            "max_ms": round(max(values), 1),
            "min_ms": round(min(values), 1),
        }

    return {
        "events_in_feed": feed.event_count,
        "bytes": len(feed.body),
        "empty_cache": figures(full),
        "after_one_change": figures(after_change),
        "cached_ms": round(cached, 2),
    }


def measure(
    *, db: str, path: str, requests: int, warmup: int, clients: int, workers: int, changes: int,
    rng: random.Random,
) -> dict:  # fmt: skip
    """Start a server and measure the cached feed, revalidation and builds after a change."""
    port = _free_port()
    log_path = common.BENCH_DIR / f"server-events-{db}.log"
    with Server(db=db, workers=workers, port=port, log_path=log_path) as server:
        # Every worker builds the feed once (with its own cache): as many clients as workers,
        # twice over, so each worker gets requests; then the warm-up proper.
        warm_clients = workers * 2
        first, _seconds = run_clients(
            port=port, path=path, count=warm_clients * 3, clients=warm_clients
        )
        run_clients(port=port, path=path, count=warmup, clients=clients)

        load_before = _load_average()
        machine_before, server_before = _machine_cpu(), _group_cpu_seconds(server.process.pid)
        cached, seconds = run_clients(port=port, path=path, count=requests, clients=clients)
        machine_after, server_after = _machine_cpu(), _group_cpu_seconds(server.process.pid)
        load_after = _load_average()

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        tag = response.getheader("ETag")
        conn.close()
        revalidated, reval_seconds = run_clients(
            port=port, path=path, count=requests // 2, clients=clients,
            headers={"If-None-Match": tag},
        )  # fmt: skip

        after_change = []
        for _ in range(changes):
            change_an_event(rng)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            after_change.append(fetch(conn, path))
            conn.close()

    busy = machine_after[0] - machine_before[0]
    total = machine_after[1] - machine_before[1]
    overall = summarise(cached, seconds)
    overall["cpu"] = {
        "server_ms_per_request": round((server_after - server_before) * 1000 / len(cached), 1),
        "machine_busy_share": round(busy / total, 2) if total else None,
        "load_average_before": load_before,
        "load_average_after": load_after,
    }
    return {
        "clients": clients,
        "first_requests_while_workers_build": summarise(first),
        "cached": overall,
        "revalidated": summarise(revalidated, reval_seconds, ok=(304,)),
        "after_change": summarise(after_change),
    }


def print_run(db: str, run: dict) -> None:
    c, r, a = run["cached"], run["revalidated"], run["after_change"]
    print(
        f"{db}, {run['clients']} clients: cached feed ({c['bytes']:,} bytes) {c['requests']} "
        f"requests, {c['requests_per_second']}/s, median {c['median_ms']} ms, p95 {c['p95_ms']} "
        f"ms, p99 {c['p99_ms']} ms, max {c['max_ms']} ms, errors {c['errors']}; server CPU "
        f"{c['cpu']['server_ms_per_request']} ms per request"
    )
    print(
        f"    304 with If-None-Match: median {r['median_ms']} ms, p95 {r['p95_ms']} ms, "
        f"errors {r['errors']}"
    )
    print(
        f"    after a change ({a['requests']} samples): median {a['median_ms']} ms, p95 "
        f"{a['p95_ms']} ms, max {a['max_ms']} ms, errors {a['errors']}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the town's ICS feed.")
    parser.add_argument("--db", choices=common.DATABASES, required=True)
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--repeating", type=int, default=DEFAULT_REPEATING)
    parser.add_argument("--drafts", type=int, default=DEFAULT_DRAFTS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--reuse", action="store_true", help="keep an earlier run's database")
    parser.add_argument("--clients", default="2,4", help="concurrent clients, e.g. 1,2,4")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per run")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--changes", type=int, default=20, help="builds after a change")
    parser.add_argument("--workers", type=int, help="server workers (default: as serve does)")
    args = parser.parse_args(argv)

    use_own_databases()
    common.django_setup(args.db)
    from django.db import connection

    from miteinander.core.management.commands.serve import recommended_workers

    args.workers = args.workers or recommended_workers()
    rng = random.Random(args.seed)  # noqa: S311 -- which event changes, not a secret
    if args.reuse:
        common.migrate()
        generation = None
    else:
        generation = prepare(
            db=args.db, events=args.events, repeating=args.repeating, drafts=args.drafts,
            seed=args.seed,
        ).as_dict()  # fmt: skip
    requests = build_requests()
    path = requests[0].path
    builds = in_process_builds(samples=args.changes, rng=rng)
    print(
        f"In process: {builds['events_in_feed']} events, {builds['bytes']:,} bytes; build with "
        f"an empty cache median {builds['empty_cache']['median_ms']} ms, after one change "
        f"median {builds['after_one_change']['median_ms']} ms "
        f"(max {builds['after_one_change']['max_ms']} ms), cached {builds['cached_ms']} ms"
    )
    connection.close()

    results = {
        "db": args.db,
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": common.git_commit(),
        "machine": common.machine(),
        "server": {
            "command": f"miteinander serve --workers {args.workers}",
            "workers": args.workers,
            "settings": "miteinander.settings.production",
            "cache": "default (local memory, one per worker)",
        },
        "generation": generation,
        "path": path,
        "in_process": builds,
        "runs": [],
    }
    for clients in [int(n) for n in args.clients.split(",")]:
        run = measure(
            db=args.db, path=path, requests=args.requests, warmup=args.warmup, clients=clients,
            workers=args.workers, changes=args.changes, rng=rng,
        )  # fmt: skip
        results["runs"].append(run)
        print_run(args.db, run)
        sys.stdout.flush()
    out = common.BENCH_DIR / f"results-events-{args.db}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"Results: {out}")


if __name__ == "__main__":
    main()
