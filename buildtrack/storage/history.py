"""The portfolio as it stood on a past day: the one algorithm behind every as-of date.

Plain fields are rolled back with the change log's undo patches: every log entry keeps what undoes it,
so the state after a change is the state before the next change to that project (or the project as it
is now). Rolling back reads the entries after the day newest first and undoes one at a time, holding
only the documents of the projects touched; each is decoded once at the end, so only projects changed
after the day cost much. Dated facts (progress, done dates, money, …) are then taken from what is known
now, each on its own date (``domain.timeline``): a report dated before the day but typed in after it is
part of that day's picture.

A project entered into buildtrack after the day keeps its entered state: what is known of its past is
its own dated history (staff often enter running projects late).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from buildtrack.domain.model import Portfolio, Project
from buildtrack.domain.timeline import known_on
from buildtrack.storage.changelog import LogEntry
from buildtrack.storage.documents import project_document, project_from_document
from buildtrack.storage.patches import previous_document

Doc = dict[str, Any]


def rolled_back(portfolio: Portfolio, newest_first: Iterable[LogEntry], day: dt.date) -> Portfolio:
    """``portfolio`` as it stood at the end of ``day``, from the entries after it, newest first."""
    documents, entered = _undone(portfolio, newest_first, day)
    documents.update(entered)
    past = dict(portfolio.projects)
    while documents:  # popped as decoded, so the documents' memory goes to the projects
        code, document = documents.popitem()
        if document is None:
            past.pop(code, None)
        else:
            past[code] = project_from_document(document)
    known = {code: known_on(project, portfolio.projects.get(code), day) for code, project in past.items()}
    return Portfolio(portfolio.settings, {code: project for code, project in known.items() if project is not None})


def _undone(
    portfolio: Portfolio, newest_first: Iterable[LogEntry], day: dt.date
) -> tuple[dict[str, Doc | None], dict[str, Doc]]:
    """Each touched project's document before its entries after ``day`` (None: absent), and those entered after it."""
    documents: dict[str, Doc | None] = {}
    entered: dict[str, Doc] = {}  # projects whose earliest entry after the day created them: as entered
    for entry in newest_first:
        code = entry.record.project
        if not code or entry.record.at.date() <= day:
            continue
        if code not in documents:
            current = portfolio.projects.get(code)
            documents[code] = None if current is None else project_document(current)
        document = documents[code]
        if entry.created:  # entered after the day: keep it as entered, unless an earlier entry exists
            if document is not None:
                entered[code] = document
            documents[code] = None
            continue
        entered.pop(code, None)
        documents[code] = previous_document(entry, document)
    return documents, entered


def project_before(
    current: Project | None, newest_first: Iterable[LogEntry], generation: int, code: str
) -> Project | None:
    """The project ``code`` just before the change of ``generation``, walking back from ``current``."""
    document = None if current is None else project_document(current)
    for entry in newest_first:
        if entry.record.project != code or entry.record.generation < generation:
            continue
        document = previous_document(entry, document)
    return None if document is None else project_from_document(document)
