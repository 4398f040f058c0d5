"""The portfolio's data, and the one declaration of every stored field.

Projects, their funding lines, milestones, work packages and progress entries, and the settings are
frozen msgspec Structs. The class definitions below are the schema of the database document: each
field's name in the file (``total_investment`` is stored as ``total_investment_fen``), its type and its
range. The store encodes, decodes and validates from them alone, so a field is declared once; msgspec
does that work in C, which is why reading 10,000 projects costs less than parsing their JSON into dicts.

Values are immutable: a change is always a new value (``replace``) that the service compares with the
old one for the change log and hands to the store whole. Instances hold no reference cycles, so the
cyclic garbage collector need not track them (``gc=False``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, TypeVar

import msgspec

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.money import MAX_FEN, MoneyUnit

Fen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN)]
Count = Annotated[int, msgspec.Meta(ge=0, le=9_999_999)]
Whole = Annotated[int, msgspec.Meta(ge=0)]
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)

V = TypeVar("V", bound=msgspec.Struct)


def replace(value: V, **changes: Any) -> V:
    """A copy of ``value`` with some fields changed (the values are immutable)."""
    return msgspec.structs.replace(value, **changes)


def _in_range(value: Decimal | None, what: str, high: Decimal | None = _HUNDRED) -> None:
    """Decimal ranges, checked when a stored value is decoded (msgspec bounds only ints and floats)."""
    if value is None:
        return
    if not value.is_finite() or value < _ZERO:
        raise ValueError(f"{what} {value} is not a number of zero or more")
    if high is not None and value > high:
        raise ValueError(f"{what} {value} is above {high}")


class Stored(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """Base of every value kept in the database: immutable, untracked by the collector, no unknown keys."""


class Kind(Enum):
    """Nature of works (建设性质)."""

    NEW_BUILD = "new-build"
    EXPANSION = "expansion"
    RELOCATION = "relocation"
    RENOVATION = "renovation"
    EQUIPMENT = "equipment"
    OTHER = "other"


class SourceCategory(Enum):
    """How a funding source is grouped in summaries."""

    BOND = "bond"
    FISCAL = "fiscal"
    CENTRAL = "central"
    ASSISTANCE = "assistance"
    DONATION = "donation"
    GRANT = "grant"
    SELF_RAISED = "self-raised"
    PRIVATE = "private"
    OTHER = "other"


FACILITY_TYPES = (
    "general hospital",
    "TCM hospital",
    "MCH hospital",
    "CDC",
    "township health centre",
    "community health centre",
    "village clinic",
    "emergency centre",
    "other",
)

CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9]*-\d{1,6}")


def check_code(code: str) -> str:
    """Project codes look like ``P-014``: letters, a dash, digits; stored upper-case."""
    if not CODE_PATTERN.fullmatch(code.strip()):
        raise InvalidInput(f"project code {code!r} must look like P-014 (letters, a dash, digits)")
    return code.strip().upper()


E = TypeVar("E", bound=Enum)


def choice(enum: type[E], text: str, what: str) -> E:
    """Look up an enum member by its value, with the allowed values in the error."""
    for member in enum:
        if member.value == str(text).strip().lower():
            return member
    allowed = ", ".join(member.value for member in enum)
    raise InvalidInput(f"{what} {text!r} is not one of: {allowed}")


class FundingSource(Stored):
    """An entry of the portfolio's funding-source catalogue (e.g. special-purpose bonds, a bond)."""

    key: str
    name: str
    name_zh: str = ""
    category: SourceCategory = SourceCategory.OTHER


class FundingLine(Stored):
    """Money from one source for one project: planned, received (到位) and paid out, in fen."""

    source: str
    planned: Fen = msgspec.field(default=0, name="planned_fen")
    received: Fen = msgspec.field(default=0, name="received_fen")
    paid: Fen = msgspec.field(default=0, name="paid_fen")
    note: str = ""


class Milestone(Stored):
    """A dated step; ``baseline_due`` keeps the first promise so slippage stays visible."""

    name: str
    due: dt.date
    baseline_due: dt.date
    stage: str | None = None
    done_on: dt.date | None = None
    note: str = ""

    def done_by(self, day: dt.date) -> bool:
        """Done on or before ``day`` (a milestone finished later was still open then)."""
        return self.done_on is not None and self.done_on <= day

    @property
    def slippage_days(self) -> int:
        return (self.due - self.baseline_due).days


class WorkPackage(Stored):
    """A trade or part of the works ("MEP installation") with its weight and percent complete."""

    name: str
    weight: Decimal = Decimal(1)
    percent: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        _in_range(self.percent, "percent")
        _in_range(self.weight, "weight", high=None)


class ProgressEntry(Stored):
    """Percent complete as reported on a date."""

    on: dt.date
    percent: Decimal
    note: str = ""

    def __post_init__(self) -> None:
        _in_range(self.percent, "percent")


class Project(Stored):
    """One construction project; ``code`` is its stable key everywhere."""

    code: str
    name: str
    name_zh: str = ""
    facility: str = ""
    facility_type: str = "other"
    kind: Kind = Kind.OTHER
    location: str = ""
    leader: str = ""
    implementing_unit: str = ""
    total_investment: Fen | None = msgspec.field(default=None, name="total_investment_fen")
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    floor_area_m2: Decimal | None = None
    beds: Count | None = None
    notes: str = ""
    revision: Whole = 0
    funding: tuple[FundingLine, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    work_packages: tuple[WorkPackage, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()

    def __post_init__(self) -> None:
        _in_range(self.floor_area_m2, "floor area", high=None)

    def names(self) -> str:
        """Both names, for display where there is room and for matching typed text."""
        return f"{self.name} {self.name_zh}".strip()


class Settings(Stored):
    """Portfolio-wide settings: its name, money display, funding-source catalogue, at-risk threshold."""

    name: str = "Health construction portfolio"
    currency: str = "CNY"
    display_unit: MoneyUnit = MoneyUnit.WAN
    at_risk_threshold: Decimal = Decimal(10)
    due_soon_days: Whole = 14
    backup_saves: Whole = 10
    backup_days: Whole = 30
    sources: tuple[FundingSource, ...] = ()

    def __post_init__(self) -> None:
        _in_range(self.at_risk_threshold, "at-risk threshold")

    def source(self, key: str) -> FundingSource | None:
        return next((source for source in self.sources if source.key == key), None)


@dataclass(frozen=True)
class Portfolio:
    """Settings and projects as read at one moment; ``projects`` is keyed by code."""

    settings: Settings
    projects: dict[str, Project] = field(default_factory=dict)

    def sorted_projects(self) -> list[Project]:
        return sorted(self.projects.values(), key=lambda project: code_sort_key(project.code))


def code_sort_key(code: str) -> tuple[str, int]:
    """Sort P-2 before P-10."""
    prefix, _, number = code.rpartition("-")
    return (prefix, int(number) if number.isdecimal() else 0)
