"""Exports that open in a spreadsheet cannot run formulas; HTML escapes user text."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from buildtrack.cli import cli
from buildtrack.reports.render import spreadsheet_safe

HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"]


def test_text_starting_like_a_formula_gets_an_apostrophe_and_numbers_stay_numbers():
    assert [spreadsheet_safe(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    assert [spreadsheet_safe(text) for text in ("\tTab", "\rReturn")] == ["␉Tab", "␍Return"]  # shown, never run
    assert spreadsheet_safe("County hospital") == "County hospital"
    assert spreadsheet_safe(-13.4) == -13.4


def test_csv_reports_neutralise_every_hostile_project_field(tmp_path):
    path = tmp_path / "portfolio.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(path), "init", str(path)]).exit_code == 0
    for number, text in enumerate(HOSTILE, start=1):
        result = runner.invoke(
            cli,
            [
                "--db",
                str(path),
                "project",
                "add",
                "--code",
                f"P-00{number}",
                "--name",
                text,
                "--leader",
                text,
                "--location",
                text,
            ],
        )
        assert result.exit_code == 0, result.output
    for report in (["project", "list"], ["report", "progress"], ["report", "overdue"], ["report", "funding"]):
        output = runner.invoke(cli, ["--db", str(path), *report, "-f", "csv", "--section", "1"]).stdout
        for cell in (cell for row in csv.reader(io.StringIO(output)) for cell in row):
            assert (
                not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.lstrip("-").replace(".", "").isdigit()
            ), cell


def test_html_escapes_user_text(tmp_path):
    path = tmp_path / "portfolio.json"
    runner = CliRunner()
    runner.invoke(cli, ["--db", str(path), "init", str(path)])
    runner.invoke(
        cli, ["--db", str(path), "project", "add", "--name", "<img src=x onerror=alert(1)>", "--leader", "a&b"]
    )
    page = runner.invoke(cli, ["--db", str(path), "project", "list", "-f", "html"]).stdout
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page and "a&amp;b" in page
