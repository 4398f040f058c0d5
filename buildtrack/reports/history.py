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
from collections.abc import Iterable
from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio, Project
from buildtrack.storage.codec import collector_paused, decode_project, encode_project
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
    """The portfolio as it stood at the end of ``day``: later edits and removals rolled back."""
    return rolled_back(portfolio, reversed(records), day)


def rolled_back(portfolio: Portfolio, newest_first: Iterable[ChangeRecord], day: dt.date) -> Portfolio:
    """``state_at`` from the records newest first, as a store streams them (older ones may be left out).

    Works on documents, undoing one record at a time and holding only the documents of the projects
    touched; each is decoded once at the end, so only projects changed after the day cost anything.
    """
    with collector_paused():
        documents, entered = _undone(portfolio, newest_first, day)
        documents.update(entered)
        projects = dict(portfolio.projects)
        while documents:  # popped as decoded, so the documents' memory goes to the projects
            code, document = documents.popitem()
            if document is None:
                projects.pop(code, None)
            else:
                projects[code] = decode_project(document)
    return Portfolio(portfolio.settings, projects)


def _undone(portfolio: Portfolio, newest_first: Iterable[ChangeRecord], day: dt.date) -> tuple[dict, dict]:
    """Each touched project's document before its records after ``day`` (None: absent), and those entered after it."""
    documents: dict[str, dict | None] = {}
    entered: dict[str, dict] = {}  # projects whose earliest record after the day created them: as entered
    for record in newest_first:
        code = record.project
        if not code or record.at.date() <= day:
            continue
        if code not in documents:
            current = portfolio.projects.get(code)
            documents[code] = None if current is None else encode_project(current)
        document = documents[code]
        if record.created:  # entered after the day: keep it as entered, unless an earlier record exists
            entered[code], documents[code] = document, None
            continue
        entered.pop(code, None)
        documents[code] = record.removed if record.removed is not None else apply_undo(document, list(record.undo))
    return documents, entered


def changes_between(portfolio: Portfolio, records: list[ChangeRecord], start: dt.date, end: dt.date) -> list[Change]:
    """Changes logged from ``start`` to ``end`` (both included), oldest first."""
    found = [
        change
        for changes in changes_by_project(portfolio, records).values()
        for change in changes
        if start <= change.day <= end
    ]
    return sorted(found, key=lambda change: (change.record.at, change.record.generation))
