"""The change log as a report (``buildtrack log``): who changed what, when, from what to what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.logwords import action_words, field_words
from buildtrack.domain.model import Settings
from buildtrack.i18n import N_, _
from buildtrack.reports.table import Column, Report, Row, Section

COLUMNS = (
    Column("at", N_("When")),
    Column("user", N_("User")),
    Column("project", N_("Project")),
    Column("action", N_("Action")),
    Column("field", N_("Field")),
    Column("old", N_("Old")),
    Column("new", N_("New")),
    Column("reason", N_("Reason")),
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
    sources = {source.key: source.display_name() for source in settings.sources}
    for record in records:
        day = record.at.date()
        if (project and record.project != project) or (since and day < since) or (until and day > until):
            continue
        head = {
            "at": record.at.strftime("%Y-%m-%d %H:%M"),
            "user": record.user,
            "project": record.project or _("(settings)"),
            "action": action_words(record.action),
        }
        for change in record.changes or ():
            words = field_words(change.field, sources)
            rows.append(head | {"field": words, "old": change.old, "new": change.new, "reason": record.reason})
        if not record.changes:
            rows.append(head | {"field": "", "old": "", "new": "", "reason": record.reason})
    notes = tuple(
        part
        for part in (
            _("project {code}").format(code=project) if project else "",
            _("from {day}").format(day=since) if since else "",
            _("until {day}").format(day=until) if until else "",
        )
        if part
    )
    return Report(
        _("Change log"),
        settings.name,
        as_of,
        settings.display_unit,
        (Section(_("Changes"), COLUMNS, tuple(rows), empty_text=_("no changes recorded")),),
        (_("filtered by {what}").format(what=", ".join(notes)),) if notes else (),
    )
