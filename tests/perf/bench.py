"""buildtrack benchmarks: ``python tests/perf/bench.py [--sizes 100,1000,10000] [--runs 3] [--keep DIR]``.

Prints one table per size: the median of several runs, whole process (a fresh ``buildtrack`` each
time, as a user runs it) and in-process, with peak memory, beside the floor — Python start plus
reading and parsing the same file with orjson, and writing + fsync of the same bytes.
Not part of the test run: timings belong in a table, not in assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from demo_data import generate

TODAY = "2026-11-23"


# Runs the command from a small interpreter and reports its time and peak memory. Linux carries a
# process's peak resident set across fork and exec, so a child forked straight from this benchmark
# (which holds a loaded portfolio by then) would report at least our own size instead of its own.
_MEASURE = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_process(args: list[str]) -> tuple[float, int]:
    """Seconds and peak resident memory (KB) of one run of ``args``, measured from a small parent."""
    report = subprocess.run([sys.executable, "-c", _MEASURE, *args], capture_output=True, text=True, check=True)
    seconds, memory, code = report.stdout.split()
    if code != "0":
        raise SystemExit(f"benchmark command failed: {' '.join(args)}")
    return float(seconds), int(memory)


def median_process(args: list[str], runs: int) -> tuple[float, int]:
    results = [run_process(args) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def median_call(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def floor_writer(path: Path):
    """Writing and fsyncing the file's bytes once, as any tool that saves this file must."""
    data = path.read_bytes()
    target = path.with_name("floor-write.tmp")

    def write() -> None:
        with open(target, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    return write, target


async def tui_figures(path: Path, interact: bool = True) -> dict[str, float]:
    """First paint, the table filled, a filter keystroke and opening a project, timed inside one running app."""
    import datetime as dt

    from textual.widgets import Input

    from buildtrack.service import PortfolioService
    from buildtrack.storage.file_store import open_store
    from buildtrack.tui.app import BuildtrackApp
    from buildtrack.tui.widgets.virtual_table import VirtualTable
    from buildtrack.tui.workspace import Workspace

    painted: list[tuple[float, bool]] = []  # when the table rendered a line, and whether it had projects
    render_line = VirtualTable.render_line

    def recording(table, y):
        strip = render_line(table, y)
        painted.append((time.perf_counter(), bool(table.rows)))
        return strip

    VirtualTable.render_line = recording
    try:
        started = time.perf_counter()
        service = PortfolioService(open_store(path), "bench", lambda: dt.date.fromisoformat(TODAY))
        app = BuildtrackApp(
            Workspace(service, dt.date.fromisoformat(TODAY)), poll_seconds=None
        )  # as ``buildtrack`` does
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            figures = {"TUI start → first painted screen": _end_of_first_frame(painted) - started}
            if not interact:
                return figures
            while not painted[-1][1]:  # the worker has not filled the table yet
                await pilot.pause(0.01)
            figures["TUI start → every project on the table"] = next(t for t, full in painted if full) - started
            box = app.screen.query_one("#filter", Input)
            keystrokes = []
            for text in ("县", "县中", "仁里", ""):
                begun = time.perf_counter()
                box.value = text
                await pilot.pause()
                keystrokes.append(painted[-1][0] - begun)  # until the last line of the repaint
            figures["filter keystroke → repaint"] = statistics.median(keystrokes)
            await _open_project(app, pilot, figures)
            await _save_in_ui(app, pilot, figures)
            await _overdue_and_as_of(app, pilot, figures)
    finally:
        VirtualTable.render_line = render_line
    return figures


def _end_of_first_frame(painted: list[tuple[float, bool]]) -> float:
    """The first frame's lines are rendered in one pass; the next frame comes after a pause."""
    end = painted[0][0]
    for moment, _ in painted[1:]:
        if moment - end > 0.005:
            break
        end = moment
    return end


async def _open_project(app, pilot, figures: dict[str, float]) -> None:
    from buildtrack.tui.screens.project import ProjectScreen
    from buildtrack.tui.widgets.virtual_table import VirtualTable

    app.screen.query_one(VirtualTable).focus()
    begun = time.perf_counter()
    await pilot.press("enter")
    while not isinstance(app.screen, ProjectScreen):
        await pilot.pause()
    await pilot.pause()
    figures["open a project (until the UI is idle again)"] = time.perf_counter() - begun


async def _save_in_ui(app, pilot, figures: dict[str, float]) -> None:
    """One edit saved from the project screen until both screens have repainted: the save, then only the
    saved project read back and graded again."""
    code, service = app.screen.code, app.workspace.service
    times = []
    for leader in ("基准甲", "基准乙", "基准丙"):
        begun = time.perf_counter()
        app.attempt(lambda _confirmed, leader=leader: service.update_project(code, leader=leader), "saved")
        await pilot.pause()
        times.append(time.perf_counter() - begun)
    figures["save in the UI → repainted"] = statistics.median(times)


async def _overdue_and_as_of(app, pilot, figures: dict[str, float]) -> None:
    """The overdue review opened from the portfolio, then a past as-of date worked out (in a worker) and shown."""
    import datetime as dt

    from buildtrack.tui.screens.portfolio import PortfolioScreen
    from buildtrack.tui.screens.reports import OverdueScreen

    await pilot.press("escape")
    while not isinstance(app.screen, PortfolioScreen):
        await pilot.pause()
    begun = time.perf_counter()
    await pilot.press("o")
    while not isinstance(app.screen, OverdueScreen):
        await pilot.pause()
    await pilot.pause()
    figures["open the overdue review (until idle)"] = time.perf_counter() - begun
    await pilot.press("escape")
    day = dt.date(2025, 6, 30)
    begun = time.perf_counter()
    app.set_as_of(day)
    while app.workspace.as_of != day:
        await pilot.pause(0.01)
    figures["as-of 2025-06-30 in the UI, until shown"] = time.perf_counter() - begun


def _current_layout(database: Path) -> bool:
    """A kept file is reused only in today's file layout: an older one would time the fallback reader."""
    from buildtrack.storage.database_file import DatabaseFile

    return database.exists() and DatabaseFile(database).read_head() is not None


def _remove_database(database: Path) -> None:
    for path in (
        database,
        database.with_name(f"{database.stem}.changes.jsonl"),
        database.with_name(f"{database.name}.lock"),
    ):
        path.unlink(missing_ok=True)
    shutil.rmtree(database.with_name(f"{database.name}.backups"), ignore_errors=True)


def in_process(database: Path, runs: int) -> tuple[float, float, float]:
    """Opening the database, then the floor write and a save of one milestone change taken in turns.

    Run as a fresh process of its own (``--in-process``), so the benchmark's heap does not weigh on
    the figures; the floor and the save alternate, so both meet the same state of the disk.
    """
    import datetime as dt

    from buildtrack.service import PortfolioService
    from buildtrack.storage.file_store import open_store

    opening = median_call(lambda: open_store(database).load(), runs)
    service = PortfolioService(open_store(database), "bench", lambda: dt.date.fromisoformat(TODAY))

    def flip_milestone() -> None:  # done ↔ not done, whichever state an earlier run left it in
        done = service.project("P-00001").milestones[19].done_on is not None
        (service.undo_done if done else service.mark_done)("P-00001", "20")

    write, target = floor_writer(database)
    writes, saves = [], []
    try:
        for _ in range(runs * 2):
            writes.append(median_call(write, 1))
            saves.append(median_call(flip_milestone, 1))
    finally:
        target.unlink(missing_ok=True)
    return opening, statistics.median(writes), statistics.median(saves)


def bench_size(size: int, folder: Path, runs: int) -> list[tuple[str, str, str]]:
    database = folder / f"bench-{size}.json"
    if not _current_layout(database):
        _remove_database(database)
        generate(database, size)
    cli = [sys.executable, "-m", "buildtrack", "--db", str(database), "--today", TODAY]
    rows = []

    floor, floor_memory = median_process(
        [sys.executable, "-c", f"import orjson; orjson.loads(open({str(database)!r}, 'rb').read())"], runs
    )
    rows.append(
        ("floor: Python start + read + orjson parse (process)", f"{floor:.3f} s", f"{floor_memory / 1024:.0f} MB")
    )

    report = subprocess.run(
        [sys.executable, __file__, "--in-process", str(database), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
    )
    opening, writing, saving = (float(figure) for figure in report.stdout.split())
    rows.append(("floor: write + fsync the same bytes", f"{writing:.3f} s", ""))
    rows.append(("open the database (in-process)", f"{opening:.3f} s", ""))
    for name in ("progress", "funding", "overdue"):
        seconds, memory = median_process(cli + ["report", name], runs)
        rows.append((f"report {name} (process)", f"{seconds:.3f} s", f"{memory / 1024:.0f} MB"))
    seconds, memory = median_process(cli + ["report", "progress", "--as-of", "2025-06-30"], runs)
    rows.append(("report progress --as-of 2025-06-30 (process)", f"{seconds:.3f} s", f"{memory / 1024:.0f} MB"))

    rows.append(("save one milestone change (in-process)", f"{saving:.3f} s", ""))
    percent = str(int(time.time() * 1000) % 97 + 1)  # a new value each run, so the save is never "nothing to change"
    seconds, memory = median_process(cli + ["progress", "set", "P-00002", percent, "--on", TODAY, "--replace"], 1)
    rows.append(("save one change: buildtrack progress set (process)", f"{seconds:.3f} s", f"{memory / 1024:.0f} MB"))

    empty = folder / "empty.json"
    if not empty.exists():
        from buildtrack.domain.model import Settings
        from buildtrack.storage.file_store import create_store

        create_store(empty, Settings())
    painted = statistics.median(
        asyncio.run(tui_figures(empty, interact=False))["TUI start → first painted screen"] for _ in range(runs)
    )
    rows.append(("TUI start → first painted screen, empty portfolio", f"{painted:.3f} s", ""))
    for name, value in asyncio.run(tui_figures(database)).items():
        rows.append((name, f"{value:.3f} s", ""))
    size_mb = database.stat().st_size / 1e6
    log_mb = database.with_name(f"{database.stem}.changes.jsonl").stat().st_size / 1e6
    rows.append(("database file / change log", f"{size_mb:.1f} MB", f"{log_mb:.1f} MB log"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Keep the generated databases in this folder (reused next time).")
    parser.add_argument("--in-process", type=Path, help=argparse.SUPPRESS)  # the benchmark runs itself with it
    options = parser.parse_args()
    if options.in_process:
        print(*in_process(options.in_process, options.runs))
        return
    folder = options.keep or Path(tempfile.mkdtemp(prefix="buildtrack-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        for size in (int(part) for part in options.sizes.split(",")):
            print(f"\n## {size:,} projects (median of {options.runs} runs)\n")
            print(f"| {'measure':<52} | {'time':>9} | {'peak memory':>12} |\n|{'-' * 54}|{'-' * 11}|{'-' * 14}|")
            for name, seconds, memory in bench_size(size, folder, options.runs):
                print(f"| {name:<52} | {seconds:>9} | {memory:>12} |", flush=True)
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
