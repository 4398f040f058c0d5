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

import orjson

from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.model import FACILITY_TYPES, FundingLine, Kind, Milestone, ProgressEntry, Project, Settings
from buildtrack.domain.stages import STANDARD_STAGES
from buildtrack.storage.codec import encode_project, encode_settings
from buildtrack.storage.files import atomic_write_bytes
from buildtrack.storage.layout import join_tables
from buildtrack.storage.migrations import SCHEMA_VERSION
from buildtrack.storage.tinydb_store import APP, changes_path

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
    items = [(round(span * i / 13), stage.name, stage.key) for i, stage in enumerate(STANDARD_STAGES)]
    items += [(rng.randint(span // 3, span), name, None) for name in EXTRA_MILESTONES]
    result = []
    for offset, name, key in sorted(items):
        due = start + dt.timedelta(days=offset)
        result.append(Milestone(name, due, due, key))
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


def _story(rng: random.Random, project: Project) -> tuple[Project, list[tuple[dt.datetime, dict]]]:
    """The project's final state and its log records (without generation numbers), oldest first."""
    created = dt.datetime.combine(project.planned_start - dt.timedelta(days=60), dt.time(9, 0))
    sources = rng.sample([s.key for s in DEFAULT_SOURCES], rng.randint(2, 5))
    shares = [rng.randint(20, 120) for _ in sources]
    lines = [
        FundingLine(key, project.total_investment * share // sum(shares) // 100 * 100)
        for key, share in zip(sources, shares, strict=True)
    ]
    project = Project(**{**project.__dict__, "funding": tuple(lines)})
    events = [
        (
            created,
            {
                "project": project.code,
                "action": "add project",
                "created": True,
                "changes": [["project", "", f"{project.code} {project.name}"]],
            },
        )
    ]
    milestones = list(project.milestones)
    for index, milestone in enumerate(milestones):
        if milestone.due < AS_OF and rng.random() < 0.8:
            done = min(milestone.due + dt.timedelta(days=rng.randint(-10, 25)), AS_OF)
            milestones[index] = Milestone(milestone.name, milestone.due, milestone.baseline_due, milestone.stage, done)
            old = encode_project(Project(code="x", name="x", milestones=(milestone,)))["milestones"][0]
            events.append(
                (
                    dt.datetime.combine(done, dt.time(10, 0)),
                    {
                        "project": project.code,
                        "action": "milestone done",
                        "undo": [["item", "milestones", index, old]],
                        "changes": [[f"milestones[{milestone.name}].done_on", "", done.isoformat()]],
                    },
                )
            )
    progress, percent = [], Decimal(0)
    months = rng.randint(12, 36)
    for month in range(months):
        day = project.planned_start + dt.timedelta(days=30 * (month + 1))
        if day > AS_OF:
            break
        percent = min(Decimal(100), percent + Decimal(rng.randint(0, 60)) / 10)
        progress.append(ProgressEntry(day, percent, ""))
        events.append(
            (
                dt.datetime.combine(day, dt.time(11, 0)),
                {
                    "project": project.code,
                    "action": "progress",
                    "undo": [["len", "progress", len(progress) - 1]],
                    "changes": [[f"progress[{day.isoformat()}].percent", "", f"{percent.normalize():f}"]],
                },
            )
        )
    funding = list(lines)
    for index, line in enumerate(funding):
        received = line.planned * rng.randint(30, 100) // 100 // 100 * 100
        paid = received * rng.randint(40, 95) // 100 // 100 * 100
        funding[index] = FundingLine(line.source, line.planned, received, paid)
        day = project.planned_start + dt.timedelta(days=rng.randint(30, 400))
        if day <= AS_OF:
            old = encode_project(Project(code="x", name="x", funding=(line,)))["funding"][0]
            events.append(
                (
                    dt.datetime.combine(day, dt.time(15, 0)),
                    {
                        "project": project.code,
                        "action": f"set funding {line.source}",
                        "undo": [["item", "funding", index, old]],
                        "changes": [[f"funding[{line.source}].received", "0.00", f"{received / 100:.2f}"]],
                    },
                )
            )
        else:
            funding[index] = line
    final = Project(
        **{**project.__dict__, "milestones": tuple(milestones), "progress": tuple(progress), "funding": tuple(funding)}
    )
    return final, sorted(events, key=lambda event: event[0])


def generate(path: Path, projects: int, seed: int) -> tuple[int, int]:
    """Write a new database and its change log; returns (projects, log records)."""
    rng = random.Random(seed)
    settings = Settings(name=f"Synthetic portfolio ({projects} projects, seed {seed})", sources=DEFAULT_SOURCES)
    table, log, generation = {}, bytearray(), 0
    for number in range(1, projects + 1):
        project, events = _story(rng, _project(rng, number))
        for at, record in events:
            generation += 1
            log += (
                orjson.dumps(
                    {"gen": generation, "at": at.isoformat(timespec="seconds"), "user": "demo", "revision": 1, **record}
                )
                + b"\n"
            )
        table[str(number)] = orjson.dumps({**encode_project(project), "revision": 1})
    meta = {
        "app": APP,
        "schema_version": SCHEMA_VERSION,
        "generation": generation,
        "log_size": len(log),
        **encode_settings(settings),
    }
    atomic_write_bytes(changes_path(path), bytes(log))
    atomic_write_bytes(path, join_tables({"settings": {"1": meta}}, table))
    return projects, generation
