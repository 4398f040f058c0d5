"""Hostile text: refused when typed, and shown harmlessly wherever it was already stored.

A name such as ``ESC ] 0 ; pwned BEL`` (retitles the terminal), ``ESC [ 2 J`` (clears it) or U+202E (reverses
a line) may reach the file by a hand edit or an old version. No output may carry such a character raw.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SETTINGS, line
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from buildtrack.cli import cli
from buildtrack.domain.model import Milestone, Project
from buildtrack.reports.changes import change_log_report
from buildtrack.reports.funding import funding_report
from buildtrack.reports.listing import project_list
from buildtrack.reports.overdue import overdue_report
from buildtrack.reports.progress import progress_report
from buildtrack.reports.render import FORMATS, render
from buildtrack.reports.sheet import project_sheet
from buildtrack.reports.spreadsheet import render_xlsx
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, memory_store

DAY = dt.date(2026, 11, 23)
ATTACKS = ["\x1b]0;pwned\x07", "\x1b[2J", "\u202eevil", "a\x00b", "\x9b31m", "x\x7fy", "\u200b\ufeff", "l\u2028m"]
HOSTILE = st.lists(
    st.sampled_from(ATTACKS) | st.characters(codec="utf-8") | st.sampled_from(["县医院", "P-001", "  ", "\n"]),
    min_size=1,
    max_size=6,
).map("".join)


def unsafe(text: str, allowed: str = "\n") -> list[str]:
    return [c for c in text if c not in allowed and unicodedata.category(c) in {"Cc", "Cf", "Cs", "Zl", "Zp"}]


def hostile_portfolio(text: str):
    store = memory_store(SETTINGS)
    project = Project(
        code="P-001",
        name=text,
        name_zh=text,
        leader=text,
        location=text,
        facility=text,
        notes=text,
        planned_start=dt.date(2026, 1, 1),
        planned_finish=dt.date(2026, 12, 31),
        milestones=(
            Milestone(id="m1", name=text, due=dt.date(2026, 6, 1), baseline_due=dt.date(2026, 6, 1), note=text),
        ),
        funding=(line("special-bond", planned=100, note=text),),
    )
    store.commit(Commit(puts=(project,)))  # as a hand edit would put it: the store keeps what it is given
    return store


def every_report(store):
    portfolio = store.load()
    project = portfolio.projects["P-001"]
    return [
        progress_report(portfolio, DAY, evm=True, charts=True),
        funding_report(portfolio, DAY, by_project=True),
        overdue_report(portfolio, DAY, group_by="leader"),
        project_list(portfolio, DAY),
        project_sheet(project, portfolio.settings, DAY),
        change_log_report(store.changes(), portfolio.settings, DAY),
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE)
def test_no_output_format_carries_a_control_or_format_character_raw(text):
    for report in every_report(hostile_portfolio(text)):
        for fmt in FORMATS:
            out = render(report, fmt)
            if fmt == "csv":
                out = out.replace("\r\n", "\n")  # CSV's own record separator, never inside a field
            assert not unsafe(out), (report.title, fmt, unsafe(out)[:3])
            if fmt == "json":
                json.loads(out)  # still valid JSON: the exact text, escaped as JSON escapes it
        workbook = load_workbook(io.BytesIO(render_xlsx(report)))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                assert not any(unsafe(value, "") for value in row if isinstance(value, str))


def test_json_keeps_the_exact_text(tmp_path):
    text = "\x1b]0;pwned\x07 中\u202e"
    out = render(project_list(hostile_portfolio(text).load(), DAY), "json")
    assert json.loads(out)["sections"][0]["rows"][0]["name"] == text


@pytest.fixture
def hand_edited(tmp_path, settings) -> Path:
    """A database whose project a hand edit gave a name that would retitle and clear the terminal."""
    path = tmp_path / "portfolio.json"
    create_store(path, settings).commit(
        Commit(puts=(Project(code="P-001", name="\x1b]0;pwned\x07\x1b[2J", leader="\u202e王"),))
    )
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["project", "list"],
        ["project", "show", "P-001"],
        ["log"],
        ["report", "progress"],
        ["report", "overdue"],
        ["export"],
    ],
)
def test_the_cli_never_writes_stored_escapes_to_the_terminal(hand_edited, command):
    result = CliRunner().invoke(cli, ["--db", str(hand_edited), "--today", "2026-11-23", *command])
    assert result.exit_code == 0, result.output
    assert not unsafe(result.stdout) and not unsafe(result.stderr)
    if command[0] == "project" or command == ["report", "progress"]:
        assert "␛]0;pwned␇␛[2J" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["project", "add", "--name", "\x1b]0;pwned\x07"],
        ["project", "edit", "P-001", "--leader", "王\u202e伟"],
        ["milestone", "add", "P-001", "Land\x1b[2J", "--due", "2026-12-01"],
        ["progress", "set", "P-001", "10", "--note", "ok\x07"],
    ],
)
def test_such_text_is_refused_when_typed_with_one_line_and_nothing_written(hand_edited, args):
    before = hand_edited.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(hand_edited), "--today", "2026-11-23", *args])
    assert result.exit_code in (1, 2)
    assert "control or format character" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not unsafe(result.stderr)
    assert hand_edited.read_bytes() == before


def test_a_workbook_export_survives_control_characters(hand_edited, tmp_path):
    target = tmp_path / "ledger.xlsx"
    result = CliRunner().invoke(cli, ["--db", str(hand_edited), "export", "-f", "xlsx", "-o", str(target)])
    assert result.exit_code == 0, result.output
    report = tmp_path / "report.xlsx"
    result = CliRunner().invoke(
        cli, ["--db", str(hand_edited), "--today", "2026-11-23", "report", "progress", "-f", "xlsx", "-o", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert load_workbook(target).worksheets[0]["B2"].value == "␛]0;pwned␇␛[2J"
