"""A deterministic synthetic portfolio for benchmarks: ``buildtrack demo generate --projects N --seed S -o FILE``.

Each project gets the 14 standard milestones plus 6 common extra ones (20), 2–5 funding lines, 12–36 monthly
progress reports and the change-log history that produced them (creation, each milestone done, each report,
each receipt), so reports "as of" earlier dates and the bulletin have real history to read. About 15 % of
milestones are overdue as of the fixed date. The same seed always gives the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

from buildtrack.domain.catalogue import DEFAULT_SOURCES, DEMO_SOURCES
from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import FieldChange
from buildtrack.domain.instruments import STANDARD_APPROVALS, AnnualPlan, Approval, Completion, Problem
from buildtrack.domain.model import (
    FACILITY_TYPES,
    FundingLine,
    Kind,
    Milestone,
    MoneyEntry,
    MoneyKind,
    ProgressEntry,
    Project,
    Settings,
    replace,
)
from buildtrack.domain.stages import STANDARD_STAGES
from buildtrack.storage.file_store import create_from_history

AS_OF = dt.date(2026, 11, 23)
TOWNS = [
    ("仁里镇", "Renli"),
    ("南强镇", "Nanqiang"),
    ("桂花镇", "Guihua"),
    ("新桥镇", "Xinqiao"),
    ("河沙镇", "Hesha"),
    ("保升乡", "Baosheng"),
    ("复桥镇", "Fuqiao"),
    ("花园乡", "Huayuan"),
    ("福全镇", "Fuquan"),
    ("华舍街道", "Huashe"),
    ("西宁乡", "Xining"),
    ("老池乡", "Laochi"),
    ("东山村", "Dongshan"),
    ("余建村", "Yujian"),
    ("黄莲沱村", "Huangliantuo"),
    ("城关镇", "Chengguan"),
    ("青山乡", "Qingshan"),
    ("白马镇", "Baima"),
    ("柳河乡", "Liuhe"),
    ("石门镇", "Shimen"),
]
FACILITIES = [
    ("卫生院", "Health Centre", "township health centre"),
    ("中心卫生院", "Central Health Centre", "township health centre"),
    ("人民医院", "People's Hospital", "general hospital"),
    ("中医院", "TCM Hospital", "TCM hospital"),
    ("妇幼保健院", "MCH Hospital", "MCH hospital"),
    ("疾控中心实验室", "CDC laboratory", "CDC"),
    ("村卫生室", "Village Clinic", "village clinic"),
    ("社区卫生服务中心", "Community Health Centre", "community health centre"),
]
WORKS = [
    ("新建工程", "new build", Kind.NEW_BUILD),
    ("扩建工程", "expansion", Kind.EXPANSION),
    ("迁建工程", "relocation", Kind.RELOCATION),
    ("改造工程", "renovation", Kind.RENOVATION),
]
LEADERS = ["王建国", "李红梅", "张志强", "刘洋", "陈志远", "赵敏", "孙伟", "周静", "吴刚", "郑丽"]
EXTRA_MILESTONES = [
    "Fire inspection 消防验收",
    "Lifts delivered 电梯进场",
    "Equipment tender 设备招标",
    "Information system 信息化",
    "Landscaping 绿化",
    "Trial operation 试运行",
]
assert set(f[2] for f in FACILITIES) <= set(FACILITY_TYPES)


def _milestones(rng: random.Random, start: dt.date, finish: dt.date) -> list[Milestone]:
    span = (finish - start).days
    items: list[tuple[int, str, str | None]] = [
        (round(span * i / 13), stage.name, stage.key) for i, stage in enumerate(STANDARD_STAGES)
    ]
    items += [(rng.randint(span // 3, span), name, None) for name in EXTRA_MILESTONES]
    result = []
    for number, (offset, name, key) in enumerate(sorted(items), start=1):
        due = start + dt.timedelta(days=offset)
        result.append(Milestone(id=f"m{number}", name=name, due=due, baseline_due=due, stage=key))
    return result


def _project(rng: random.Random, number: int) -> Project:
    town_zh, town_en = rng.choice(TOWNS)
    facility_zh, facility_en, facility_type = rng.choice(FACILITIES)
    works_zh, works_en, kind = rng.choice(WORKS)
    start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(0, 1700))
    finish = start + dt.timedelta(days=rng.randint(365, 1460))
    total = int(10 ** rng.uniform(5.7, 9.2)) * 100  # 50万 to about 15亿, in fen
    return Project(
        code=f"P-{number:05d}",
        name=f"{town_en} {facility_en} {works_en}",
        name_zh=f"{town_zh}{facility_zh}{works_zh}",
        facility=f"{town_en} {facility_en}",
        facility_type=facility_type,
        kind=kind,
        location=town_zh,
        leader=rng.choice(LEADERS),
        implementing_unit="County Health Bureau",
        total_investment=total,
        planned_start=start,
        planned_finish=finish,
        notes="synthetic benchmark project",
        milestones=tuple(_milestones(rng, start, finish)),
    )


_CREATED, _DONE, _REPORTED, _RECEIVED = range(4)


def _story(rng: random.Random, project: Project) -> list[tuple[ChangeRecord, Project]]:
    """The project's states, oldest first, each with the record of the change that made it."""
    assert project.planned_start is not None  # every generated project has one
    created = dt.datetime.combine(project.planned_start - dt.timedelta(days=60), dt.time(9, 0))
    total = project.total_investment or 0
    sources = rng.sample([s.key for s in DEMO_SOURCES], rng.randint(2, 5))
    shares = [rng.randint(20, 120) for _ in sources]
    lines = [
        FundingLine(id=f"f{number}", source=key, planned=total * share // sum(shares) // 100 * 100)
        for number, (key, share) in enumerate(zip(sources, shares, strict=True), start=1)
    ]
    events: list[tuple[dt.datetime, int, Any, tuple[FieldChange, ...]]] = []
    for index, milestone in enumerate(project.milestones):
        if milestone.due < AS_OF and rng.random() < 0.8:
            done = min(milestone.due + dt.timedelta(days=rng.randint(-10, 25)), AS_OF)
            change = FieldChange(f"milestones[{milestone.name}].done_on", "", done.isoformat())
            events.append((dt.datetime.combine(done, dt.time(10, 0)), _DONE, (index, done), (change,)))
    percent = Decimal(0)
    assert project.planned_start is not None
    for month in range(rng.randint(12, 36)):
        day = project.planned_start + dt.timedelta(days=30 * (month + 1))
        if day > AS_OF:
            break
        percent = min(Decimal(100), percent + Decimal(rng.randint(0, 60)) / 10)
        change = FieldChange(f"progress[{day.isoformat()}].percent", "", f"{percent.normalize():f}")
        entry = ProgressEntry(id=f"r{month + 1}", on=day, percent=percent)
        events.append((dt.datetime.combine(day, dt.time(11, 0)), _REPORTED, entry, (change,)))
    for index, line in enumerate(lines):
        received = line.planned * rng.randint(30, 100) // 100 // 100 * 100
        paid = received * rng.randint(40, 95) // 100 // 100 * 100
        day = project.planned_start + dt.timedelta(days=rng.randint(30, 400))
        if day <= AS_OF:
            change = FieldChange(f"funding[{line.source}].received", "0.00", f"{received / 100:.2f}")
            tranches = ((MoneyKind.RECEIVED, received, 1), (MoneyKind.PAID, paid, 2))
            entries = tuple(
                MoneyEntry(id=f"e{2 * index + n}", kind=kind, on=day, amount=amount)
                for kind, amount, n in tranches
                if amount
            )
            moved = replace(line, entries=entries)
            events.append((dt.datetime.combine(day, dt.time(15, 0)), _RECEIVED, (index, moved), (change,)))
    state = replace(project, funding=tuple(lines))
    created_change = FieldChange("project", "", f"{project.code} {project.name}")
    steps = [(_record(created, project.code, "add project", (created_change,)), state)]
    for at, kind, what, changes in sorted(events, key=lambda event: event[0]):
        state, action = _applied(state, kind, what)
        steps.append((_record(at, project.code, action, changes), state))
    if project.planned_start <= AS_OF <= (project.planned_finish or AS_OF) + dt.timedelta(days=365):
        instruments = _instruments(state)
        at = dt.datetime.combine(AS_OF - dt.timedelta(days=3), dt.time(16, 0))
        steps.append((_record(at, project.code, "imported", (FieldChange("annual_plans", "", "2026"),)), instruments))
    return steps


def _instruments(project: Project) -> Project:
    """The dispatch office's figures for a project under way: the 2026 plan and work done by month, the
    approvals of the stages reached, and a problem or two (some closed). Drawn from the project's own
    seed, so adding them leaves every other figure of the generated portfolio as it was."""
    rng = random.Random(f"{project.code}-{project.total_investment}")
    total = project.total_investment or 0
    planned = total * rng.randint(20, 60) // 100 // 100 * 100
    completions = tuple(
        Completion(month=dt.date(2026, month, 1), amount=planned * rng.randint(3, 12) // 100 // 100 * 100)
        for month in range(1, AS_OF.month)
    )
    kinds = STANDARD_APPROVALS[: rng.randint(3, len(STANDARD_APPROVALS))]
    approvals = tuple(
        Approval(id=f"a{n}", kind=kind.key, doc_no=f"县发改〔2025〕{n + 10}号", issued_on=project.planned_start)
        for n, kind in enumerate(kinds, start=1)
    )
    problems = []
    for n in range(rng.randint(0, 3)):
        raised = AS_OF - dt.timedelta(days=rng.randint(7, 90))
        closed = raised + dt.timedelta(days=rng.randint(3, 30)) if rng.random() < 0.5 else None
        problems.append(
            Problem(
                id=f"q{n + 1}",
                description=rng.choice(PROBLEMS),
                owner_unit=rng.choice(("县住建局", "县自然资源局", "县供电公司", "施工单位")),
                owner_person=rng.choice(LEADERS),
                raised_on=raised,
                deadline=raised + dt.timedelta(days=rng.randint(7, 30)),
                meeting_on=raised,
                closed_on=closed if closed and closed <= AS_OF else None,
                resolution="已解决" if closed and closed <= AS_OF else "",
            )
        )
    return replace(
        project,
        annual_plans=(AnnualPlan(year=2026, planned=planned),),
        completions=completions,
        approvals=approvals,
        problems=tuple(problems),
    )


PROBLEMS = ("临时用电未接入", "用地未完成交付", "施工图审查意见未回复", "资金拨付滞后", "消防验收资料不全")


def _record(at: dt.datetime, code: str, action: str, changes: tuple[FieldChange, ...]) -> ChangeRecord:
    return ChangeRecord(at=at, user="demo", project=code, action=action, changes=changes)


def _applied(project: Project, kind: int, what: Any) -> tuple[Project, str]:
    """The project after one event of its story, and the action the log calls it."""
    if kind == _DONE:
        index, day = what
        milestones = list(project.milestones)
        milestones[index] = replace(milestones[index], done_on=day)
        return replace(project, milestones=tuple(milestones)), "milestone done"
    if kind == _REPORTED:
        return replace(project, progress=project.progress + (what,)), "progress"
    index, line = what
    funding = list(project.funding)
    funding[index] = line
    return replace(project, funding=tuple(funding)), f"set funding {line.source}"


def generate(path: Path, projects: int, seed: int) -> tuple[int, int]:
    """Create a new database with the projects and their change-log history; returns (projects, log records)."""
    rng = random.Random(seed)
    settings = Settings(name=f"Synthetic portfolio ({projects} projects, seed {seed})", sources=DEFAULT_SOURCES)
    histories = (_story(rng, _project(rng, number)) for number in range(1, projects + 1))
    return projects, create_from_history(path, settings, histories)
