"""The bytes of a database: TinyDB storages that replace the whole file atomically, on disk or in memory.

The bytes are in the line layout of ``layout.py`` (one project per line), which TinyDB still reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from buildtrack.storage import layout
from buildtrack.storage.files import atomic_write_bytes


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes a whole new file and renames it over the old one, never in place."""

    HEAD_LIMIT = 1 << 20  # the first line holds the settings: a few kilobytes; longer means another layout

    def __init__(self, path: str | Path | None):
        self.path = None if path is None else Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        tables = self.read_tables()
        return None if tables is None else tables.as_raw()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_bytes(layout.encode_raw(data))

    def read_tables(self) -> layout.Tables | None:
        data = self.read_bytes()
        return layout.read_tables(data) if data is not None and data.strip() else None

    def read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None

    def read_head(self) -> dict[str, Any] | None:
        """The first line's tables (settings) without reading the projects, if the file is laid out."""
        try:
            with open(self.path, "rb") as handle:
                head = handle.readline(self.HEAD_LIMIT)
        except OSError:
            return None
        return layout.read_header(head)

    def write_bytes(self, data: bytes | list[layout.Document]) -> None:
        atomic_write_bytes(self.path, data)

    def stamp(self) -> tuple:
        """The file's identity, size and times: different after any replacement of the file (no read)."""
        try:
            status = self.path.stat()
        except OSError:
            return ()
        return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class MemoryJSONStorage(AtomicJSONStorage):
    """The same bytes held in memory, for tests and previews (so they run the file code path)."""

    def __init__(self):
        super().__init__(None)
        self.data: bytes | None = None
        self.writes = 0

    def read_bytes(self) -> bytes | None:
        return self.data

    def read_head(self) -> dict[str, Any] | None:
        return None if self.data is None else layout.read_header(self.data)

    def write_bytes(self, data: bytes | list[layout.Document]) -> None:
        self.data, self.writes = data if isinstance(data, bytes) else b"".join(data), self.writes + 1

    def stamp(self) -> tuple:
        return (self.writes,)
