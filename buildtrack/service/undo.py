"""Undo and redo: put back the projects a change touched, as they were just before (or after) it, and only
while nobody has changed those projects since.

A person is shown what will be undone before it is (``undoable`` describes it); the UI offers the changes
made in its own window first (the ``session`` marker in the log), others only when asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import ConflictError, NotFound
from buildtrack.domain.model import Project, replace
from buildtrack.i18n import _
from buildtrack.service.core import ServiceCore
from buildtrack.storage.base import Commit

_UNDO, _REDO = "undo", "redo"


@dataclass(frozen=True)
class Step:
    """One commit that can be undone (or, after an undo, redone): its log records, by project."""

    generation: int
    records: tuple[ChangeRecord, ...]
    redo: bool = False

    @property
    def session(self) -> str:
        return str(self.records[0].extra.get("session", ""))


def _undone(log: list[ChangeRecord]) -> dict[int, ChangeRecord]:
    """Generations whose change is undone now, with the undo record that did it (a redo takes it back)."""
    undone: dict[int, ChangeRecord] = {}
    for record in log:
        if record.action == _UNDO:
            undone[int(record.extra["undoes"])] = record
        elif record.action == _REDO:
            undone.pop(int(record.extra["redoes"]), None)
    return undone


def _group(log: list[ChangeRecord], generation: int) -> tuple[ChangeRecord, ...]:
    return tuple(record for record in log if record.generation == generation and record.project)


class UndoChanges(ServiceCore):
    def _mine(self, record: ChangeRecord, session: str | None) -> bool:
        return record.user == self.user and (session is None or record.extra.get("session", "") == session)

    def undoable(self, session: str | None = None) -> Step | None:
        """This user's latest change still standing (only those made in ``session`` when given)."""
        log = self.store.changes()
        undone = _undone(log)
        for record in reversed(log):
            if (
                record.project
                and record.action not in (_UNDO, _REDO)
                and record.generation not in undone
                and self._mine(record, session)
            ):
                return Step(record.generation, _group(log, record.generation))
        return None

    def redoable(self, session: str | None = None) -> Step | None:
        """The change this user undid last, while no newer change of theirs stands after that undo."""
        log = self.store.changes()
        undone = _undone(log)
        for record in reversed(log):
            if not (record.project and self._mine(record, session)):
                continue
            if record.action == _UNDO and int(record.extra["undoes"]) in undone:
                generation = int(record.extra["undoes"])
                return Step(generation, _group(log, generation), redo=True)
            if record.action not in (_UNDO, _REDO):
                return None  # a newer change of theirs: redoing the older undo would skip over it
        return None

    def undo_last(self) -> list[ChangeRecord]:
        """Revert this user's latest change, from any program (the command line's ``undo``)."""
        step = self.undoable()
        if step is None:
            raise NotFound(_("there is no change by {user} left to undo").format(user=self.user))
        return self.apply_step(step)

    def redo_last(self) -> list[ChangeRecord]:
        step = self.redoable()
        if step is None:
            raise NotFound(_("there is nothing of {user}'s to redo").format(user=self.user))
        return self.apply_step(step)

    def apply_step(self, step: Step) -> list[ChangeRecord]:
        """Undo (or redo) ``step``: every project it touched goes back to its state before (after) the change,
        refused when any of them has been changed since by anyone."""
        puts, deletes, records = [], [], []
        for record in step.records:
            before = self.store.project_at(record.project, step.generation)
            after = self.store.project_at(record.project, step.generation + 1)
            now = self.store.project(record.project)
            expected, wanted = (before, after) if step.redo else (after, before)
            if not _same(now, expected):
                raise ConflictError(
                    _("{code} was changed again after that change; nothing was undone").format(code=record.project)
                )
            if wanted is None:
                if now is not None:
                    deletes.append(now)
            else:
                puts.append(replace(wanted, revision=now.revision if now else 0))
            action, key = (_REDO, "redoes") if step.redo else (_UNDO, "undoes")
            extra = {key: step.generation}
            records.append(self._record(action, now, wanted, f"{action} of: {record.action}", **extra))
        self._commit(Commit(puts=tuple(puts), deletes=tuple(deletes), records=tuple(records)))
        return list(step.records)


def _same(first: Project | None, second: Project | None) -> bool:
    """Equal apart from the revision counter."""
    if first is None or second is None:
        return first is second
    return replace(first, revision=0) == replace(second, revision=0)
