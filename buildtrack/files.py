"""Crash-safe file writing: temporary file in the same folder, fsync, atomic rename, fsync of the folder.

A reader (or a crash) therefore sees either the old bytes or the new ones, never a mixture.

Portable: where ``os.writev`` is missing (Windows) the pieces are written one ``os.write`` at a time;
where a folder cannot be opened to fsync it (Windows), the rename is left to the file system's own
journal; and where another program holds the target open while it is renamed over (Windows refuses
that), the rename is retried for a moment before the save is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

Buffer = bytes | bytearray | memoryview
_IOV_MAX = os.sysconf("SC_IOV_MAX") if hasattr(os, "sysconf") else 1024
_REPLACE_ATTEMPTS = 20
NEW_FILE_MODE = 0o640  # owner and group may read; investment records are not world-readable


def atomic_write_bytes(path: Path, data: bytes | Sequence[Buffer]) -> None:
    """Replace ``path`` with ``data`` (bytes, or pieces written in order) atomically, keeping its permissions.

    Pieces go to the kernel as they are (``writev``), so a large file made of many unchanged parts is
    never copied into one buffer first.
    """
    path = Path(path)
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_MODE
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb", buffering=0) as handle:
            _write_all(handle.fileno(), [data] if isinstance(data, (bytes, bytearray, memoryview)) else data)
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        _replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    fsync_folder(path.parent)


def _replace(source: str, target: Path) -> None:
    """``os.replace``, retried briefly while another program has the target open (Windows refuses the rename then)."""
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(0.05)


def _write_all(fd: int, pieces: Sequence[Buffer]) -> None:
    """Write every byte of ``pieces``, however the kernel splits the work."""
    writev = getattr(os, "writev", None)
    if writev is None:  # Windows: one piece after another
        for piece in pieces:
            view = memoryview(piece)
            while view:
                view = view[os.write(fd, view) :]
        return
    pending = list(pieces)
    start = 0
    while start < len(pending):
        group = pending[start : start + _IOV_MAX]
        written = writev(fd, group)
        for piece in group:
            size = memoryview(piece).nbytes
            if written < size:  # the kernel stopped inside this piece: go on from there
                pending[start] = memoryview(piece)[written:]
                break
            written -= size
            start += 1


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stray_temporaries(path: Path) -> int:
    """Delete temporary files a killed writer left beside ``path``; returns how many."""
    removed = 0
    for stray in Path(path).parent.glob(f".{Path(path).name}.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            stray.unlink()
            removed += 1
    return removed
