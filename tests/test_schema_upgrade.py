"""Schema v1 → v2: a file with years of history keeps its history, its money by date, and one id per item."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from buildtrack.cli import cli
from buildtrack.domain.model import MoneyKind
from buildtrack.reports.monthly import monthly_review
from buildtrack.reports.weekly import weekly_bulletin
from buildtrack.service import PortfolioService
from buildtrack.storage import migrations
from buildtrack.storage.file_store import open_store
from buildtrack.storage.schema_v2 import LOWERED

HISTORY = Path(__file__).resolve().parent / "fixtures" / "history-v1"
D = dt.date
WAN = 1_000_000


@pytest.fixture
def upgraded(tmp_path):
    """The v1 fixture built by buildtrack 0.1 (the story of tests/test_periodic_reports.py and more), opened now."""
    for item in HISTORY.iterdir():
        shutil.copy(item, tmp_path / item.name)
    return tmp_path / "portfolio.json"


def service(path: Path) -> PortfolioService:
    return PortfolioService(open_store(path), "ana", lambda: D(2024, 7, 10))


def test_running_totals_become_entries_dated_when_the_log_saw_them_move(upgraded):
    project = service(upgraded).portfolio().projects["P-001"]
    bond, matching = project.funding
    assert [(e.kind, e.on, e.amount) for e in bond.entries] == [
        (MoneyKind.RECEIVED, D(2024, 5, 20), 200 * WAN),
        (MoneyKind.RECEIVED, D(2024, 6, 3), 300 * WAN),
        (MoneyKind.PAID, D(2024, 6, 3), 100 * WAN),
        (MoneyKind.PAID, D(2024, 6, 28), 200 * WAN),
    ]
    assert (bond.received, bond.paid, bond.planned) == (500 * WAN, 300 * WAN, 800 * WAN)  # today's totals
    lowered = matching.entries[-1]
    assert (matching.received, lowered.amount, lowered.reason) == (30 * WAN, -20 * WAN, LOWERED)


def test_an_item_keeps_one_id_through_the_whole_history(upgraded):
    store = open_store(upgraded)
    now = store.load().projects["P-001"]
    ids = {milestone.name: milestone.id for milestone in now.milestones}
    assert len(set(ids.values())) == 4
    early = store.portfolio_as_of(D(2024, 5, 10)).projects["P-001"]  # before Survey was inserted at the top
    assert {m.name: m.id for m in early.milestones} == {
        "Land": ids["Land"],
        "Design": ids["Design"],
        "Tender": ids["Tendering"],
    }
    assert ids["Survey"] not in {m.id for m in early.milestones}


def test_reports_read_the_same_history_after_the_upgrade(upgraded):
    history = service(upgraded)
    week = weekly_bulletin(history.period(D(2024, 6, 1), D(2024, 6, 7)))
    moved = next(section for section in week.sections if section.title == "Money received and paid").rows
    assert [(row["code"], row["source"], row["received"], row["paid"]) for row in moved] == [
        ("P-001", "special-bond", 300 * WAN, 100 * WAN)
    ]
    june = monthly_review(history.period(D(2024, 6, 1), D(2024, 6, 30))).sections[0].rows[0]
    assert (june["received"], june["paid"], june["done_names"]) == (350 * WAN, 300 * WAN, "Land")
    then = history.portfolio_as_of(D(2024, 6, 1)).projects["P-001"]
    assert (then.funding[0].received, len(then.funding)) == (200 * WAN, 1)
    assert "P-003" not in history.portfolio().projects  # removed on 3 July, and still known before
    assert "P-003" in history.portfolio_as_of(D(2024, 7, 2)).projects


def test_undo_works_on_an_upgraded_change(upgraded):
    history = service(upgraded)
    assert [record.project for record in history.undo_last()] == ["P-003"]
    assert history.portfolio().projects["P-003"].name == "Removed later"


def test_the_old_file_and_log_are_kept_and_a_second_open_changes_nothing(upgraded):
    before = upgraded.read_bytes(), upgraded.with_name("portfolio.changes.jsonl").read_bytes()
    open_store(upgraded).load()
    assert upgraded.with_name("portfolio.json.v1.bak").read_bytes() == before[0]
    assert upgraded.with_name("portfolio.changes.jsonl.v1.bak").read_bytes() == before[1]
    assert orjson.loads(upgraded.read_bytes())["settings"]["1"]["schema_version"] == migrations.SCHEMA_VERSION
    after = upgraded.read_bytes()
    open_store(upgraded).load()
    assert upgraded.read_bytes() == after


def test_a_crash_between_the_new_log_and_the_new_file_upgrades_again_to_the_same_result(upgraded, tmp_path):
    clean = tmp_path / "clean"
    clean.mkdir()
    for item in HISTORY.iterdir():
        shutil.copy(item, clean / item.name)
    expected = open_store(clean / "portfolio.json").load()
    old_file = upgraded.read_bytes()
    open_store(upgraded).load()
    upgraded.write_bytes(old_file)  # as if the process died after rewriting the log, before replacing the file
    assert open_store(upgraded).load() == expected


def test_the_upgraded_file_checks_clean(upgraded):
    result = CliRunner().invoke(cli, ["--db", str(upgraded), "--today", "2024-07-10", "check"])
    assert result.exit_code == 0, result.output
