"""How much room the backups take after many saves, at a province's sizes (not part of the test run).

    python tests/perf/backups.py --sizes 3000,10000 --saves 40

Each save is a real ``buildtrack progress set`` process (so the command's tidying-up runs as a user's
does); the figures are the database's size, all backups' size and the ratio of the two.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from demo_data import generate


def measure(projects: int, saves: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "portfolio.json"
        generate(database, projects)
        started = time.perf_counter()
        for number in range(saves):
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "buildtrack",
                    "--db",
                    str(database),
                    "--today",
                    "2026-11-23",
                    "progress",
                    "set",
                    "P-00001",
                    str(number % 100),
                    "--replace",
                ],
                check=True,
                capture_output=True,
            )
        per_save = (time.perf_counter() - started) / saves
        folder_of_backups = database.with_name(f"{database.name}.backups")
        sizes = [path.stat().st_size for path in folder_of_backups.iterdir()]
        db = database.stat().st_size
        print(
            f"{projects:>6} projects: database {db / 1e6:.1f} MB, {len(sizes)} backups {sum(sizes) / 1e6:.1f} MB "
            f"= {sum(sizes) / db:.2f}× the database; {per_save:.2f} s per save command (with its tidying)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="3000,10000")
    parser.add_argument("--saves", type=int, default=40)
    options = parser.parse_args()
    for size in options.sizes.split(","):
        measure(int(size), options.saves)


if __name__ == "__main__":
    main()
