"""The change log as a report (``buildtrack log``): who changed what, when, from what to what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Settings
from buildtrack.reports.table import Column, Report, Row, Section

COLUMNS = (
    Column("at", "When"),
    Column("user", "User"),
    Column("project", "Project"),
    Column("action", "Action"),
    Column("field", "Field"),
    Column("old", "Old"),
    Column("new", "New"),
    Column("reason", "Reason"),
)


def change_log_report(
    records: Iterable[ChangeRecord],
    settings: Settings,
    as_of: dt.date,
    project: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Report:
    """One row per changed field (one row for a change without field detail), oldest first."""
    rows: list[Row] = []
    for record in records:
        day = record.at.date()
        if (project and record.project != project) or (since and day < since) or (until and day > until):
            continue
        head = {
            "at": record.at.strftime("%Y-%m-%d %H:%M"),
            "user": record.user,
            "project": record.project or "(settings)",
            "action": record.action,
        }
        for change in record.changes or ():
            rows.append(head | {"field": change.field, "old": change.old, "new": change.new, "reason": record.reason})
        if not record.changes:
            rows.append(head | {"field": "", "old": "", "new": "", "reason": record.reason})
    notes = tuple(
        part
        for part in (
            f"project {project}" if project else "",
            f"from {since}" if since else "",
            f"until {until}" if until else "",
        )
        if part
    )
    return Report(
        "Change log",
        settings.name,
        as_of,
        settings.display_unit,
        (Section("Changes", COLUMNS, tuple(rows), empty_text="no changes recorded"),),
        ("filtered by " + ", ".join(notes),) if notes else (),
    )
