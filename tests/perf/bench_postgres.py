"""PostgreSQL beside the file: 100 counties × 100 projects, reports, one save, and 16 concurrent county writers.

    python tests/perf/bench_postgres.py                    # a throwaway server, 10,000 projects, 60 s of writers
    python tests/perf/bench_postgres.py --projects 1000 --seconds 10 --url postgresql://…   # a quick look

The portfolio is ``demo generate --projects N --seed 7`` with project i in county i % 100 ("县00" … "县99"),
pushed to the server with its whole change log. Whole-process figures run a fresh ``python -m buildtrack`` with
``--db FILE`` and then ``--db URL``. The writers are 16 processes, each a different county's client, changing
its own projects (read, add a bed, commit with the revision read) as fast as it can, first on the server and
then on the file; every commit's latency is kept, and at the end the beds added must equal the commits that
landed: 0 lost updates. Figures, not assertions: see tests/perf/README.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from demo_data import generate  # noqa: E402
from pg_server import ThrowawayCluster  # noqa: E402

from buildtrack.domain.errors import ConflictError, StoreError  # noqa: E402
from buildtrack.domain.model import replace  # noqa: E402
from buildtrack.storage.base import Commit  # noqa: E402
from buildtrack.storage.changelog import encode_entry  # noqa: E402
from buildtrack.storage.documents import project_bytes  # noqa: E402
from buildtrack.storage.file_store import create_with_log, open_store  # noqa: E402
from buildtrack.storage.postgres import PostgresStore, init_schema, push  # noqa: E402

TODAY = "2026-11-23"


def _timed(args: list[str], runs: int) -> float:
    """Median seconds of a fresh process; a ``{n}`` in the arguments becomes the run's number (a save that
    changes something every time)."""
    times = []
    for run in range(runs):
        command = [arg.format(n=run) for arg in args]
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "buildtrack", "--today", TODAY, *command], check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _portfolio(folder: Path, projects: int) -> Path:
    """The demo portfolio with 100 counties, as a file (made once per size and kept in ``folder``)."""
    counties = folder / f"counties-{projects}.json"
    if counties.exists():
        return counties
    plain = folder / f"demo-{projects}.json"
    if not plain.exists():
        generate(plain, projects)
    store = open_store(plain)
    portfolio, entries = store.load(), store.change_log()[0]
    renamed = [replace(p, county=f"县{n % 100:02d}") for n, p in enumerate(portfolio.sorted_projects())]
    log = b"".join(encode_entry(entry) for entry in entries)
    create_with_log(counties, portfolio.settings, [project_bytes(p) for p in renamed], log, store.generation())
    return counties


def _opened(target: str):
    return PostgresStore(target) if target.startswith("postgresql://") else open_store(target)


def _writer(url: str, codes: list[str], seconds: float, results) -> None:
    store = _opened(url)
    latencies, landed, refused, busy, index = [], 0, 0, 0, 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        code = codes[index % len(codes)]
        index += 1
        start = time.perf_counter()
        project = store.project(code)
        try:
            store.commit(Commit(puts=(replace(project, beds=(project.beds or 0) + 1),)))
            landed += 1
        except ConflictError:
            refused += 1
        except StoreError:  # the file's lock was held longer than a save waits: "try again", nothing saved
            busy += 1
        latencies.append(time.perf_counter() - start)
    results.put((latencies, landed, refused, busy))


def _writers(url: str, count: int, seconds: float) -> dict[str, float]:
    store = _opened(url)
    by_county: dict[str, list[str]] = {}
    for project in store.load().sorted_projects():
        by_county.setdefault(project.county, []).append(project.code)
    before = sum(p.beds or 0 for p in store.load().projects.values())
    results: multiprocessing.Queue = multiprocessing.Queue()
    chosen = sorted(by_county)[:count]
    processes = [
        multiprocessing.Process(target=_writer, args=(url, by_county[county][:20], seconds, results))
        for county in chosen
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    for process in processes:
        process.join()
    latencies = sorted(latency for item in collected for latency in item[0])
    landed = sum(item[1] for item in collected)
    after = sum(p.beds or 0 for p in _opened(url).load().projects.values())
    return {
        "commits": landed,
        "refused": sum(item[2] for item in collected),
        "busy": sum(item[3] for item in collected),
        "per second": landed / seconds,
        "p50 ms": 1000 * latencies[len(latencies) // 2],
        "p99 ms": 1000 * latencies[int(len(latencies) * 0.99)],
        "lost": landed - (after - before),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--url", help="An empty database on your own server (default: a throwaway cluster).")
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "buildtrack-bench-pg")
    options = parser.parse_args()
    options.keep.mkdir(parents=True, exist_ok=True)
    cluster = None if options.url else ThrowawayCluster()
    url = options.url or cluster.url  # type: ignore[union-attr]
    try:
        file = _portfolio(options.keep, options.projects)
        init_schema(url, open_store(file).settings())
        store = open_store(file)
        portfolio = store.load()
        start = time.perf_counter()
        push(url, portfolio.settings, portfolio.sorted_projects(), store.change_log()[0], store.generation())
        print(f"push {options.projects} projects with their change log: {time.perf_counter() - start:.1f} s")
        for report in ("progress", "funding", "overdue"):
            on_file = _timed(["--db", str(file), "report", report], options.runs)
            on_server = _timed(["--db", url, "report", report], options.runs)
            print(f"report {report}: file {on_file:.2f} s, PostgreSQL {on_server:.2f} s")
        work = ["progress", "set", portfolio.sorted_projects()[0].code, "4{n}", "--replace"]
        on_file, on_server = (
            _timed(["--db", str(file), *work], options.runs),
            _timed(["--db", url, *work], options.runs),
        )
        print(f"progress set (process): file {on_file:.2f} s, PostgreSQL {on_server:.2f} s")
        for name, target in (("PostgreSQL", url), ("file", str(file))):  # the file: the same writers, for comparison
            figures = _writers(target, options.writers, options.seconds)
            shown = ", ".join(
                f"{key} {value:.1f}" if isinstance(value, float) else f"{key} {value}" for key, value in figures.items()
            )
            print(f"{options.writers} county writers for {options.seconds:.0f} s on the {name}: {shown}")
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
