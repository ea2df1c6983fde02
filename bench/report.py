"""Print the figures of var/bench/results-*.json as the Markdown table in docs/benchmarks.md.

python -m bench.report
"""

import json

from .common import BENCH_DIR, DATABASES

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def main() -> None:
    print(
        "| database | clients | median | p95 | p99 | max | requests/s | errors "
        "| server CPU per request | machine busy |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for db in DATABASES:
        path = BENCH_DIR / f"results-{db}.json"
        if not path.exists():
            continue
        results = json.loads(path.read_text())
        for run in results["runs"]:
            o, cpu = run["overall"], run["overall"]["cpu"]
            print(
                f"| {NAMES[db]} | {run['clients']} | {o['median_ms']} ms | {o['p95_ms']} ms "
                f"| {o['p99_ms']} ms | {o['max_ms']} ms | {o['requests_per_second']} "
                f"| {o['errors']} | {cpu['server_ms_per_request']} ms "
                f"| {cpu['machine_busy_share']:.0%} |"
            )
    for db in DATABASES:
        path = BENCH_DIR / f"results-{db}.json"
        if path.exists():
            results = json.loads(path.read_text())
            print(
                f"\n{NAMES[db]}: {results['date']} (town time {results['town_time']}), "
                f"commit {results['commit']}, {results['server']['command']}"
            )


if __name__ == "__main__":
    main()
