"""Undo: put back the projects a change touched, as they were just before it, if nobody changed them since."""

from __future__ import annotations

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import ConflictError, NotFound
from buildtrack.domain.model import replace
from buildtrack.service.core import ServiceCore
from buildtrack.storage.base import Commit


class UndoChanges(ServiceCore):
    def undo_last(self) -> list[ChangeRecord]:
        """Revert this user's latest change that is not yet undone, if nobody changed those projects since."""
        log = self.store.changes()
        undone = {record.extra.get("undoes") for record in log if record.action == "undo"}
        candidates = [
            r for r in log if r.user == self.user and r.action != "undo" and r.generation not in undone and r.project
        ]
        if not candidates:
            raise NotFound(f"there is no change by {self.user} left to undo")
        generation = candidates[-1].generation
        group = [record for record in log if record.generation == generation and record.project]
        current = self.portfolio().projects
        puts, deletes, records = [], [], []
        for record in group:
            now = current.get(record.project)
            if _changed_since(log, record, undone):
                raise ConflictError(f"{record.project} was changed again after that change; undo it by hand")
            before = self.store.project_before(record)
            if before is None:
                if now is not None:
                    deletes.append(now)
            else:
                puts.append(replace(before, revision=now.revision if now else 0))
            records.append(self._record("undo", now, before, f"undo of: {record.action}", undoes=generation))
        self.store.commit(Commit(puts=tuple(puts), deletes=tuple(deletes), records=tuple(records)))
        return group


def _changed_since(log: list[ChangeRecord], record: ChangeRecord, undone: set[object]) -> bool:
    """True if a later change to the same project still stands (changes undone since do not count)."""
    later = [r for r in log if r.project == record.project and r.generation > record.generation]
    return any(r.generation not in undone and r.extra.get("undoes") not in undone for r in later)
