"""The database file's byte layout: one project document per line, so nothing needs the whole file parsed.

The file stays one JSON object that TinyDB (or ``jq``) reads as usual::

    {"settings":{"1":{...}},"projects":{
    "1":{...},
    "2":{...}
    }}

orjson never writes a raw newline inside a value, so each middle line holds exactly one project. Reading
therefore keeps each project as its own unparsed bytes (a view into the file, no copy): a report parses and
decodes one project at a time instead of holding the whole parsed file, and a save re-encodes only the
projects it changes and writes the other lines as they were. A file in any other layout (hand-edited,
written by TinyDB) is read whole instead; the next save lays it out again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

PROJECTS = "projects"
_OPEN = b'"projects":{'
_CLOSE = b"}}"

Document = bytes | memoryview  # one project's JSON, unparsed


class NotTables(ValueError):
    """The JSON is valid but not an object of tables (a list, a number …)."""


@dataclass
class Tables:
    """The file's tables: every table but ``projects`` parsed, the projects as one document per id.

    ``projects`` is None when the file has no projects table (then it is not a buildtrack database).
    """

    others: dict[str, Any]
    projects: dict[str, Document] | None

    def as_raw(self) -> dict[str, Any]:
        """Everything parsed, as TinyDB's storages hand it over (migrations, TinyDB's ``read``)."""
        if self.projects is None:
            return dict(self.others)
        return {**self.others, PROJECTS: {key: orjson.loads(value) for key, value in self.projects.items()}}


def read_tables(data: bytes) -> Tables:
    """Split ``data`` into tables; raises ``orjson.JSONDecodeError`` for invalid JSON, ``NotTables`` for other JSON."""
    return _laid_out(data) or whole_tables(data)


def whole_tables(data: bytes) -> Tables:
    """Parse the whole file at once (any layout); each project is encoded back to its own document."""
    raw = orjson.loads(data)
    if not isinstance(raw, dict):
        raise NotTables(f"expected an object of tables, got {type(raw).__name__}")
    projects = raw.pop(PROJECTS, None)
    if not isinstance(projects, dict):
        return Tables(raw, None)
    return Tables(raw, {str(key): orjson.dumps(value) for key, value in projects.items()})


def _laid_out(data: bytes) -> Tables | None:
    """The tables of a file in our line layout, or None for anything else (read whole then)."""
    body = data[:-1] if data.endswith(b"\n") else data
    first = body.find(b"\n")
    last = body.rfind(b"\n")
    if first < 0 or not body.endswith(_CLOSE) or last != len(body) - len(_CLOSE) - 1:
        return None
    others = _header(body[:first])
    if others is None:
        return None
    view, start = memoryview(body), first + 1
    projects: dict[str, Document] = {}
    while start < last:
        end = body.find(b"\n", start, last + 1)
        final = end == last
        piece_end = end if final else end - 1
        if not final and body[piece_end] != ord(","):
            return None
        colon = body.find(b'":', start, piece_end)
        key = body[start + 1 : colon]
        if (
            body[start] != ord('"')
            or colon < 0
            or not key.isdigit()
            or body[colon + 2] != ord("{")
            or body[piece_end - 1] != ord("}")
        ):
            return None
        projects[key.decode()] = view[colon + 2 : piece_end]
        start = end + 1
    if projects and body[last - 1] == ord(","):
        return None
    return Tables(others, projects)


def _header(line: bytes) -> dict[str, Any] | None:
    """The tables before the projects from the first line, ``{"settings":{…},"projects":{``."""
    if not line.startswith(b"{") or not line.endswith(_OPEN):
        return None
    prefix = line[: -len(_OPEN)]
    if prefix == b"{":
        return {}
    if not prefix.endswith(b","):
        return None
    try:
        others = orjson.loads(prefix[:-1] + b"}")
    except orjson.JSONDecodeError:
        return None
    return others if isinstance(others, dict) and PROJECTS not in others else None


def read_header(data: bytes) -> dict[str, Any] | None:
    """The settings and other small tables from the first line alone, or None if the file is not laid out."""
    first = data.find(b"\n")
    return _header(data[:first]) if first >= 0 else None


def file_pieces(others: dict[str, Any], projects: dict[str, Document]) -> list[Document]:
    """The file's bytes in order, as pieces (unchanged projects are not copied): small tables first, then one project per line."""
    head = orjson.dumps(others)
    pieces: list[Document] = [b"{" + _OPEN if head == b"{}" else head[:-1] + b"," + _OPEN]
    for key, document in projects.items():
        pieces += (b"\n" + orjson.dumps(key) + b":", document, b",")
    if projects:
        pieces.pop()
    pieces.append(b"\n" + _CLOSE + b"\n")
    return pieces


def join_tables(others: dict[str, Any], projects: dict[str, Document]) -> bytes:
    """The file's bytes in the line layout."""
    return b"".join(file_pieces(others, projects))


def encode_raw(raw: dict[str, Any]) -> bytes:
    """A whole parsed database (as TinyDB hands it to a storage) in the line layout."""
    others = {key: value for key, value in raw.items() if key != PROJECTS}
    projects = raw.get(PROJECTS) or {}
    return join_tables(others, {str(key): orjson.dumps(value) for key, value in projects.items()})
