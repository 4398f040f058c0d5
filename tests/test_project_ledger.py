"""The project ledger (项目台账) printed for the director: every project once, numbered, its money by source."""

from __future__ import annotations

import datetime as dt
import json

from cli_helpers import run
from conftest import SETTINGS, line

from buildtrack.domain.model import Project
from buildtrack.reports.project_ledger import INLINE_SOURCES, project_ledger
from buildtrack.service import PortfolioService
from buildtrack.storage.file_store import memory_store

DAY = dt.date(2026, 11, 23)
WAN = 10_000_00


def test_every_project_numbered_with_totals_that_add_up(db):
    report = json.loads(run(db, "report", "ledger", "-f", "json").stdout)
    main = report["sections"][0]
    assert [row["number"] for row in main["rows"]] == list(range(1, 22))
    assert main["totals"]["total_investment"] == sum(row["total_investment"] or 0 for row in main["rows"])
    chinese = run(db, "--lang", "zh", "report", "ledger").stdout
    assert "项目台账" in chinese and "序号" in chinese and "形象进度" in chinese and "责任人" in chinese


def test_few_sources_get_columns_many_get_a_table_of_their_own():
    store = memory_store(SETTINGS)
    service = PortfolioService(store, "li", lambda: DAY)
    service.add_project(
        Project(
            code="P-001",
            name_zh="城关镇卫生院",
            total_investment=1_200 * WAN,
            scope="建筑面积3000平方米，床位50张",
            current_problems="用地未交付",
            funding=(
                line("special-bond", planned=800 * WAN, received=300 * WAN),
                line("fiscal-matching", planned=400 * WAN),
            ),
        )
    )
    few = project_ledger(store.load(), DAY)
    row = few.sections[0].rows[0]
    assert (row["special-bond:planned"], row["special-bond:received"], row["fiscal-matching:planned"]) == (
        800 * WAN,
        300 * WAN,
        400 * WAN,
    )
    assert row["scope"].startswith("建筑面积") and row["problems"] == "用地未交付"
    assert len(few.sections) == 1
    keys = [source.key for source in SETTINGS.sources][: INLINE_SOURCES + 1]
    service.update_project("P-001", funding=tuple(line(key, planned=WAN) for key in keys))
    many = project_ledger(store.load(), DAY)
    assert [column.key for column in many.sections[0].columns if column.kind.value == "money"] == [
        "total_investment",
        "planned",
        "received",
        "paid",
    ]
    assert len(many.sections[1].rows) == INLINE_SOURCES + 1  # one row per project and source
