"""The printable HTML really prints: headless Chromium renders the sample's weekly bulletin to PDF and PNG."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from click.testing import CliRunner

from buildtrack.cli import cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian package chromium; CI's .ci/run installs it)"
)


@pytest.fixture
def bulletin(tmp_path):
    db, page = tmp_path / "portfolio.json", tmp_path / "weekly.html"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "--today", "2026-11-23", "report", "weekly", "-f", "html", "-o", str(page)]
    )
    assert result.exit_code == 0, result.output
    return page


def chromium(tmp_path, *args: str) -> None:
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_the_weekly_bulletin_prints_to_an_a4_pdf(tmp_path, bulletin):
    pdf = tmp_path / "weekly.pdf"
    chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", bulletin.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert b"/MediaBox [0 0 841.9" in data or b"/MediaBox [0 0 842" in data  # A4 landscape


def test_the_weekly_bulletin_renders_to_a_png(tmp_path, bulletin):
    png = tmp_path / "weekly.png"
    chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,900", bulletin.as_uri())
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
