"""The documented, versioned JSON interchange format (``buildtrack export`` / ``import``).

    {"format": "buildtrack-portfolio", "version": 2,
     "settings": {...}, "projects": [{...}, ...]}

Projects are written as the store writes them, without the store's revision: money as integer fen
(``*_fen``), dates ISO, decimals as text. Export → import reproduces the portfolio exactly. A version-1
export (running totals of money received and paid, no ids) is still read: its totals become entries
dated on the day of the import.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import orjson

from buildtrack.domain.errors import DecodeError
from buildtrack.domain.model import Portfolio, Project, Settings, replace
from buildtrack.domain.text import json_text
from buildtrack.domain.validate import project_problems, settings_problems
from buildtrack.i18n import _
from buildtrack.storage.documents import (
    project_document,
    project_from_document,
    settings_document,
    settings_from_document,
)
from buildtrack.storage.schema_v2 import convert

FORMAT = "buildtrack-portfolio"
VERSION = 2


def export_document(portfolio: Portfolio) -> bytes:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings_document(portfolio.settings),
        "projects": [project_document(project, with_revision=False) for project in portfolio.sorted_projects()],
    }
    return json_text(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode()).encode() + b"\n"


def _envelope(data: bytes) -> dict[str, Any]:
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise DecodeError([f"not valid JSON: {error}"]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DecodeError([f'not a buildtrack export: the top level needs "format": "{FORMAT}"'])
    if doc.get("version") not in (1, VERSION):
        raise DecodeError(
            [f"interchange version {doc.get('version')!r} is not supported (this buildtrack reads 1 and {VERSION})"]
        )
    if not isinstance(doc.get("projects"), list):
        raise DecodeError(['"projects" must be a list'])
    return doc


def parse_document(
    data: bytes, current: Portfolio, today: dt.date, replace_settings: bool = False
) -> tuple[Settings, list[Project]]:
    """Settings and projects from an export, checked completely: every problem of every project is listed.

    The result's settings are the target's with the file's unknown funding sources added, or, with
    ``replace_settings``, the file's own (keeping any target source its projects still use).
    """
    doc = _envelope(data)
    problems: list[str] = []
    settings = current.settings
    if "settings" in doc:
        try:
            settings = _combined(current, settings_from_document(doc["settings"]), replace_settings)
            problems += settings_problems(settings)
        except DecodeError as error:
            problems += error.problems
    projects = []
    for index, item in enumerate(doc["projects"], start=1):
        if isinstance(item, dict) and "revision" in item:
            problems.append(_("project {index}: revision: not part of the interchange format").format(index=index))
            continue
        if doc["version"] == 1 and isinstance(item, dict):
            item = convert(item, today)
        try:
            project = project_from_document(item, f"project {index}")
        except DecodeError as error:
            problems += error.problems
            if isinstance(error.partial, Project):
                problems += project_problems(error.partial, settings)
            continue
        problems += project_problems(project, settings)
        projects.append(project)
    codes = Counter(
        item["code"] for item in doc["projects"] if isinstance(item, dict) and isinstance(item.get("code"), str)
    )
    problems += [f"{code}: code: appears {count} times in the file" for code, count in codes.items() if count > 1]
    if problems:
        raise DecodeError(problems)
    return settings, projects


def _combined(current: Portfolio, incoming: Settings, take_theirs: bool) -> Settings:
    """Which catalogue and options an import leaves the portfolio with."""
    if not take_theirs:
        known = {source.key for source in current.settings.sources}
        added = tuple(source for source in incoming.sources if source.key not in known)
        return replace(current.settings, sources=current.settings.sources + added)
    used = {line.source for project in current.projects.values() for line in project.funding}
    known = {source.key for source in incoming.sources}
    kept = tuple(source for source in current.settings.sources if source.key in used and source.key not in known)
    return replace(incoming, sources=incoming.sources + kept)
