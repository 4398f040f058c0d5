"""The one small interface the service uses to reach saved data, whatever keeps it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import StoreError
from buildtrack.domain.model import Portfolio, Project, Settings


class MissingDatabase(StoreError):
    """The database file does not exist (the CLI may offer to create it)."""


@dataclass(frozen=True)
class Commit:
    """Everything one user action changes, written all together or not at all.

    Each project in ``puts`` carries the revision it had when read (0 for a new project); the store
    refuses the commit if it holds another revision by now. ``records`` say what changed, one per
    project touched; the store keeps beside each what undoes it.
    """

    puts: tuple[Project, ...] = ()
    deletes: tuple[Project, ...] = ()
    settings: Settings | None = None
    records: tuple[ChangeRecord, ...] = field(default=())


class Store(Protocol):
    """Load the portfolio, commit changes atomically, and answer from the history it keeps."""

    where: str

    def load(self) -> Portfolio:
        """The whole portfolio as it is now."""
        ...

    def commit(self, commit: Commit) -> int:
        """Apply ``commit`` atomically after checking every revision; returns the new generation."""
        ...

    def project(self, code: str) -> Project | None:
        """One project by exact code (None if absent)."""
        ...

    def codes(self) -> list[str]:
        """Every project's code."""
        ...

    def settings(self) -> Settings:
        """The portfolio's settings."""
        ...

    def changes(self) -> list[ChangeRecord]:
        """The change log, oldest first."""
        ...

    def inspect(self) -> tuple[Portfolio, list[str]]:
        """The projects that decode, and what is wrong with every stored record that does not (for ``check``)."""
        ...

    def unreadable_log_lines(self) -> list[int]:
        """Numbers of change-log lines that cannot be read (empty where the log cannot be damaged)."""
        ...

    def portfolio_as_of(self, day: dt.date) -> Portfolio:
        """The portfolio as it stood at the end of ``day``."""
        ...

    def project_at(self, code: str, generation: int) -> Project | None:
        """Project ``code`` as it stood just before commit ``generation`` (None: it did not exist then);
        undo reads a change's before and after states with it."""
        ...

    def generation(self) -> int:
        """A number that grows with every commit, to notice changes made by others."""
        ...

    def tidy_backups(self) -> int:
        """Housekeeping after saves, off their path (the file store compresses older backups)."""
        ...

    def fingerprint(self) -> tuple[int, ...]:
        """A cheap token that changes whenever the stored data may have changed."""
        ...
