"""The change log's entries: who changed which project, when, and what went from what to what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from buildtrack.domain.diff import FieldChange


@dataclass(frozen=True)
class ChangeRecord:
    """One saved change to one project (or to the settings, with ``project`` empty).

    ``undo`` turns the project's document after the change back into the one before it (see
    ``storage.patches``); ``created`` marks a change that made the project and ``removed`` holds the
    whole document a removal took away. So any earlier state can be rebuilt exactly and a change
    undone. ``generation`` is the store's commit number that made it.
    """

    at: dt.datetime
    user: str
    project: str
    action: str
    changes: tuple[FieldChange, ...] = ()
    reason: str = ""
    undo: tuple = ()
    created: bool = False
    removed: dict[str, Any] | None = None
    generation: int = 0
    revision: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
