"""Chart specifications (plain data) for reports; ``render`` draws them as SVG in HTML output."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from buildtrack.domain.model import Project
from buildtrack.domain.schedule import actual_percent, planned_curve
from buildtrack.i18n import _
from buildtrack.reports.scurve import curve_span, s_curve

PER_PROJECT_LIMIT = 30  # small multiples beyond this would make a printed report unwieldy
SAMPLES = 40


@dataclass(frozen=True)
class CurveChart:
    """Planned vs actual percent over time."""

    title: str
    days: tuple[dt.date, ...]
    planned: tuple[Decimal, ...]
    actual: tuple[Decimal | None, ...]
    as_of: dt.date


@dataclass(frozen=True)
class BarChart:
    """Pairs of bars per category (e.g. planned and received per funding source), amounts in fen."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]


def portfolio_curve(projects: list[Project], as_of: dt.date) -> CurveChart | None:
    """Budget-weighted planned and actual percent of the portfolio (equal weights where no budget is known)."""
    spans = [span for p in projects if (span := curve_span(p, as_of))]
    if not spans:
        return None
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    weights = [Decimal(p.total_investment or 0) for p in projects]
    if not any(weights):
        weights = [Decimal(1)] * len(projects)
    total = sum(weights)
    days = [start + dt.timedelta(days=round((end - start).days * index / (SAMPLES - 1))) for index in range(SAMPLES)]
    planned_sum, actual_sum = [Decimal(0)] * SAMPLES, [Decimal(0)] * SAMPLES
    for project, weight in zip(projects, weights, strict=True):
        for index, value in enumerate(planned_curve(project, days)):
            planned_sum[index] += weight * value
        for index, day in enumerate(days):
            actual_sum[index] += weight * (actual_percent(project, day) or 0) if day <= as_of else 0
    planned = [value / total for value in planned_sum]
    actual = [value / total if day <= as_of else None for value, day in zip(actual_sum, days, strict=True)]
    return CurveChart(_("Portfolio S-curve (budget-weighted)"), tuple(days), tuple(planned), tuple(actual), as_of)


def project_curve(project: Project, as_of: dt.date) -> CurveChart | None:
    span = curve_span(project, as_of)
    if span is None:
        return None
    points = s_curve(project, span[0], span[1], SAMPLES)
    return CurveChart(
        f"{project.code} {project.display_name()}",
        tuple(p.day for p in points),
        tuple(p.planned for p in points),
        tuple(p.actual if p.day <= as_of else None for p in points),
        as_of,
    )


def progress_charts(projects: list[Project], as_of: dt.date) -> tuple[CurveChart, ...]:
    charts = [portfolio_curve(projects, as_of)]
    if len(projects) <= PER_PROJECT_LIMIT:
        charts += [project_curve(project, as_of) for project in projects]
    return tuple(chart for chart in charts if chart is not None)
