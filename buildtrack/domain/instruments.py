"""The dispatch office's own instruments, kept per project: problems, approvals, annual plans, work done.

- **Problem list (问题清单)**: what the weekly dispatch meeting (调度会) raised, who owns it, by when, and
  how it was closed (销号).
- **Pre-construction approvals (前期手续)**: one per kind in the portfolio's catalogue, with the
  document number (文号), issue date and expiry.
- **Annual investment plan (年度计划投资)** and **investment completed (投资完成额)**: the value of
  work done each month, which is not money paid.

Like the rest of the model, these are the declaration of what is stored (see ``model``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import msgspec

from buildtrack.domain.values import Fen, Stored, Whole, in_range


class Problem(Stored, frozen=True):
    """A problem raised at a dispatch meeting: open until it is closed (销号) with how it was resolved."""

    id: str
    description: str
    owner_unit: str
    owner_person: str
    raised_on: dt.date
    deadline: dt.date
    meeting_on: dt.date | None = None
    closed_on: dt.date | None = None
    resolution: str = ""

    def open_on(self, day: dt.date) -> bool:
        """Raised by ``day`` and not yet closed then."""
        return self.raised_on <= day and (self.closed_on is None or self.closed_on > day)

    def overdue_on(self, day: dt.date) -> bool:
        return self.open_on(day) and self.deadline < day


class ApprovalKind(Stored, frozen=True):
    """One item of the pre-construction checklist (e.g. 施工许可, construction permit)."""

    key: str
    name: str
    name_zh: str = ""


def approval_kind(kinds: tuple[ApprovalKind, ...], typed: str) -> ApprovalKind | None:
    """The checklist item a person means: its key, its English or Chinese name, or the start of the Chinese
    name (施工许可 for 施工许可证)."""
    text = typed.strip()
    for kind in kinds:
        if text in (kind.key, kind.name, kind.name_zh):
            return kind
    starts = [kind for kind in kinds if len(text) >= 2 and kind.name_zh.startswith(text)]
    return starts[0] if len(starts) == 1 else None


class Approval(Stored, frozen=True):
    """A project's pre-construction approval of one kind: its document, when issued, until when valid."""

    id: str
    kind: str
    doc_no: str = ""
    issued_on: dt.date | None = None
    valid_until: dt.date | None = None
    not_needed: bool = False
    note: str = ""

    def obtained_by(self, day: dt.date) -> bool:
        return self.issued_on is not None and self.issued_on <= day


class AnnualPlan(Stored, frozen=True):
    """The investment planned for a project in one year (年度计划投资)."""

    year: Whole
    planned: Fen = msgspec.field(default=0, name="planned_fen")
    note: str = ""


class Completion(Stored, frozen=True):
    """The value of work done in one month (投资完成额), as reported; ``month`` is its first day."""

    month: dt.date
    amount: Fen = msgspec.field(default=0, name="amount_fen")
    note: str = ""


class LightRules(Stored, frozen=True):
    """How projects are graded red / yellow / green (红黄绿灯); the defaults are the usual bulletin rules.

    Yellow from ``yellow_points`` percentage points behind the time-elapsed schedule (序时进度) or the
    plan, red from ``red_points`` or with a milestone more than ``red_days_late`` days late. The optional
    rules: paid below ``payment_pace_points`` percent of what was received, and overdue problems.
    """

    yellow_points: Decimal = Decimal(10)
    red_points: Decimal = Decimal(30)
    red_days_late: Whole = 30
    payment_pace_points: Decimal | None = None
    overdue_problems: bool = False

    def __post_init__(self) -> None:
        for value, what in (
            (self.yellow_points, "yellow points"),
            (self.red_points, "red points"),
            (self.payment_pace_points, "payment pace"),
        ):
            in_range(value, what)


STANDARD_APPROVALS = (
    ApprovalKind("proposal-approval", "Project proposal / feasibility approval", "项目建议书/可研批复"),
    ApprovalKind("land-pre-review", "Land pre-review and site selection", "用地预审与选址意见书"),
    ApprovalKind("land-planning-permit", "Land-use planning permit", "建设用地规划许可证"),
    ApprovalKind("land-use-right", "Land-use right certificate", "不动产权证（土地）"),
    ApprovalKind("environmental", "Environmental impact approval", "环评批复"),
    ApprovalKind("energy-review", "Energy-saving review", "节能审查意见"),
    ApprovalKind("preliminary-design", "Preliminary design and budget approval", "初步设计及概算批复"),
    ApprovalKind("works-planning-permit", "Construction works planning permit", "建设工程规划许可证"),
    ApprovalKind("drawing-review", "Construction drawing review", "施工图审查合格书"),
    ApprovalKind("construction-permit", "Construction permit", "施工许可证"),
)


def approvals_obtained(
    approvals: tuple[Approval, ...], kinds: tuple[ApprovalKind, ...], day: dt.date
) -> tuple[int, int]:
    """(obtained, required) of the checklist on ``day``: every kind in the catalogue is required unless the
    project marks it not needed."""
    by_kind = {approval.kind: approval for approval in approvals}
    required = [kind.key for kind in kinds if not (kind.key in by_kind and by_kind[kind.key].not_needed)]
    obtained = sum(1 for key in required if key in by_kind and by_kind[key].obtained_by(day))
    return obtained, len(required)


def expiring(approvals: tuple[Approval, ...], day: dt.date, within_days: int) -> list[Approval]:
    """Approvals obtained by ``day`` that lapse within ``within_days`` days of it (or have lapsed already)."""
    limit = day + dt.timedelta(days=within_days)
    return [a for a in approvals if a.obtained_by(day) and a.valid_until is not None and a.valid_until <= limit]
