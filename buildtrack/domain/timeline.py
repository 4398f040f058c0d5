"""A project as known at the end of a past day: plain fields as they were then, dated facts on their own dates.

Two kinds of knowledge meet here. Plain fields (a leader, a due date, a planned amount) are what the
change log says they were at the end of the day. Dated facts — progress reports, done dates, money
entries, investment completed, problems raised and closed, approvals issued, actual start and finish —
belong to the date they carry, whenever they were typed in: a report of 40 % on 20 November entered on
5 December is part of 22 November's picture (and not of the week it was typed in), and a fact dated after
the day is not. So dated facts are taken from what is known now, each kept if its own date has come.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from buildtrack.domain.model import FundingLine, Milestone, Problem, Project, replace

Item = TypeVar("Item", Milestone, FundingLine, Problem)


def known_on(past: Project | None, now: Project | None, day: dt.date) -> Project | None:
    """``past`` (the project as logged at the end of ``day``) with the dated facts ``now`` knows, up to ``day``."""
    if past is None:
        return None
    latest = now or past
    if latest is past and not _dated_after(past, day):
        return past  # nothing to take from later knowledge, nothing dated after the day
    return replace(
        past,
        actual_start=_until(latest.actual_start, day),
        actual_finish=_until(latest.actual_finish, day),
        progress=tuple(entry for entry in latest.progress if entry.on <= day),
        completions=tuple(entry for entry in latest.completions if entry.month <= day),
        milestones=tuple(_milestone(m, _latest(m, latest.milestones), day) for m in past.milestones),
        funding=tuple(_line(line, _latest(line, latest.funding), day) for line in past.funding),
        problems=tuple(_problem(p, _latest(p, latest.problems), day) for p in past.problems if p.raised_on <= day),
        approvals=tuple(
            replace(a, issued_on=_until(a.issued_on, day)) for a in (latest.approvals if now else past.approvals)
        ),
    )


def _until(day: dt.date | None, limit: dt.date) -> dt.date | None:
    return day if day is not None and day <= limit else None


def _latest(item: Item, items: tuple[Item, ...]) -> Item:
    """The same item (by id) as known now, or the one of the past if it was removed since."""
    return next((other for other in items if other.id == item.id), item)


def _milestone(past: Milestone, latest: Milestone, day: dt.date) -> Milestone:
    return replace(past, done_on=_until(latest.done_on, day))


def _line(past: FundingLine, latest: FundingLine, day: dt.date) -> FundingLine:
    return replace(past, entries=tuple(entry for entry in latest.entries if entry.on <= day))


def _problem(past: Problem, latest: Problem, day: dt.date) -> Problem:
    closed = _until(latest.closed_on, day)
    return replace(past, closed_on=closed, resolution=latest.resolution if closed else "")


def _dated_after(project: Project, day: dt.date) -> bool:
    """Whether any dated fact of ``project`` lies after ``day`` (then the picture of that day leaves it out)."""
    dates = [project.actual_start, project.actual_finish]
    dates += [entry.on for entry in project.progress]
    dates += [entry.month for entry in project.completions]
    dates += [milestone.done_on for milestone in project.milestones]
    dates += [entry.on for line in project.funding for entry in line.entries]
    dates += [when for problem in project.problems for when in (problem.raised_on, problem.closed_on)]
    dates += [approval.issued_on for approval in project.approvals]
    return any(date is not None and date > day for date in dates)
