"""The change log's entries: who changed which project, when, and what went from what to what."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from buildtrack.domain.diff import FieldChange


@dataclass(frozen=True)
class ChangeRecord:
    """One saved change to one project (or to the settings, with ``project`` empty).

    ``before`` keeps the project's stored document as it was (None when the change created it), so a
    change can be undone exactly; ``generation`` is the store's commit number that made it.
    """

    at: dt.datetime
    user: str
    project: str
    action: str
    changes: tuple[FieldChange, ...] = ()
    reason: str = ""
    before: dict[str, Any] | None = None
    generation: int = 0
    revision: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
