"""The bytes of a database: a file on disk replaced whole and atomically, or the same bytes held in memory.

The bytes are in the line layout of ``line_layout.py`` (one project per line), which TinyDB still reads.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from buildtrack.files import atomic_write_bytes
from buildtrack.storage import line_layout


class DatabaseFile:
    """A database file that is only ever replaced by a whole new file renamed over it, never written in place."""

    HEAD_LIMIT = 1 << 20  # the first line holds the settings: a few kilobytes; longer means another layout

    def __init__(self, path: Path):
        self.path: Path | None = Path(path)

    def read_tables(self) -> line_layout.Tables | None:
        data = self.read_bytes()
        return line_layout.read_tables(data) if data is not None and data.strip() else None

    def read_bytes(self) -> bytes | None:
        """The file's bytes (a compressed backup, ``.gz``, is read through gzip)."""
        assert self.path is not None
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return gzip.decompress(data) if self.path.suffix == ".gz" else data

    def read_head(self) -> dict[str, Any] | None:
        """The first line's tables (settings) without reading the projects, if the file is laid out."""
        assert self.path is not None
        try:
            with open(self.path, "rb") as handle:
                head = handle.readline(self.HEAD_LIMIT)
        except OSError:
            return None
        return line_layout.read_header(head)

    def write_bytes(self, data: bytes | list[line_layout.Document]) -> None:
        assert self.path is not None
        atomic_write_bytes(self.path, data)

    def stamp(self) -> tuple[int, ...]:
        """The file's identity, size and times: different after any replacement of the file (no read)."""
        assert self.path is not None
        try:
            status = self.path.stat()
        except OSError:
            return ()
        return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class MemoryFile(DatabaseFile):
    """The same bytes held in memory, for tests and previews (so they run the file code path)."""

    def __init__(self) -> None:
        self.path = None
        self.data: bytes | None = None
        self.writes = 0

    def read_bytes(self) -> bytes | None:
        return self.data

    def read_head(self) -> dict[str, Any] | None:
        return None if self.data is None else line_layout.read_header(self.data)

    def write_bytes(self, data: bytes | list[line_layout.Document]) -> None:
        self.data, self.writes = data if isinstance(data, bytes) else b"".join(data), self.writes + 1

    def stamp(self) -> tuple[int, ...]:
        return (self.writes,)
