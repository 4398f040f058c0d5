"""Compact, exact undo information for the change log: how to turn a project document back into its previous form.

Storing the whole previous document with every change costs kilobytes per record; a province's
years of history would run to gigabytes. An undo patch holds only what changed: top-level fields
("set"), list items ("item", by position) and list lengths ("len").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from buildtrack.storage.base import Commit
from buildtrack.storage.changelog import LogEntry

Doc = dict[str, Any]
SKIPPED = {"revision"}  # the store's counter is not history


def undo_patch(old: Doc, new: Doc) -> list[list]:
    """Operations that turn ``new`` back into ``old``."""
    ops: list[list] = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if key in SKIPPED or before == after:
            continue
        if isinstance(before, list) and isinstance(after, list):
            ops += [
                ["item", key, index, item]
                for index, item in enumerate(before)
                if index >= len(after) or after[index] != item
            ]
            if len(before) != len(after):
                ops.append(["len", key, len(before)])
        else:
            ops.append(["set", key, before])
    return ops


def apply_undo(doc: Doc, ops: list[list]) -> Doc:
    """The document as it was before the change the operations describe."""
    result = dict(doc)
    for op in ops:
        if op[0] == "len":
            items = list(result.get(op[1]) or [])[: op[2]]
            result[op[1]] = items + [None] * (op[2] - len(items))
    copied = {op[1] for op in ops if op[0] == "len"}
    for op in ops:
        if op[0] == "set":
            result[op[1]] = op[2]
        elif op[0] == "item":
            if op[1] not in copied:
                result[op[1]] = list(result[op[1]])
                copied.add(op[1])
            result[op[1]][op[2]] = op[3]
    return result


def previous_document(entry: LogEntry, after: Doc | None) -> Doc | None:
    """The project's document just before ``entry``, given the one just after it (None: absent)."""
    if entry.created:
        return None
    if entry.removed is not None:
        return entry.removed
    return apply_undo(after or {}, list(entry.undo))


def touched(commit: Commit) -> set[str]:
    """The codes of the projects a commit records a change to."""
    return {record.project for record in commit.records if record.project}


def log_entries(
    commit: Commit, old_documents: dict[str, Doc], generation: int, new_documents: dict[str, Doc]
) -> list[LogEntry]:
    """The commit's records as log entries, each with what undoes it, from each touched project's stored
    document (absent: the commit creates it) and its new one: the same for every store."""
    deletes = {project.code for project in commit.deletes}
    entries = []
    for record in commit.records:
        code = record.project
        old = old_documents.get(code)
        new = new_documents.get(code)
        stamped = replace(record, generation=generation, revision=new["revision"] if new else 0)
        if code in deletes:
            entries.append(LogEntry(stamped, removed=old))
        elif new is not None:
            entries.append(LogEntry(stamped, tuple(undo_patch(old, new)) if old else (), created=old is None))
        else:
            entries.append(LogEntry(stamped))
    return entries
