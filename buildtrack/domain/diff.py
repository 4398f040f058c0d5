"""What changed between two versions of a project, field by field, in words a person reads in the log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from enum import Enum

import msgspec

from buildtrack.domain.model import Project

_COLLECTIONS = {"funding": "source", "milestones": "name", "work_packages": "name", "progress": "on"}
_SKIP = {"revision", *_COLLECTIONS}
_MONEY_FIELDS = {"total_investment", "planned", "received", "paid"}


@dataclasses.dataclass(frozen=True)
class FieldChange:
    """``field`` went from ``old`` to ``new`` (display text; empty means "not set")."""

    field: str
    old: str
    new: str


def show_value(name: str, value: object) -> str:
    """Display text for a stored value in the log: money in yuan, dates ISO, enums by value."""
    if value is None or value == "":
        return ""
    if name in _MONEY_FIELDS and isinstance(value, int):
        return f"{Decimal(value) / 100:,.2f}"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def _fields(item: msgspec.Struct, prefix: str) -> dict[str, str]:
    return {
        f"{prefix}{f.name}": show_value(f.name, getattr(item, f.name))
        for f in msgspec.structs.fields(item)
        if f.name not in _SKIP
    }


def _flatten(project: Project | None) -> dict[str, str]:
    if project is None:
        return {}
    flat = _fields(project, "")
    for collection, key in _COLLECTIONS.items():
        for item in getattr(project, collection):
            label = show_value(key, getattr(item, key))
            flat.update(_fields(item, f"{collection}[{label}]."))
    return flat


def diff_projects(old: Project | None, new: Project | None) -> list[FieldChange]:
    """Field changes from ``old`` to ``new``; None on one side means created or removed."""
    before, after = _flatten(old), _flatten(new)
    changes = []
    for name in list(before) + [name for name in after if name not in before]:
        if before.get(name, "") != after.get(name, ""):
            changes.append(FieldChange(name, before.get(name, ""), after.get(name, "")))
    return changes
