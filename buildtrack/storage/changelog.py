"""The append-only change log, kept beside the database as JSON lines.

It lives outside the database file so that a save never rewrites years of history. The database
records how many bytes of the log belong to committed changes (``log_size``): a writer first
truncates anything beyond that (a crash's leftovers), appends and fsyncs its lines, and only then
replaces the database; readers read only the committed bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import FieldChange
from buildtrack.files import atomic_write_bytes


@dataclass(frozen=True)
class LogEntry:
    """A record as the log keeps it: with what undoes it.

    ``undo`` turns the project's document after the change back into the one before it (see
    ``patches``); ``created`` marks a change that made the project and ``removed`` holds the whole
    document a removal took away. So any earlier state can be rebuilt exactly and a change undone.
    """

    record: ChangeRecord
    undo: tuple[Any, ...] = ()
    created: bool = False
    removed: dict[str, Any] | None = None


def encode_entry(entry: LogEntry) -> bytes:
    record = entry.record
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
    if entry.undo:
        doc["undo"] = entry.undo
    if entry.created:
        doc["created"] = True
    if entry.removed is not None:
        doc["removed"] = entry.removed
    if record.extra:
        doc["extra"] = record.extra
    return orjson.dumps(doc) + b"\n"


def decode_entry(line: bytes) -> LogEntry:
    doc = orjson.loads(line)
    record = ChangeRecord(
        at=dt.datetime.fromisoformat(doc["at"]),
        user=doc["user"],
        project=doc["project"],
        action=doc["action"],
        changes=tuple(FieldChange(*change) for change in doc.get("changes", [])),
        reason=doc.get("reason", ""),
        generation=doc["gen"],
        revision=doc.get("revision", 0),
        extra=doc.get("extra", {}),
    )
    return LogEntry(record, tuple(doc.get("undo", ())), doc.get("created", False), doc.get("removed"))


def parse_log(data: bytes) -> tuple[list[LogEntry], list[int]]:
    """Entries in ``data`` and the line numbers that could not be read (reported by ``check``)."""
    entries, bad = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(decode_entry(line))
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            bad.append(number)
    return entries, bad


_DATED = re.compile(rb'\{"gen":\d+,"at":"(\d{4}-\d\d-\d\d)')  # how ``encode_entry`` starts every line
_READ_BLOCK = 1 << 20


def entries_after(lines: Iterator[bytes], day: dt.date) -> Iterator[LogEntry]:
    """The readable entries dated after ``day`` among ``lines``, in the order given.

    Our lines begin with the generation and the time, so an older record is passed over by its first
    few bytes and never parsed; any other line is parsed in full to be sure.
    """
    after = day.isoformat().encode()
    for line in lines:
        dated = _DATED.match(line)
        if (dated is not None and dated.group(1) <= after) or not line.strip():
            continue
        try:
            entry = decode_entry(line)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            continue  # ``check`` reports unreadable lines
        if entry.record.at.date() > day:
            yield entry


def lines_newest_first(handle: BinaryIO, end: int) -> Iterator[bytes]:
    """The lines of the first ``end`` bytes of ``handle``, last line first, read a block at a time from the end."""
    position, tail = end, b""
    while position > 0:
        start = max(0, position - _READ_BLOCK)
        handle.seek(start)
        lines = (handle.read(position - start) + tail).split(b"\n")
        position, tail = start, lines[0]  # the first piece may continue in the block before
        yield from reversed(lines[1:])
    yield tail


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

    def newest_first(self, committed: int) -> Iterator[bytes]:
        try:
            with open(self.path, "rb") as handle:
                yield from lines_newest_first(handle, committed)
        except FileNotFoundError:
            return

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

    def replace(self, data: bytes) -> None:
        """The whole log rewritten at once, atomically (only a schema upgrade does this)."""
        atomic_write_bytes(self.path, data)


class MemoryChangeLog:
    """The same contract in memory, for tests and throw-away portfolios."""

    def __init__(self) -> None:
        self.data = bytearray()

    def read(self, committed: int) -> bytes:
        return bytes(self.data[:committed])

    def newest_first(self, committed: int) -> Iterator[bytes]:
        return lines_newest_first(io.BytesIO(self.read(committed)), committed)

    def append(self, data: bytes, committed: int) -> int:
        del self.data[committed:]
        self.data += data
        return len(self.data)

    def replace(self, data: bytes) -> None:
        self.data = bytearray(data)
