"""Money by project and by funding source: planned, received (到位), paid, and the checks on them."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.labels import label
from buildtrack.domain.model import FundingLine, MoneyKind, Project, Settings, SourceCategory
from buildtrack.domain.money import format_money_with_unit
from buildtrack.i18n import _


@dataclass(frozen=True)
class Totals:
    """Sums of funding lines; ratios are None where the base is zero."""

    planned: int = 0
    received: int = 0
    paid: int = 0
    projects: int = 0

    @property
    def unspent(self) -> int:
        return self.received - self.paid

    @property
    def received_share(self) -> Decimal | None:
        """Received as a percent of planned."""
        return share(self.received, self.planned)

    @property
    def paid_share(self) -> Decimal | None:
        """Paid as a percent of received."""
        return share(self.paid, self.received)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.planned + other.planned,
            self.received + other.received,
            self.paid + other.paid,
            self.projects + other.projects,
        )


def share(part: int, whole: int) -> Decimal | None:
    """``part`` as a percent of ``whole`` to one decimal, or None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def line_totals(lines: Iterable[FundingLine]) -> Totals:
    """Sum of the given lines (``projects`` left at zero), in one pass over their money entries."""
    planned = received = paid = 0
    for line in lines:
        planned += line.planned
        for entry in line.entries:
            if entry.kind is MoneyKind.RECEIVED:
                received += entry.amount
            else:
                paid += entry.amount
    return Totals(planned, received, paid)


def unfunded_gap(project: Project) -> int | None:
    """Total investment not yet covered by planned funding; None when the total is unknown."""
    if project.total_investment is None:
        return None
    return project.total_investment - line_totals(project.funding).planned


def by_source(projects: Iterable[Project]) -> dict[str, Totals]:
    """Totals per source key across projects; ``projects`` counts the funding lines of that source."""
    groups: dict[str, list[FundingLine]] = defaultdict(list)
    for project in projects:
        for line in project.funding:
            groups[line.source].append(line)
    return {source: dataclasses.replace(line_totals(lines), projects=len(lines)) for source, lines in groups.items()}


def by_category(projects: Iterable[Project], settings: Settings) -> dict[SourceCategory, Totals]:
    """Totals per source category (unknown sources count as other); a project counts once per category."""
    categories: dict[str, SourceCategory] = {}
    for source in settings.sources:
        categories.setdefault(source.key, source.category)
    groups: dict[SourceCategory, list[FundingLine]] = defaultdict(list)
    counts: Counter[SourceCategory] = Counter()
    for project in projects:
        seen = set()
        for line in project.funding:
            category = categories.get(line.source, SourceCategory.OTHER)
            groups[category].append(line)
            seen.add(category)
        counts.update(seen)
    return {
        category: dataclasses.replace(line_totals(lines), projects=counts[category])
        for category, lines in groups.items()
    }


@dataclass(frozen=True)
class Finding:
    """Something about a project's money a reviewer should see. ``reason`` is what the person typed when the
    entry that caused it was accepted; without one it is a problem (data that came in unexplained)."""

    text: str
    reason: str = ""


def money_findings(project: Project) -> list[Finding]:
    """Paid above received, received above planned, every correction, and planned funding above the total
    investment; replaying a line's entries in order finds the entry (and reason) that crossed each limit."""
    findings = []
    for line in project.funding:
        findings += _line_findings(project.code, line)
    gap = unfunded_gap(project)
    if gap is not None and gap < 0:
        findings.append(
            Finding(
                _("{code}: planned funding exceeds total investment by {amount}").format(
                    code=project.code, amount=format_money_with_unit(-gap)
                )
            )
        )
    return findings


def _line_findings(code: str, line: FundingLine) -> list[Finding]:
    received = paid = 0
    over_received = over_planned = None
    findings = []
    for entry in line.entries:
        if entry.kind is MoneyKind.RECEIVED:
            received += entry.amount
        else:
            paid += entry.amount
        if paid > received and over_received is None:
            over_received = entry.reason
        elif paid <= received:
            over_received = None
        if received > line.planned and over_planned is None:
            over_planned = entry.reason
        elif received <= line.planned:
            over_planned = None
        if entry.amount < 0:
            findings.append(
                Finding(
                    _("{code}: {source} {kind} corrected by {amount} on {day}").format(
                        code=code,
                        source=line.source,
                        kind=label("money", entry.kind),
                        amount=format_money_with_unit(entry.amount),
                        day=entry.on.isoformat(),
                    ),
                    entry.reason,
                )
            )
    if over_received is not None:
        text = _("{code}: {source} paid {paid} exceeds received {received}")
        amounts = {"paid": format_money_with_unit(paid), "received": format_money_with_unit(received)}
        findings.append(Finding(text.format(code=code, source=line.source, **amounts), over_received))
    if over_planned is not None:
        text = _("{code}: {source} received {received} exceeds planned {planned}")
        amounts = {"received": format_money_with_unit(received), "planned": format_money_with_unit(line.planned)}
        findings.append(Finding(text.format(code=code, source=line.source, **amounts), over_planned))
    return findings


def funding_problems(project: Project) -> list[str]:
    """The findings nobody explained: these make ``check`` fail."""
    return [finding.text for finding in money_findings(project) if not finding.reason]
