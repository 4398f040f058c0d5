"""Planned vs actual percent over time (the S-curve), sampled for a chart of any resolution."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from buildtrack.domain.model import Project
from buildtrack.domain.schedule import actual_percent, planned_percent


@dataclass(frozen=True)
class CurvePoint:
    day: dt.date
    planned: Decimal
    actual: Decimal | None


def curve_span(project: Project, as_of: dt.date) -> tuple[dt.date, dt.date] | None:
    """From the earliest planned or reported date to the latest of plan, reports and the as-of date."""
    days = [d for d in (project.planned_start, project.planned_finish) if d] + [e.on for e in project.progress]
    if not days:
        return None
    start, end = min(days), max(days + [as_of])
    return (start, end) if end > start else None


def s_curve(project: Project, start: dt.date, end: dt.date, samples: int) -> list[CurvePoint]:
    """``samples`` evenly spaced points from ``start`` to ``end`` (both included)."""
    span = (end - start).days
    steps = max(samples - 1, 1)
    points = []
    for index in range(samples):
        day = start + dt.timedelta(days=round(span * index / steps))
        points.append(CurvePoint(day, planned_percent(project, day), actual_percent(project, day)))
    return points
