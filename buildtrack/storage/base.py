"""The one small interface the service uses to reach saved data, whatever keeps it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import ConflictError, StoreError
from buildtrack.domain.model import Portfolio, Project, Settings
from buildtrack.i18n import _


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

    def close(self) -> None:
        """Let go of what the store holds open (a server connection; nothing for a file)."""
        ...

    def listen(self, heard: Callable[[int], None]) -> Callable[[], None] | None:
        """Call ``heard(generation)`` from another thread after anyone's commit, and return what stops it; None
        when the store cannot tell (the file: the UI then asks ``fingerprint`` now and then)."""
        ...


def check_revision(project: Project, stored_revision: int | None, deleting: bool) -> None:
    """Refuse a commit made on a project someone else changed, added or removed since it was read."""
    if stored_revision is None:
        if project.revision or deleting:
            raise ConflictError(
                _("{code} was removed by someone else meanwhile; nothing was saved").format(code=project.code)
            )
        return
    if project.revision == 0 and not deleting:
        raise ConflictError(
            _("{code} already exists (someone else added it meanwhile); nothing was saved").format(code=project.code)
        )
    if stored_revision != project.revision:
        raise ConflictError(
            _(
                "{code} was changed by someone else since you read it (revision {revision}, now "
                "{revision2}); reload and redo your change; nothing was saved"
            ).format(code=project.code, revision=project.revision, revision2=stored_revision)
        )
