"""The append-only change log, kept beside the database as JSON lines.

It lives outside the database file so that a save never rewrites years of history. The database
records how many bytes of the log belong to committed changes (``log_size``): a writer first
truncates anything beyond that (a crash's leftovers), appends and fsyncs its lines, and only then
replaces the database; readers read only the committed bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import orjson

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import FieldChange


def encode_record(record: ChangeRecord) -> bytes:
    doc: dict[str, Any] = {
        "gen": record.generation,
        "at": record.at.isoformat(timespec="seconds"),
        "user": record.user,
        "project": record.project,
        "action": record.action,
        "revision": record.revision,
        "changes": [[c.field, c.old, c.new] for c in record.changes],
    }
    if record.reason:
        doc["reason"] = record.reason
    if record.undo:
        doc["undo"] = record.undo
    if record.created:
        doc["created"] = True
    if record.removed is not None:
        doc["removed"] = record.removed
    if record.extra:
        doc["extra"] = record.extra
    return orjson.dumps(doc) + b"\n"


def decode_record(line: bytes) -> ChangeRecord:
    doc = orjson.loads(line)
    return ChangeRecord(
        at=dt.datetime.fromisoformat(doc["at"]),
        user=doc["user"],
        project=doc["project"],
        action=doc["action"],
        changes=tuple(FieldChange(*change) for change in doc.get("changes", [])),
        reason=doc.get("reason", ""),
        undo=tuple(doc.get("undo", ())),
        created=doc.get("created", False),
        removed=doc.get("removed"),
        generation=doc["gen"],
        revision=doc.get("revision", 0),
        extra=doc.get("extra", {}),
    )


def parse_log(data: bytes) -> tuple[list[ChangeRecord], list[int]]:
    """Records in ``data`` and the line numbers that could not be read (reported by ``check``)."""
    records, bad = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(decode_record(line))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            bad.append(number)
    return records, bad


class FileChangeLog:
    """The log as a ``.changes.jsonl`` file next to the database."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self, committed: int) -> bytes:
        try:
            with open(self.path, "rb") as handle:
                return handle.read(committed)
        except FileNotFoundError:
            return b""

    def append(self, data: bytes, committed: int) -> int:
        """Drop bytes past ``committed`` (an interrupted save's), append ``data`` durably; the new size."""
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o640)
        with os.fdopen(descriptor, "r+b") as handle:
            size = handle.seek(0, os.SEEK_END)
            if size > committed:
                handle.truncate(committed)
            end = handle.seek(0, os.SEEK_END)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            return end + len(data)


class MemoryChangeLog:
    """The same contract in memory, for tests and throw-away portfolios."""

    def __init__(self) -> None:
        self.data = bytearray()

    def read(self, committed: int) -> bytes:
        return bytes(self.data[:committed])

    def append(self, data: bytes, committed: int) -> int:
        del self.data[committed:]
        self.data += data
        return len(self.data)
