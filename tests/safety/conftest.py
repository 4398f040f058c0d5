"""The safety suites: short by default, full length with ``--full`` (or BUILDTRACK_FULL_SAFETY=1).

Each suite records its figures (kills survived, updates landed, fuzz cases …) and they are printed
at the end of the run.
"""

from __future__ import annotations

import os

import pytest

FIGURES: dict[str, str] = {}


@pytest.fixture(scope="session")
def full(request) -> bool:
    return request.config.getoption("--full") or os.environ.get("BUILDTRACK_FULL_SAFETY") == "1"


@pytest.fixture
def figures():
    return FIGURES


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("safety figures")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")
