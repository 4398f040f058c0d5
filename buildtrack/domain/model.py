"""The portfolio's data: projects with their funding, milestones, work packages and progress history.

Values are frozen dataclasses holding tuples, so a change is always a new value that the service can
compare with the old one (for the change log) and hand to the store whole.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.money import MoneyUnit


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


def choice(enum: type[Enum], text: str, what: str) -> Enum:
    """Look up an enum member by its value, with the allowed values in the error."""
    for member in enum:
        if member.value == str(text).strip().lower():
            return member
    allowed = ", ".join(member.value for member in enum)
    raise InvalidInput(f"{what} {text!r} is not one of: {allowed}")


@dataclass(frozen=True)
class FundingSource:
    """An entry of the portfolio's funding-source catalogue (e.g. special-purpose bonds, a bond)."""

    key: str
    name: str
    name_zh: str = ""
    category: SourceCategory = SourceCategory.OTHER


@dataclass(frozen=True)
class FundingLine:
    """Money from one source for one project: planned, received (到位) and paid out, in fen."""

    source: str
    planned: int = 0
    received: int = 0
    paid: int = 0
    note: str = ""


@dataclass(frozen=True)
class Milestone:
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


@dataclass(frozen=True)
class WorkPackage:
    """A trade or part of the works ("MEP installation") with its weight and percent complete."""

    name: str
    weight: Decimal = Decimal(1)
    percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class ProgressEntry:
    """Percent complete as reported on a date."""

    on: dt.date
    percent: Decimal
    note: str = ""


@dataclass(frozen=True)
class Project:
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
    total_investment: int | None = None
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    floor_area_m2: Decimal | None = None
    beds: int | None = None
    notes: str = ""
    revision: int = 0
    funding: tuple[FundingLine, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    work_packages: tuple[WorkPackage, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()

    def names(self) -> str:
        """Both names, for display where there is room and for matching typed text."""
        return f"{self.name} {self.name_zh}".strip()


@dataclass(frozen=True)
class Settings:
    """Portfolio-wide settings: its name, money display, funding-source catalogue, at-risk threshold."""

    name: str = "Health construction portfolio"
    currency: str = "CNY"
    display_unit: MoneyUnit = MoneyUnit.WAN
    sources: tuple[FundingSource, ...] = ()
    at_risk_threshold: Decimal = Decimal(10)
    due_soon_days: int = 14
    backup_saves: int = 10
    backup_days: int = 30

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
