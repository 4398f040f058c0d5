"""The ledger buildtrack writes: sheets whose headers the importer recognises, in English or Chinese."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from buildtrack.domain.funding import line_totals
from buildtrack.domain.model import Milestone, Portfolio
from buildtrack.domain.schedule import actual_percent, stage_under_way
from buildtrack.domain.stages import stage
from buildtrack.ledger import instruments
from buildtrack.ledger.sheets import INSTRUMENT_ROLES
from buildtrack.ledger.values import FACILITY_ZH, KIND_ZH


@dataclass(frozen=True)
class LedgerColumn:
    english: str
    chinese: str
    kind: str = "text"  # text, money (fen in, yuan out), date, number, percent


PROJECT_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Name", "英文名称"),
    LedgerColumn("Chinese name", "项目名称"),
    LedgerColumn("County", "县（市、区）"),
    LedgerColumn("Facility", "机构"),
    LedgerColumn("Facility type", "机构类型"),
    LedgerColumn("Kind", "建设性质"),
    LedgerColumn("Location", "建设地点"),
    LedgerColumn("Leader", "责任领导"),
    LedgerColumn("Implementing unit", "建设单位"),
    LedgerColumn("Scope and scale", "建设内容及规模"),
    LedgerColumn("Total investment (yuan)", "总投资（元）", "money"),
    LedgerColumn("Received (yuan)", "到位资金（元）", "money"),
    LedgerColumn("Paid (yuan)", "已支付（元）", "money"),
    LedgerColumn("Planned start", "计划开工", "date"),
    LedgerColumn("Planned finish", "计划竣工", "date"),
    LedgerColumn("Actual start", "实际开工", "date"),
    LedgerColumn("Actual finish", "实际竣工", "date"),
    LedgerColumn("Floor area (m²)", "建筑面积（㎡）", "number"),
    LedgerColumn("Beds", "床位", "number"),
    LedgerColumn("Floors", "层数", "number"),
    LedgerColumn("Current stage", "形象进度"),
    LedgerColumn("Stage reported on", "形象进度日期", "date"),
    LedgerColumn("Percent complete (%)", "完成比例（%）", "percent"),
    LedgerColumn("Current problems", "存在问题"),
    LedgerColumn("Notes", "备注"),
)
FUNDING_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Source", "资金来源"),
    LedgerColumn("Planned (yuan)", "计划金额（元）", "money"),
    LedgerColumn("Received (yuan)", "到位资金（元）", "money"),
    LedgerColumn("Paid (yuan)", "已支付（元）", "money"),
    LedgerColumn("Note", "备注"),
)
MILESTONE_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Milestone", "节点名称"),
    LedgerColumn("Stage", "阶段"),
    LedgerColumn("Due", "计划完成时间", "date"),
    LedgerColumn("Baseline due", "原计划时间", "date"),
    LedgerColumn("Done", "实际完成时间", "date"),
    LedgerColumn("Note", "备注"),
)
PROGRESS_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Date", "日期", "date"),
    LedgerColumn("Percent complete (%)", "完成比例（%）", "percent"),
    LedgerColumn("Note", "备注"),
)
MONEY_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Source", "资金来源"),
    LedgerColumn("Received or paid", "类型"),
    LedgerColumn("Date", "日期", "date"),
    LedgerColumn("Amount (yuan)", "金额（元）", "money"),
    LedgerColumn("Document number", "文号"),
    LedgerColumn("Note", "备注"),
    LedgerColumn("Reason", "理由"),
)
PROBLEM_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Problem", "问题描述"),
    LedgerColumn("Unit responsible", "责任单位"),
    LedgerColumn("Person responsible", "问题责任人"),
    LedgerColumn("Raised on", "提出日期", "date"),
    LedgerColumn("Deadline", "整改时限", "date"),
    LedgerColumn("Meeting", "调度会日期", "date"),
    LedgerColumn("Closed on", "销号日期", "date"),
    LedgerColumn("Resolution", "解决情况"),
)
APPROVAL_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Approval", "手续名称"),
    LedgerColumn("Document number", "文号"),
    LedgerColumn("Issued on", "批复日期", "date"),
    LedgerColumn("Valid until", "有效期至", "date"),
    LedgerColumn("Not needed", "无需办理"),
    LedgerColumn("Note", "备注"),
)
PLAN_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Year", "年度", "number"),
    LedgerColumn("Annual plan (yuan)", "年度计划投资（元）", "money"),
    LedgerColumn("Note", "备注"),
)
WORK_DONE_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Month", "月份"),
    LedgerColumn("Work done (yuan)", "完成投资额（元）", "money"),
    LedgerColumn("Note", "备注"),
)
PACKAGE_COLUMNS = (
    LedgerColumn("Code", "项目编号"),
    LedgerColumn("Work package", "分项工程"),
    LedgerColumn("Weight", "权重", "number"),
    LedgerColumn("Percent complete (%)", "完成比例（%）", "percent"),
)
SOURCE_COLUMNS = (
    LedgerColumn("Key", "来源代码"),
    LedgerColumn("Name", "英文名称"),
    LedgerColumn("Chinese name", "中文名称"),
    LedgerColumn("Category", "类别"),
)
INSTRUMENT_COLUMNS = {
    "money": MONEY_COLUMNS,
    "problems": PROBLEM_COLUMNS,
    "approvals": APPROVAL_COLUMNS,
    "plans": PLAN_COLUMNS,
    "work_done": WORK_DONE_COLUMNS,
    "packages": PACKAGE_COLUMNS,
}
SHEET_NAMES = {
    "projects": ("Projects", "项目"),
    "funding": ("Funding", "资金"),
    "milestones": ("Milestones", "里程碑"),
    "progress": ("Progress", "进度"),
    "money": ("Money", "资金拨付"),
    "problems": ("Problems", "问题清单"),
    "approvals": ("Approvals", "前期手续"),
    "plans": ("Annual plans", "年度计划"),
    "work_done": ("Work done", "投资完成"),
    "packages": ("Work packages", "分项工程"),
    "sources": ("Funding sources", "资金来源目录"),
}


@dataclass(frozen=True)
class LedgerSheet:
    role: str
    name: str
    columns: tuple[LedgerColumn, ...]
    rows: list[list[Any]]

    def headers(self, chinese: bool) -> list[str]:
        return [column.chinese if chinese else column.english for column in self.columns]


def _yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else Decimal(fen) / 100


def ledger_sheets(portfolio: Portfolio, as_of: dt.date, chinese: bool = False) -> list[LedgerSheet]:
    """The portfolio as sheets of typed cells (money in yuan as Decimal, dates as dates): projects, funding,
    milestones, progress and the instruments."""
    kind = (lambda k: KIND_ZH[k]) if chinese else (lambda k: k.value)
    facility = (lambda f: FACILITY_ZH.get(f, f)) if chinese else (lambda f: f)
    source_name = _source_namer(portfolio, chinese)
    projects, funding, milestones, progress = [], [], [], []
    kinds = {kind.key: kind for kind in portfolio.settings.approval_kinds}
    name_of = lambda key: (kinds[key].name_zh or kinds[key].name) if key in kinds else key  # noqa: E731
    others: dict[str, list] = {role: [] for role in INSTRUMENT_ROLES}
    for p in portfolio.sorted_projects():
        for role, rows in instruments.instrument_rows(p, chinese, name_of, source_name).items():
            others[role] += rows
        totals = line_totals(p.funding)
        under_way = stage_under_way(p, as_of)
        stage_text = p.reported_stage or (
            "" if under_way is None else (stage(under_way).name_zh if chinese else stage(under_way).name)
        )
        projects.append(
            [
                p.code,
                p.name,
                p.name_zh,
                p.county,
                p.facility,
                facility(p.facility_type),
                kind(p.kind),
                p.location,
                p.leader,
                p.implementing_unit,
                p.scope,
                _yuan(p.total_investment),
                _yuan(totals.received),
                _yuan(totals.paid),
                p.planned_start,
                p.planned_finish,
                p.actual_start,
                p.actual_finish,
                p.floor_area_m2,
                p.beds,
                p.floors,
                stage_text,
                p.reported_stage_on if p.reported_stage else None,
                actual_percent(p, as_of),
                p.current_problems,
                p.notes,
            ]
        )
        funding += [
            [p.code, source_name(f.source), _yuan(f.planned), _yuan(f.received), _yuan(f.paid), f.note]
            for f in p.funding
        ]
        milestones += [
            [p.code, *_milestone_words(m, chinese), m.due, m.baseline_due, m.done_on, m.note] for m in p.milestones
        ]
        progress += [[p.code, e.on, e.percent, e.note] for e in p.progress]
    pick = 1 if chinese else 0
    sheets = [
        LedgerSheet("projects", SHEET_NAMES["projects"][pick], PROJECT_COLUMNS, projects),
        LedgerSheet("funding", SHEET_NAMES["funding"][pick], FUNDING_COLUMNS, funding),
        LedgerSheet("milestones", SHEET_NAMES["milestones"][pick], MILESTONE_COLUMNS, milestones),
        LedgerSheet("progress", SHEET_NAMES["progress"][pick], PROGRESS_COLUMNS, progress),
        *(
            LedgerSheet(role, SHEET_NAMES[role][pick], INSTRUMENT_COLUMNS[role], others[role])
            for role in INSTRUMENT_ROLES
        ),
        LedgerSheet(
            "sources",
            SHEET_NAMES["sources"][pick],
            SOURCE_COLUMNS,
            [[s.key, s.name, s.name_zh, s.category.value] for s in portfolio.settings.sources],
        ),
    ]
    return [_as_office_writes(sheet) for sheet in sheets] if chinese else sheets


def _source_namer(portfolio: Portfolio, chinese: bool) -> Callable[[str], str]:
    """A source as the ledger names it: its Chinese name in a Chinese ledger (read back by name), else its key."""
    if not chinese:
        return lambda key: key
    names = {source.key: source.display_name(chinese=True) for source in portfolio.settings.sources}
    return lambda key: names.get(key, key)


def _milestone_words(milestone: Milestone, chinese: bool) -> tuple[str, str]:
    """A milestone's name and stage; a standard stage's English name is written in Chinese in a Chinese ledger
    (the importer matches it back to the same milestone)."""
    if not (chinese and milestone.stage):
        return milestone.name, milestone.stage or ""
    standard = stage(milestone.stage)
    return (standard.name_zh if milestone.name == standard.name else milestone.name), standard.name_zh


def _as_office_writes(sheet: LedgerSheet) -> LedgerSheet:
    """A Chinese ledger's sheet: money in 万元 (headed so), and no 英文名称 column when no project has one."""
    keep = [
        i for i, column in enumerate(sheet.columns) if column.english != "Name" or any(row[i] for row in sheet.rows)
    ]
    columns = [
        dataclasses.replace(column, chinese=column.chinese.replace("（元）", "（万元）"))
        if column.kind == "money"
        else column
        for column in sheet.columns
    ]
    rows = [
        [row[i] / 10_000 if columns[i].kind == "money" and row[i] is not None else row[i] for i in keep]
        for row in sheet.rows
    ]
    return dataclasses.replace(sheet, columns=tuple(columns[i] for i in keep), rows=rows)
