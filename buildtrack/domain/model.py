"""The portfolio's data, and the one declaration of every stored field.

Projects, their funding lines and money entries, milestones, work packages, progress entries and the
office's instruments (``instruments``), and the settings are frozen msgspec Structs. The class
definitions are the schema of the database document: each field's name in the file (``planned`` is
stored as ``planned_fen``), its type and its range. The store encodes, decodes and validates from them
alone, so a field is declared once; msgspec does that work in C, which is why reading 10,000 projects
costs less than parsing their JSON into dicts.

Values are immutable: a change is always a new value (``replace``) that the service compares with the
old one for the change log and hands to the store whole. Every item a person can point at on a screen
(a milestone, a funding line, a money entry, a work package, a progress entry, a problem, an approval)
has a stable ``id``, so an action names exactly what was seen even after others insert or reorder items.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TypeVar

import msgspec

from buildtrack import i18n
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.instruments import (
    STANDARD_APPROVALS,
    AnnualPlan,
    Approval,
    ApprovalKind,
    Completion,
    LightRules,
    Problem,
)
from buildtrack.domain.money import MoneyUnit
from buildtrack.domain.values import Count, Fen, SignedFen, Stored, Whole, in_range, replace
from buildtrack.i18n import _

__all__ = [
    "AnnualPlan",
    "Approval",
    "ApprovalKind",
    "Completion",
    "LightRules",
    "Problem",
    "Stored",
    "replace",
]


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

CODE_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*-\d{1,6}")


def check_code(code: str) -> str:
    """Project codes look like ``P-014`` or an office's own ``QY-2024-01``: letters, dashes, digits; upper-case."""
    if not CODE_PATTERN.fullmatch(code.strip()):
        raise InvalidInput(_("project code {code!r} must look like P-014 (letters, a dash, digits)").format(code=code))
    return code.strip().upper()


E = TypeVar("E", bound=Enum)


def choice(enum: type[E], text: str, what: str) -> E:
    """Look up an enum member by its value, with the allowed values in the error."""
    for member in enum:
        if member.value == str(text).strip().lower():
            return member
    allowed = ", ".join(member.value for member in enum)
    raise InvalidInput(_("{what} {text!r} is not one of: {allowed}").format(what=what, text=text, allowed=allowed))


class FundingSource(Stored, frozen=True):
    """An entry of the portfolio's funding-source catalogue (e.g. special-purpose bonds, a bond)."""

    key: str
    name: str
    name_zh: str = ""
    category: SourceCategory = SourceCategory.OTHER

    def display_name(self, chinese: bool | None = None) -> str:
        """The name in the language shown, or the other when that is all there is (or the key)."""
        if chinese is None:
            chinese = i18n.chinese()
        first, second = (self.name_zh, self.name) if chinese else (self.name, self.name_zh)
        return first or second or self.key


class MoneyKind(Enum):
    """Money arriving for a project (到位) or paid out of it (支付/拨付)."""

    RECEIVED = "received"
    PAID = "paid"


class MoneyEntry(Stored, frozen=True):
    """One dated tranche of money received or paid, with its document number (文号).

    A correction is an entry too, with a negative amount and the reason, so the history is never rewritten.
    """

    id: str
    kind: MoneyKind
    on: dt.date
    amount: SignedFen = msgspec.field(name="amount_fen")
    doc_no: str = ""
    note: str = ""
    reason: str = ""


class FundingLine(Stored, frozen=True):
    """Money from one source for one project: the amount planned, and the dated money received and paid."""

    id: str
    source: str
    planned: Fen = msgspec.field(default=0, name="planned_fen")
    note: str = ""
    entries: tuple[MoneyEntry, ...] = ()

    @property
    def received(self) -> int:
        return sum(entry.amount for entry in self.entries if entry.kind is MoneyKind.RECEIVED)

    @property
    def paid(self) -> int:
        return sum(entry.amount for entry in self.entries if entry.kind is MoneyKind.PAID)

    def moved_between(self, kind: MoneyKind, first: dt.date, last: dt.date) -> int:
        """Money of ``kind`` dated from ``first`` to ``last`` (both included), corrections netted."""
        return sum(entry.amount for entry in self.entries if entry.kind is kind and first <= entry.on <= last)


class Milestone(Stored, frozen=True):
    """A dated step; ``baseline_due`` keeps the first promise so slippage stays visible."""

    id: str
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


class WorkPackage(Stored, frozen=True):
    """A trade or part of the works ("MEP installation") with its weight and percent complete."""

    id: str
    name: str
    weight: Decimal = Decimal(1)
    percent: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        in_range(self.percent, "percent")
        in_range(self.weight, "weight", high=None)


class ProgressEntry(Stored, frozen=True):
    """Percent complete as reported on a date."""

    id: str
    on: dt.date
    percent: Decimal
    note: str = ""

    def __post_init__(self) -> None:
        in_range(self.percent, "percent")


class Project(Stored, frozen=True):
    """One construction project; ``code`` is its stable key everywhere.

    It has an English name, a Chinese name, or both; ``display_name`` picks the one for the language.
    """

    code: str
    name: str = ""
    name_zh: str = ""
    county: str = ""
    facility: str = ""
    facility_type: str = "other"
    kind: Kind = Kind.OTHER
    location: str = ""
    leader: str = ""
    implementing_unit: str = ""
    scope: str = ""
    total_investment: Fen | None = msgspec.field(default=None, name="total_investment_fen")
    planned_start: dt.date | None = None
    planned_finish: dt.date | None = None
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    floor_area_m2: Decimal | None = None
    floors: Count | None = None
    beds: Count | None = None
    reported_stage: str = ""
    reported_stage_on: dt.date | None = None
    current_problems: str = ""
    notes: str = ""
    revision: Whole = 0
    funding: tuple[FundingLine, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    work_packages: tuple[WorkPackage, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()
    annual_plans: tuple[AnnualPlan, ...] = ()
    completions: tuple[Completion, ...] = ()
    problems: tuple[Problem, ...] = ()
    approvals: tuple[Approval, ...] = ()

    def __post_init__(self) -> None:
        in_range(self.floor_area_m2, "floor area", high=None)

    def names(self) -> str:
        """Both names, for display where there is room and for matching typed text."""
        return f"{self.name} {self.name_zh}".strip()

    def display_name(self, chinese: bool | None = None) -> str:
        """The name in the language shown (the current one unless told), or the other when that is all there is."""
        if chinese is None:
            chinese = i18n.chinese()
        first, second = (self.name_zh, self.name) if chinese else (self.name, self.name_zh)
        return first or second


class SavedFilter(Stored, frozen=True):
    """A named view of the portfolio list an office returns to ("本周红灯", "逾期+有风险"): the typed text,
    the statuses and lights wanted (``status:overdue``, ``light:red``) and a funding source."""

    name: str
    text: str = ""
    wanted: tuple[str, ...] = ()
    source: str = ""


class Settings(Stored, frozen=True):
    """Portfolio-wide settings: name, language, money display, catalogues, thresholds, backups."""

    name: str = "Health construction portfolio"
    currency: str = "CNY"
    display_unit: MoneyUnit = MoneyUnit.WAN
    at_risk_threshold: Decimal = Decimal(10)
    due_soon_days: Whole = 14
    backup_saves: Whole = 10
    backup_days: Whole = 30
    backup_size_factor: Decimal = Decimal(3)  # all backups together: at most this many times the database
    language: str = ""  # "zh", "en", or empty: each person's own choice (or locale) decides
    sources: tuple[FundingSource, ...] = ()
    approval_kinds: tuple[ApprovalKind, ...] = STANDARD_APPROVALS
    lights: LightRules = LightRules()
    saved_filters: tuple[SavedFilter, ...] = ()

    def __post_init__(self) -> None:
        in_range(self.at_risk_threshold, "at-risk threshold")
        in_range(self.backup_size_factor, "backup size factor", high=None)

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
