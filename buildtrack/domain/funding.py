"""Money by project and by funding source: planned, received (到位), paid, and the checks on them."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.model import FundingLine, MoneyKind, Project, Settings, SourceCategory
from buildtrack.domain.money import format_money_with_unit


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


def funding_problems(project: Project) -> list[str]:
    """One line per inconsistency: paid above received on a line, planned funding above total investment."""
    problems = [
        f"{project.code}: {line.source} paid {format_money_with_unit(line.paid)} "
        f"exceeds received {format_money_with_unit(line.received)}"
        for line in project.funding
        if line.paid > line.received
    ]
    gap = unfunded_gap(project)
    if gap is not None and gap < 0:
        problems.append(f"{project.code}: planned funding exceeds total investment by {format_money_with_unit(-gap)}")
    return problems
