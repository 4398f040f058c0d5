"""The portfolio as it was known on a past date, and what changed between two dates, from the change log.

Every log record keeps the project's document from before the change, so the state after a change is
the "before" of the next change to that project (or the project as it is now). Dated facts — progress
entries, done dates — are then read as of the date by the schedule functions as usual.

A project entered into buildtrack after the date keeps its entered state: what is known of its past
is its own dated history (staff often enter running projects late).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio, Project
from buildtrack.storage.codec import decode_project, encode_project
from buildtrack.storage.patches import apply_undo, previous_state


@dataclass(frozen=True)
class Change:
    """One logged change with the project before and after it (None = absent)."""

    record: ChangeRecord
    before: Project | None
    after: Project | None

    @property
    def day(self) -> dt.date:
        return self.record.at.date()


def changes_by_project(portfolio: Portfolio, records: list[ChangeRecord]) -> dict[str, list[Change]]:
    """Each project's changes in order, with exact before/after values."""
    grouped: dict[str, list[ChangeRecord]] = defaultdict(list)
    for record in records:
        if record.project:
            grouped[record.project].append(record)
    result = {}
    for code, logged in grouped.items():
        states = [portfolio.projects.get(code)]
        for record in reversed(logged):  # walk back from today's state through each change's undo patch
            states.insert(0, previous_state(record, states[0]))
        result[code] = [Change(record, states[i], states[i + 1]) for i, record in enumerate(logged)]
    return result


def state_at(portfolio: Portfolio, records: list[ChangeRecord], day: dt.date) -> Portfolio:
    """The portfolio as it stood at the end of ``day``: later edits and removals rolled back.

    Works on documents (undo patches applied in reverse, one decode per project touched), so only
    projects changed after the day cost anything.
    """
    later: dict[str, list[ChangeRecord]] = defaultdict(list)
    for record in records:
        if record.project and record.at.date() > day:
            later[record.project].append(record)
    projects = dict(portfolio.projects)
    for code, changes in later.items():
        if changes[0].created:  # entered after the day: keep it as entered
            changes = changes[1:]
            if not changes:
                continue
        current = portfolio.projects.get(code)
        doc = None if current is None else encode_project(current)
        for record in reversed(changes):
            doc = None if record.created else record.removed if record.removed is not None else apply_undo(doc, list(record.undo))
        if doc is None:
            projects.pop(code, None)
        else:
            projects[code] = decode_project(doc)
    return Portfolio(portfolio.settings, projects)


def changes_between(portfolio: Portfolio, records: list[ChangeRecord], start: dt.date, end: dt.date) -> list[Change]:
    """Changes logged from ``start`` to ``end`` (both included), oldest first."""
    found = [change for changes in changes_by_project(portfolio, records).values() for change in changes
             if start <= change.day <= end]
    return sorted(found, key=lambda change: (change.record.at, change.record.generation))
