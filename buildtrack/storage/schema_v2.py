"""From schema v1 to v2: stable ids for every item, dated money entries instead of running totals.

A v1 project kept ``received_fen`` and ``paid_fen`` totals on each funding line; v2 keeps dated entries
(to account: 到位, paid: 支付) and derives the totals. The change log knows when each total moved, so a
project's whole history is replayed: every state the log can rebuild is converted in order, an
increase of a total becoming an entry dated on the day it was logged (a decrease: a correction with
its reason), and items keep one id from the state they first appear in to the last. The log's undo
patches are then recomputed between the converted states, so as-of dates, weekly and monthly reports
read the same history after the upgrade as before it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from buildtrack.storage.changelog import LogEntry, decode_entry, encode_entry
from buildtrack.storage.line_layout import Document
from buildtrack.storage.patches import previous_document, undo_patch

Doc = dict[str, Any]
LOWERED = "the total was lowered before money was kept as dated entries (schema v2 upgrade)"


@dataclass
class _Ids:
    """The ids one project's items have been given so far, so an item keeps its id across states."""

    milestones: list[tuple[str, Doc]] = field(default_factory=list)  # (id, v1 item) of the previous state
    funding: dict[str, str] = field(default_factory=dict)  # source → id
    packages: dict[str, str] = field(default_factory=dict)  # name → id
    progress: dict[str, str] = field(default_factory=dict)  # date → id
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def fresh(self, prefix: str) -> str:
        self.counts[prefix] += 1
        return f"{prefix}{self.counts[prefix]}"

    def keyed(self, table: dict[str, str], key: str, prefix: str) -> str:
        if key not in table:
            table[key] = self.fresh(prefix)
        return table[key]


def _milestone_ids(ids: _Ids, items: list[Doc]) -> list[str]:
    """Ids for a state's milestones: the same item as before keeps its id (the very same object, as undo
    patches leave untouched items; then equal content; then name and baseline; then baseline and place;
    then name); anything else is new."""
    previous = ids.milestones
    by_object = {id(item): index for index, (_, item) in enumerate(previous)}
    chosen: list[str | None] = [None] * len(items)
    free = set(range(len(previous)))
    for j, item in enumerate(items):
        index = by_object.get(id(item))
        if index is not None and index in free:
            chosen[j] = previous[index][0]
            free.discard(index)
    rules = (
        lambda old, new, i, j: old == new,
        lambda old, new, i, j: (old.get("name"), old.get("baseline_due")) == (new.get("name"), new.get("baseline_due")),
        lambda old, new, i, j: old.get("baseline_due") == new.get("baseline_due") and i == j,
        lambda old, new, i, j: old.get("name") == new.get("name"),
    )
    for rule in rules:
        for j, item in enumerate(items):
            if chosen[j] is None and free:
                match = next((i for i in sorted(free) if rule(previous[i][1], item, i, j)), None)
                if match is not None:
                    chosen[j] = previous[match][0]
                    free.discard(match)
    result = [given if given is not None else ids.fresh("m") for given in chosen]
    ids.milestones = list(zip(result, items, strict=True))
    return result


def _money(ids: _Ids, line: Doc, before: Doc | None, day: dt.date) -> list[Doc]:
    """The line's entries: those it had, plus one for each total that moved since (dated ``day``)."""
    entries = list(before["entries"]) if before else []
    for kind, key in (("received", "received_fen"), ("paid", "paid_fen")):
        had = sum(entry["amount_fen"] for entry in entries if entry["kind"] == kind)
        total = line.get(key) or 0
        moved = (total if isinstance(total, int) else 0) - had
        if moved:
            reason = LOWERED if moved < 0 else ""
            entries.append(
                {
                    "id": ids.fresh("e"),
                    "kind": kind,
                    "on": day.isoformat(),
                    "amount_fen": moved,
                    "doc_no": "",
                    "note": "",
                    "reason": reason,
                }
            )
    return entries


def convert(doc: Doc, day: dt.date, ids: _Ids | None = None, before: Doc | None = None) -> Doc:
    """One v1 project document as v2; ``before`` is the v2 state it follows (money moved since is dated ``day``).

    Anything that is not shaped like a v1 item is passed through unchanged, for the schema to name.
    """
    ids = ids or _Ids()
    lines_before = {line["source"]: line for line in (before or {}).get("funding", [])}
    converted = {key: value for key, value in doc.items() if key not in _LISTS}
    if not all(isinstance(doc.get(key) or [], list) for key in _LISTS):
        return doc  # not shaped like a v1 project: the schema names what is wrong
    funding, milestones, packages, progress = (doc.get(key) or [] for key in _LISTS)
    converted["funding"] = [
        {
            "id": ids.keyed(ids.funding, str(line["source"]), "f"),
            "source": line["source"],
            "planned_fen": line.get("planned_fen", 0),
            "note": line.get("note", ""),
            "entries": _money(ids, line, lines_before.get(line["source"]), day),
        }
        if _shaped(line, "source")
        else line
        for line in funding
    ]
    shaped = [item for item in milestones if _shaped(item, "name")]
    given = iter(_milestone_ids(ids, shaped))
    converted["milestones"] = [{"id": next(given), **item} if _shaped(item, "name") else item for item in milestones]
    converted["work_packages"] = [
        {"id": ids.keyed(ids.packages, str(item["name"]), "w"), **item} if _shaped(item, "name") else item
        for item in packages
    ]
    converted["progress"] = [
        {"id": ids.keyed(ids.progress, str(item["on"]), "r"), **item} if _shaped(item, "on") else item
        for item in progress
    ]
    return converted


_LISTS = ("funding", "milestones", "work_packages", "progress")


def _shaped(item: Any, key: str) -> bool:
    return isinstance(item, dict) and key in item


_PROJECT = re.compile(rb'"project":"((?:[^"\\]|\\.)*)"')


def convert_history(documents: dict[str, Document], log: bytes, today: dt.date) -> tuple[dict[str, Document], bytes]:
    """Every current project document and the whole committed log, as v2 (the log's lines in the same order).

    One project at a time: its documents and log lines are parsed, converted and written back as bytes,
    so a province's file is upgraded without holding its whole history as objects.
    """
    lines = log.splitlines(keepends=True)
    by_project: dict[str, list[int]] = defaultdict(list)
    for position, line in enumerate(lines):
        found = _PROJECT.search(line)
        if found and found.group(1):
            by_project[orjson.loads(b'"' + found.group(1) + b'"')].append(position)
    ids_by_code: dict[str, str] = {}
    for key, document in documents.items():
        code = orjson.loads(document).get("code")
        ids_by_code[code if isinstance(code, str) else f"#{key}"] = key
    converted: dict[str, Document] = {}
    for code in list(ids_by_code) + [code for code in by_project if code not in ids_by_code]:
        doc_id = ids_by_code.get(code)
        now = orjson.loads(documents[doc_id]) if doc_id is not None else None
        if doc_id is not None and now is not None and not isinstance(now, dict):
            converted[doc_id] = documents[doc_id]  # not a project at all: left for ``check`` to name
            continue
        entries = [decode_entry(lines[position]) for position in by_project.get(code, [])]
        states = _v2_states(_v1_states(now, entries), entries, today)
        for position, entry, before, after in zip(
            by_project.get(code, []), entries, states[:-1], states[1:], strict=True
        ):
            lines[position] = encode_entry(_recomputed(entry, before, after))
        if doc_id is not None and states[-1] is not None:
            converted[doc_id] = orjson.dumps(states[-1])
    return converted, b"".join(lines)


def _v2_states(states: list[Doc | None], entries: list[LogEntry], today: dt.date) -> list[Doc | None]:
    """The v1 states converted in order, items keeping their ids, money moved dated by the entry that moved it."""
    first_day = entries[0].record.at.date() if entries else today
    ids, previous, converted = _Ids(), None, []
    for index, state in enumerate(states):
        day = entries[index - 1].record.at.date() if index else first_day
        v2 = None if state is None else convert(state, day, ids, previous)
        converted.append(v2)
        previous = v2
        if v2 is None:
            ids = _Ids()  # a project removed and entered again is a new project
    return converted


def _v1_states(now: Doc | None, entries: list[LogEntry]) -> list[Doc | None]:
    """The project before its first logged change and after each one, rebuilt back from ``now``."""
    states: list[Doc | None] = [now]
    for entry in reversed(entries):
        states.insert(0, previous_document(entry, states[0]))
    return states


def _recomputed(entry: LogEntry, before: Doc | None, after: Doc | None) -> LogEntry:
    if entry.removed is not None:
        return replace(entry, removed=before)
    if entry.created or before is None or after is None:
        return replace(entry, undo=())
    return replace(entry, undo=tuple(undo_patch(before, after)))
