"""Model values to JSON-ready documents and back.

Money is integer fen, dates ISO text, decimals text, so the file is exact and readable. Decoding
checks every field and collects every problem (with the project code and field path) instead of
stopping at the first, because import must report them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.model import (
    FundingLine,
    FundingSource,
    Kind,
    Milestone,
    ProgressEntry,
    Project,
    Settings,
    SourceCategory,
    WorkPackage,
)
from buildtrack.domain.money import MAX_FEN, MoneyUnit


class DecodeError(BuildtrackError):
    """A document that does not describe a valid value; ``problems`` lists each bad field."""

    def __init__(self, problems: list[str], partial: Any = None):
        super().__init__(problems[0] + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""))
        self.problems = problems
        self.partial = partial  # the value with defaults in the bad fields, so other rules can still be checked


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many objects are decoded.

    Decoded projects hold no reference cycles (reference counting frees them), yet every few hundred
    new objects make the collector scan the growing heap again: at 10,000 projects that was half of
    the decode time. Nested or concurrent pauses leave it enabled at the end if it was before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def encode_project(project: Project, with_revision: bool = True) -> dict[str, Any]:
    """A project as a JSON-ready dict (the store keeps ``revision``; the interchange format does not)."""
    doc: dict[str, Any] = {
        "code": project.code,
        "name": project.name,
        "name_zh": project.name_zh,
        "facility": project.facility,
        "facility_type": project.facility_type,
        "kind": project.kind.value,
        "location": project.location,
        "leader": project.leader,
        "implementing_unit": project.implementing_unit,
        "total_investment_fen": project.total_investment,
        "planned_start": _date(project.planned_start),
        "planned_finish": _date(project.planned_finish),
        "actual_start": _date(project.actual_start),
        "actual_finish": _date(project.actual_finish),
        "floor_area_m2": _decimal(project.floor_area_m2),
        "beds": project.beds,
        "notes": project.notes,
        "funding": [
            {
                "source": f.source,
                "planned_fen": f.planned,
                "received_fen": f.received,
                "paid_fen": f.paid,
                "note": f.note,
            }
            for f in project.funding
        ],
        "milestones": [
            {
                "name": m.name,
                "stage": m.stage,
                "due": _date(m.due),
                "baseline_due": _date(m.baseline_due),
                "done_on": _date(m.done_on),
                "note": m.note,
            }
            for m in project.milestones
        ],
        "work_packages": [
            {"name": w.name, "weight": _decimal(w.weight), "percent": _decimal(w.percent)}
            for w in project.work_packages
        ],
        "progress": [{"on": _date(p.on), "percent": _decimal(p.percent), "note": p.note} for p in project.progress],
    }
    if with_revision:
        doc["revision"] = project.revision
    return doc


def encode_settings(settings: Settings) -> dict[str, Any]:
    return {
        "name": settings.name,
        "currency": settings.currency,
        "display_unit": settings.display_unit.value,
        "at_risk_threshold": _decimal(settings.at_risk_threshold),
        "due_soon_days": settings.due_soon_days,
        "backup_saves": settings.backup_saves,
        "backup_days": settings.backup_days,
        "sources": [
            {"key": s.key, "name": s.name, "name_zh": s.name_zh, "category": s.category.value} for s in settings.sources
        ],
    }


class _Reader:
    """Reads typed fields from a dict, recording a problem (and returning a default) for each bad one."""

    def __init__(self, where: str, problems: list[str]):
        self.where = where
        self.problems = problems

    def field(self, doc: Any, key: str, convert: Callable[[Any], Any], default: Any = None, path: str = "") -> Any:
        if not isinstance(doc, dict):
            self.problems.append(f"{self.where}: {path or 'document'}: expected an object")
            return default
        if key not in doc or doc[key] is None:
            return default
        try:
            return convert(doc[key])
        except (InvalidInput, TypeError, ValueError, InvalidOperation) as error:
            self.problems.append(f"{self.where}: {path}{key}: {error}")
            return default

    def items(self, doc: Any, key: str) -> list[Any]:
        value = doc.get(key) if isinstance(doc, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{self.where}: {key}: expected a list")
            return []
        return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _iso_date(value: Any) -> dt.date:
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, got {value!r}")
    if value < 0:
        raise ValueError(f"{value} is negative")
    if value > MAX_FEN:
        raise ValueError(f"{value} is too large")
    return value


def _exact(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"expected a number written as text or an integer, got {value!r}")
    number = Decimal(value)
    if not number.is_finite() or number < 0:
        raise ValueError(f"{value!r} is not a finite number of zero or more")
    return number


def _enum(enum: type) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        try:
            return enum(_text(value))
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise ValueError(f"{value!r} is not one of: {allowed}") from None

    return convert


def decode_project(doc: Any, where: str = "project") -> Project:
    """A ``Project`` from its document, or ``DecodeError`` listing every bad field.

    Documents written by buildtrack take a fast path (about five times quicker: it matters at 10,000
    projects); anything unexpected there goes through the careful reader, which names every problem.
    """
    try:
        return _fast_project(doc)
    except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation, _Unexpected):
        return _careful_project(doc, where)


class _Unexpected(Exception):
    """A value the fast path does not take; the careful reader will explain it."""


def _str(value: Any) -> str:
    if type(value) is not str:
        raise _Unexpected
    return value


class _Memo(dict):
    """Converts each distinct value once; afterwards a lookup is a plain dict hit, with no Python call.

    Dates, percents and repeated labels (milestone names, sources, empty notes) recur thousands of times
    in a portfolio, so this halves the decode of a large file and shares one object per distinct value.
    """

    LIMIT = 200_000  # a file of all-distinct values must not grow the memo without bound

    def __init__(self, convert: Callable[[Any], Any]):
        super().__init__()
        self.convert = convert

    def __missing__(self, key: Any) -> Any:
        value = self.convert(key)
        if len(self) >= self.LIMIT:
            self.clear()
        self[key] = value
        return value


def _number(value: Any) -> Decimal:
    number = Decimal(_str(value))
    if not number.is_finite() or number < 0:
        raise _Unexpected
    return number


_DAYS = _Memo(lambda text: dt.date.fromisoformat(_str(text)))
_MAYBE_DAYS = _Memo(lambda text: None if text is None else _DAYS[text])
_NUMBERS = _Memo(_number)
_LABELS = _Memo(_str)
_MAYBE_LABELS = _Memo(lambda text: None if text is None else _str(text))


def _fen(value: Any) -> int:
    if type(value) is not int or not 0 <= value <= MAX_FEN:
        raise _Unexpected
    return value


def _fast_project(doc: dict[str, Any]) -> Project:
    days, maybe_days, labels, maybe_labels, numbers = _DAYS, _MAYBE_DAYS, _LABELS, _MAYBE_LABELS, _NUMBERS
    milestone, entry, line = Milestone, ProgressEntry, FundingLine  # locals: looked up once per project
    milestones = tuple(
        [
            milestone(
                labels[m["name"]],
                days[m["due"]],
                days[m["baseline_due"]],
                maybe_labels[m["stage"]],
                maybe_days[m["done_on"]],
                labels[m["note"]],
            )
            for m in doc["milestones"]
        ]
    )
    funding = tuple(
        [
            line(
                labels[f["source"]],
                _fen(f["planned_fen"]),
                _fen(f["received_fen"]),
                _fen(f["paid_fen"]),
                labels[f["note"]],
            )
            for f in doc["funding"]
        ]
    )
    packages = tuple(
        [WorkPackage(labels[w["name"]], numbers[w["weight"]], numbers[w["percent"]]) for w in doc["work_packages"]]
    )
    progress = tuple([entry(days[e["on"]], numbers[e["percent"]], labels[e["note"]]) for e in doc["progress"]])
    total, beds, area = doc["total_investment_fen"], doc["beds"], doc["floor_area_m2"]
    return Project(
        code=_str(doc["code"]),
        name=_str(doc["name"]),
        name_zh=_str(doc["name_zh"]),
        facility=labels[doc["facility"]],
        facility_type=labels[doc["facility_type"]],
        kind=Kind(doc["kind"]),
        location=labels[doc["location"]],
        leader=labels[doc["leader"]],
        implementing_unit=labels[doc["implementing_unit"]],
        total_investment=None if total is None else _fen(total),
        planned_start=maybe_days[doc["planned_start"]],
        planned_finish=maybe_days[doc["planned_finish"]],
        actual_start=maybe_days[doc["actual_start"]],
        actual_finish=maybe_days[doc["actual_finish"]],
        floor_area_m2=None if area is None else numbers[area],
        beds=None if beds is None else _fen(beds),
        notes=_str(doc["notes"]),
        revision=_fen(doc.get("revision", 0)),
        funding=funding,
        milestones=milestones,
        work_packages=packages,
        progress=progress,
    )


def _careful_project(doc: Any, where: str) -> Project:
    """The field-by-field reader: every bad field becomes one line of the ``DecodeError``."""
    if not isinstance(doc, dict):
        raise DecodeError([f"{where}: expected an object, got {type(doc).__name__}"])
    problems: list[str] = []
    code = doc.get("code")
    read = _Reader(code if isinstance(code, str) else where, problems)
    funding = [
        FundingLine(
            source=read.field(line, "source", _text, "", f"funding[{i}]."),
            planned=read.field(line, "planned_fen", _whole, 0, f"funding[{i}]."),
            received=read.field(line, "received_fen", _whole, 0, f"funding[{i}]."),
            paid=read.field(line, "paid_fen", _whole, 0, f"funding[{i}]."),
            note=read.field(line, "note", _text, "", f"funding[{i}]."),
        )
        for i, line in enumerate(read.items(doc, "funding"), start=1)
    ]
    milestones = []
    for i, item in enumerate(read.items(doc, "milestones"), start=1):
        due = read.field(item, "due", _iso_date, None, f"milestones[{i}].")
        if due is None:
            problems.append(f"{read.where}: milestones[{i}].due: a due date is required")
            due = dt.date.min
        milestones.append(
            Milestone(
                name=read.field(item, "name", _text, "", f"milestones[{i}]."),
                due=due,
                baseline_due=read.field(item, "baseline_due", _iso_date, due, f"milestones[{i}]."),
                stage=read.field(item, "stage", _text, None, f"milestones[{i}]."),
                done_on=read.field(item, "done_on", _iso_date, None, f"milestones[{i}]."),
                note=read.field(item, "note", _text, "", f"milestones[{i}]."),
            )
        )
    packages = [
        WorkPackage(
            name=read.field(item, "name", _text, "", f"work_packages[{i}]."),
            weight=read.field(item, "weight", _exact, Decimal(1), f"work_packages[{i}]."),
            percent=read.field(item, "percent", _exact, Decimal(0), f"work_packages[{i}]."),
        )
        for i, item in enumerate(read.items(doc, "work_packages"), start=1)
    ]
    progress = []
    for i, item in enumerate(read.items(doc, "progress"), start=1):
        on = read.field(item, "on", _iso_date, None, f"progress[{i}].")
        if on is None:
            problems.append(f"{read.where}: progress[{i}].on: a date is required")
        progress.append(
            ProgressEntry(
                on=on or dt.date.min,
                percent=read.field(item, "percent", _exact, Decimal(0), f"progress[{i}]."),
                note=read.field(item, "note", _text, "", f"progress[{i}]."),
            )
        )
    project = Project(
        code=read.field(doc, "code", _text, ""),
        name=read.field(doc, "name", _text, ""),
        name_zh=read.field(doc, "name_zh", _text, ""),
        facility=read.field(doc, "facility", _text, ""),
        facility_type=read.field(doc, "facility_type", _text, "other"),
        kind=read.field(doc, "kind", _enum(Kind), Kind.OTHER),
        location=read.field(doc, "location", _text, ""),
        leader=read.field(doc, "leader", _text, ""),
        implementing_unit=read.field(doc, "implementing_unit", _text, ""),
        total_investment=read.field(doc, "total_investment_fen", _whole),
        planned_start=read.field(doc, "planned_start", _iso_date),
        planned_finish=read.field(doc, "planned_finish", _iso_date),
        actual_start=read.field(doc, "actual_start", _iso_date),
        actual_finish=read.field(doc, "actual_finish", _iso_date),
        floor_area_m2=read.field(doc, "floor_area_m2", _exact),
        beds=read.field(doc, "beds", _whole),
        notes=read.field(doc, "notes", _text, ""),
        revision=read.field(doc, "revision", _whole, 0),
        funding=tuple(funding),
        milestones=tuple(milestones),
        work_packages=tuple(packages),
        progress=tuple(progress),
    )
    if problems:
        raise DecodeError(problems, project)
    return project


def decode_settings(doc: Any) -> Settings:
    """``Settings`` from its document, or ``DecodeError`` listing every bad field."""
    problems: list[str] = []
    read = _Reader("settings", problems)
    sources = tuple(
        FundingSource(
            key=read.field(item, "key", _text, "", f"sources[{i}]."),
            name=read.field(item, "name", _text, "", f"sources[{i}]."),
            name_zh=read.field(item, "name_zh", _text, "", f"sources[{i}]."),
            category=read.field(item, "category", _enum(SourceCategory), SourceCategory.OTHER, f"sources[{i}]."),
        )
        for i, item in enumerate(read.items(doc, "sources"), start=1)
    )
    defaults = Settings()
    settings = Settings(
        name=read.field(doc, "name", _text, defaults.name),
        currency=read.field(doc, "currency", _text, defaults.currency),
        display_unit=read.field(doc, "display_unit", _enum(MoneyUnit), defaults.display_unit),
        at_risk_threshold=read.field(doc, "at_risk_threshold", _exact, defaults.at_risk_threshold),
        due_soon_days=read.field(doc, "due_soon_days", _whole, defaults.due_soon_days),
        backup_saves=read.field(doc, "backup_saves", _whole, defaults.backup_saves),
        backup_days=read.field(doc, "backup_days", _whole, defaults.backup_days),
        sources=sources,
    )
    if problems:
        raise DecodeError(problems)
    return settings
