"""The one small interface every front end and the service use to reach saved data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import BuildtrackError
from buildtrack.domain.model import Portfolio, Project, Settings


class StoreError(BuildtrackError):
    """The database file cannot be opened or written (missing, corrupt, newer version, disk error)."""


class ConflictError(StoreError):
    """Someone else changed a project (or the settings) after it was read; nothing was written."""


@dataclass(frozen=True)
class Commit:
    """Everything one user action changes, written all together or not at all.

    Each project in ``puts`` carries the revision it had when read (0 for a new project); the store
    refuses the commit if the file holds another revision by now.
    """

    puts: tuple[Project, ...] = ()
    deletes: tuple[Project, ...] = ()
    settings: Settings | None = None
    records: tuple[ChangeRecord, ...] = field(default=())


class Store(Protocol):
    """Load the portfolio, commit changes atomically, read the change log."""

    def load(self) -> Portfolio:
        """The whole portfolio as it is in the file now."""

    def commit(self, commit: Commit) -> int:
        """Apply ``commit`` under the lock after a fresh read; returns the new generation."""

    def project(self, code: str) -> Project | None:
        """One project by exact code (None if absent), without decoding the others."""

    def codes(self) -> list[str]:
        """Every project's code, without decoding the projects."""

    def settings(self) -> Settings:
        """The portfolio's settings, without decoding the projects."""

    def changes(self) -> list[ChangeRecord]:
        """The change log, oldest first."""

    def changes_after(self, day: dt.date) -> Iterator[ChangeRecord]:
        """The records dated after ``day``, newest first (older ones need not be read)."""

    def generation(self) -> int:
        """A number that grows with every commit, to notice changes made by others."""

    def fingerprint(self) -> tuple:
        """A cheap token that changes whenever the stored data may have changed."""
