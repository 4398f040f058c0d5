"""The benchmarks' data: ``buildtrack demo generate --projects N --seed 7``, the same portfolio every time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def generate(database: Path, projects: int) -> None:
    """Write the demo portfolio of ``projects`` projects to ``database`` (a new file)."""
    command = ["demo", "generate", "--projects", str(projects), "--seed", "7", "-o", str(database)]
    subprocess.run([sys.executable, "-m", "buildtrack", *command], check=True, stdout=subprocess.DEVNULL)
