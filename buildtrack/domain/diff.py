"""What changed between two versions of a project, field by field, in words a person reads in the log."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from enum import Enum
from typing import Any

import msgspec

from buildtrack.domain.model import Project

_SKIP = {"revision", "id"}
_MONEY_FIELDS = {"total_investment", "planned", "received", "paid", "amount"}
# how an item of a list is named in the log: by what a person recognises it by, not by its id
_LABELS = {
    "funding": "source",
    "milestones": "name",
    "work_packages": "name",
    "progress": "on",
    "entries": "on",
    "problems": "description",
    "approvals": "kind",
    "annual_plans": "year",
    "completions": "month",
}


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


def _flatten(item: msgspec.Struct, prefix: str, flat: dict[str, str]) -> None:
    for name in item.__struct_fields__:
        if name in _SKIP:
            continue
        value: Any = getattr(item, name)
        if isinstance(value, tuple) and name in _LABELS:
            for element in value:
                label = show_value(_LABELS[name], getattr(element, _LABELS[name]))
                if name == "entries":
                    label = f"{element.kind.value} {label}"
                key = f"{prefix}{name}[{label}]"
                if any(existing.startswith(key + ".") for existing in flat):
                    key = f"{prefix}{name}[{label} #{element.id}]"  # two items of one name: told apart by id
                _flatten(element, key + ".", flat)
        elif isinstance(value, msgspec.Struct):
            _flatten(value, f"{prefix}{name}.", flat)
        else:
            flat[f"{prefix}{name}"] = show_value(name, value)


def diff_projects(old: Project | None, new: Project | None) -> list[FieldChange]:
    """Field changes from ``old`` to ``new``; None on one side means created or removed."""
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    if old is not None:
        _flatten(old, "", before)
    if new is not None:
        _flatten(new, "", after)
    changes = []
    for name in list(before) + [name for name in after if name not in before]:
        if before.get(name, "") != after.get(name, ""):
            changes.append(FieldChange(name, before.get(name, ""), after.get(name, "")))
    return changes
