"""The change log's entries as people read them: who changed which project, when, and what went from what to what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from buildtrack.domain.diff import FieldChange


@dataclass(frozen=True)
class ChangeRecord:
    """One saved change to one project (or to the settings, with ``project`` empty).

    How to undo it is the store's business (it keeps an undo patch beside each record), so this value
    carries no stored document. ``generation`` is the store's commit number that made it, ``revision``
    the project's revision after it.
    """

    at: dt.datetime
    user: str
    project: str
    action: str
    changes: tuple[FieldChange, ...] = ()
    reason: str = ""
    generation: int = 0
    revision: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
