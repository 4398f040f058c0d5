"""The change log in words a person reads: ``milestones[基础].done_on`` becomes "节点「基础」完成时间" and the
stored action "milestone done" becomes "节点完成", in the current language.

The log stores field paths and actions in one fixed (English) form so that it reads the same whichever
language wrote it; only their display is translated, never the names and values inside them (data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from buildtrack.domain.fields import PROJECT_FIELDS
from buildtrack.domain.labels import label
from buildtrack.i18n import NP_, _, pgettext

# parts of a field path: the collections and the attributes of their items
_PARTS = {
    "project": NP_("field", "project"),
    "funding": NP_("field", "funding"),
    "entries": NP_("field", "money"),
    "milestones": NP_("field", "milestone"),
    "work_packages": NP_("field", "work package"),
    "progress": NP_("field", "progress"),
    "problems": NP_("field", "problem"),
    "approvals": NP_("field", "approval"),
    "annual_plans": NP_("field", "annual plan"),
    "completions": NP_("field", "work done"),
    "source": NP_("field", "source"),
    "planned": NP_("field", "planned"),
    "amount": NP_("field", "amount"),
    "kind": NP_("field", "kind"),
    "on": NP_("field", "date"),
    "doc_no": NP_("field", "document number"),
    "reason": NP_("field", "reason"),
    "note": NP_("field", "note"),
    "name": NP_("field", "name"),
    "due": NP_("field", "due"),
    "baseline_due": NP_("field", "baseline"),
    "done_on": NP_("field", "done on"),
    "stage": NP_("field", "stage"),
    "weight": NP_("field", "weight"),
    "percent": NP_("field", "percent"),
    "description": NP_("field", "description"),
    "owner_unit": NP_("field", "unit responsible"),
    "owner_person": NP_("field", "person responsible"),
    "raised_on": NP_("field", "raised on"),
    "deadline": NP_("field", "deadline"),
    "meeting_on": NP_("field", "meeting"),
    "closed_on": NP_("field", "closed on"),
    "resolution": NP_("field", "resolution"),
    "issued_on": NP_("field", "issued on"),
    "valid_until": NP_("field", "valid until"),
    "not_needed": NP_("field", "not needed"),
    "year": NP_("field", "year"),
    "month": NP_("field", "month"),
}
# stored actions, longest first where one begins another; what follows the words (a source, a year) is data
_ACTIONS = {
    "add project": NP_("action", "project added"),
    "edit project": NP_("action", "project edited"),
    "remove project": NP_("action", "project removed"),
    "import": NP_("action", "imported"),
    "edit settings": NP_("action", "settings edited"),
    "edit with TinyDB": NP_("action", "edited with TinyDB"),
    "add standard milestones": NP_("action", "standard milestones added"),
    "add milestone": NP_("action", "milestone added"),
    "edit milestone": NP_("action", "milestone edited"),
    "remove milestone": NP_("action", "milestone removed"),
    "milestone done": NP_("action", "milestone done"),
    "milestone undone": NP_("action", "milestone reopened"),
    "milestone moved": NP_("action", "milestone rescheduled"),
    "mark done": NP_("action", "milestone done"),
    "progress": NP_("action", "progress reported"),
    "set work package": NP_("action", "work package set"),
    "remove work package": NP_("action", "work package removed"),
    "set funding": NP_("action", "funding set"),
    "remove funding": NP_("action", "funding removed"),
    "received": NP_("action", "money received"),
    "paid": NP_("action", "money paid"),
    "problem raised": NP_("action", "problem raised"),
    "problem closed": NP_("action", "problem closed"),
    "problem reopened": NP_("action", "problem reopened"),
    "approval": NP_("action", "approval recorded"),
    "annual plan": NP_("action", "annual plan set"),
    "investment completed": NP_("action", "work done reported"),
    "undo": NP_("action", "undo"),
    "redo": NP_("action", "redo"),
}
_SEGMENT = re.compile(r"(\w+)(?:\[([^\]]*)\])?")


def _part(name: str) -> str:
    for spec in PROJECT_FIELDS:
        if spec.name == name:
            return _(spec.label)
    marked = _PARTS.get(name)
    return pgettext(*marked) if marked else name


def field_words(path: str, sources: Mapping[str, str] | None = None) -> str:
    """A logged field path in words: each collection with the item it names, then the attribute; a funding
    line is named by its source's name in ``sources`` (key → name shown) when given, not by its key."""
    words = []
    for segment in path.split("."):
        match = _SEGMENT.fullmatch(segment)
        if match is None:
            words.append(segment)
            continue
        name, item = match.groups()
        if item is None:
            words.append(_part(name))
            continue
        item = re.sub(r" #\w+$", "", item)  # the id that tells two same-named items apart
        if name == "funding" and sources:
            item = sources.get(item, item)
        if name == "entries":
            kind, _space, day = item.partition(" ")
            item = f"{label('money', kind)} {day}".strip()
        words.append(_("{part} “{item}”").format(part=_part(name), item=item))
    return " · ".join(words)


def action_words(action: str) -> str:
    """A stored action in words; the data that follows the action's own words (a source, a year) is kept."""
    for stored in sorted(_ACTIONS, key=len, reverse=True):
        if action == stored or action.startswith(stored + " "):
            rest = action[len(stored) :].strip()
            words = pgettext(*_ACTIONS[stored])
            return f"{words} {rest}" if rest else words
    return action
