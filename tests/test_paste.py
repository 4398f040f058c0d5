"""Figures pasted from a work report: read exactly, shown with what was left, saved only when confirmed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from cli_helpers import digest, rejected, run

from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.model import Settings
from buildtrack.domain.money import MoneyUnit
from buildtrack.domain.sentences import understand
from buildtrack.storage.file_store import open_store

SETTINGS = Settings(sources=DEFAULT_SOURCES)
TODAY = dt.date(2026, 11, 23)
REPORT = (
    "项目总投资1.5亿元，其中中央预算内资金6000万元、东西部协作资金500万元、地方政府专项债券8000万元。"
    "总建筑面积3.2万平方米，设置床位500张，地上十二层，地下一层。"
    "主体已封顶，二次结构完成100%，安装完成35%，工程形象进度完成62%，计划年底前竣工。"
)


def test_a_work_report_is_read_to_the_fen_and_what_is_left_is_kept():
    understood = understand(REPORT, SETTINGS, TODAY)
    assert understood.total_investment == 150_000_000_00
    assert understood.funding == (("central-budget", 60_000_000_00), ("special-bond", 80_000_000_00))
    assert understood.unknown_sources == (("东西部协作资金", 5_000_000_00),)
    assert (understood.floor_area_m2, understood.beds, understood.floors) == (32_000, 500, 12)
    assert understood.packages == (("二次结构", 100), ("安装", 35))
    assert understood.percent == 62 and understood.stage == "主体已封顶"
    assert understood.planned_finish == dt.date(2026, 12, 31)
    assert understood.left == ("地下一层",)
    assert understood.disagreements(MoneyUnit.WAN) == [
        "the sources add up to 14,500.00 万元, but the total investment is 15,000.00 万元"
    ]


@pytest.mark.parametrize(
    "text, field, value",
    [
        (
            "总投资1.2亿元，其中专项债券8500万元、财政配套3500万元",
            "funding",
            (("special-bond", 85_000_000_00), ("fiscal-matching", 35_000_000_00)),
        ),
        ("建筑面积3000平方米", "floor_area_m2", Decimal(3000)),
        ("床位500张", "beds", 500),
        ("二层框架结构", "floors", 2),
        ("单位自筹200万元", "funding", (("self-raised", 2_000_000_00),)),
        ("超长期特别国债1.2億元", "funding", (("ultra-long-bond", 120_000_000_00),)),
        ("计划2027年6月底开工", "planned_start", dt.date(2027, 6, 30)),
    ],
)
def test_each_kind_of_clause(text, field, value):
    assert getattr(understand(text, SETTINGS, TODAY), field) == value


def test_plans_are_not_reported_stages():
    understood = understand("计划2027年3月竣工", SETTINGS, TODAY)
    assert understood.stage == "" and understood.left == ("计划2027年3月竣工",)


def test_parse_shows_the_changes_and_saves_only_when_confirmed(tmp_path):
    db = tmp_path / "db.json"
    run(db, "check")
    before = digest(db)
    shown = run(db, "--lang", "en", "project", "parse", "--into", "P-003", REPORT, stdin="n\n", expect=1).output
    assert "Total investment: 100.00 万元 → 15,000.00 万元" in shown
    assert "东西部协作资金 500.00 万元" in shown and "地下一层" in shown and "14,500.00 万元" in shown
    assert digest(db) == before  # answered no: nothing written
    run(db, "project", "parse", "--into", "P-003", REPORT, "--yes")
    project = open_store(db).load().projects["P-003"]
    assert project.total_investment == 150_000_000_00 and (project.beds, project.floors) == (500, 12)
    assert {line.source: line.planned for line in project.funding}["special-bond"] == 80_000_000_00
    assert [(w.name, w.percent) for w in project.work_packages] == [("二次结构", 100), ("安装", 35)]
    assert project.progress[-1].percent == 62  # the reported figure, not the packages' mean (67.5)
    assert project.reported_stage == "主体已封顶"
    assert {m.stage for m in project.milestones if m.done_on == TODAY} >= {"foundation", "main-structure"}


def test_parse_can_create_a_project_and_refuses_text_with_no_figures(tmp_path):
    db = tmp_path / "db.json"
    run(db, "check")
    run(db, "project", "parse", "--new", "城关镇卫生院", "总投资500万元，床位30张", "--yes")
    created = next(p for p in open_store(db).load().projects.values() if p.name_zh == "城关镇卫生院")
    assert (created.total_investment, created.beds) == (5_000_000_00, 30)
    rejected(db, "--lang", "zh", "project", "parse", "--into", "P-003", "天气晴朗", match="没有")
