"""Find what a user typed: a project by code or name prefix, a milestone by number or name prefix, a funding
source however an office writes it; when nothing fits, the message suggests the closest names."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from typing import TypeVar

from buildtrack import i18n
from buildtrack.domain.catalogue import SOURCE_ALIASES
from buildtrack.domain.errors import NotFound
from buildtrack.domain.model import Project, Settings
from buildtrack.domain.words import simplified

T = TypeVar("T")


def transpositions_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) between two strings: P-041 is 1 from P-014."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _suggest(typed: str, shown_by_label: dict[str, str]) -> str:
    """ " did you mean …?": labels within two edits first (typos in codes), then difflib's close names."""
    wanted = typed.strip().lower()
    by_lower = {label.lower(): shown for label, shown in shown_by_label.items()}
    near = sorted(
        (transpositions_distance(wanted, label), sorted(label) != sorted(wanted), label)
        for label in by_lower
        if abs(len(label) - len(wanted)) <= 2
    )  # fewest edits first; among equals, the same characters reordered (a swapped pair of digits)
    close = [label for distance, _, label in near if distance <= min(2, len(wanted) // 2)]
    close += difflib.get_close_matches(wanted, list(by_lower), n=3, cutoff=0.6)
    names = list(dict.fromkeys(by_lower[match] for match in close))[:3]
    return i18n._("; did you mean {names}?").format(names=i18n._(" or ").join(names)) if names else ""


def _by_prefix(typed: str, labelled: list[tuple[str, T]], what: str) -> T | None:
    """The single item whose label starts with ``typed`` (case-insensitive), None if nothing matches."""
    prefix = typed.strip().lower()
    hits: list[T] = []
    for label, item in labelled:
        if prefix and label.lower().startswith(prefix) and item not in hits:
            hits.append(item)
    if len(hits) > 1:
        raise NotFound(
            i18n._("{what} {typed!r} is ambiguous: it matches {count}; type more of it").format(
                what=what, typed=typed, count=len(hits)
            )
        )
    return hits[0] if hits else None


def find_project(projects: Sequence[Project], typed: str) -> Project:
    """By exact code (any case), else by unambiguous prefix of the English or Chinese name."""
    wanted = typed.strip().lower()
    for project in projects:
        if project.code.lower() == wanted:
            return project
    labelled = [(name, project) for project in projects for name in (project.name, project.name_zh) if name]
    found = _by_prefix(typed, labelled, i18n._("project"))
    if found is not None:
        return found
    shown = {label: f"{project.code} ({project.display_name()})" for label, project in labelled}
    shown.update({project.code: f"{project.code} ({project.display_name()})" for project in projects})
    raise NotFound(i18n._("no project {typed!r}").format(typed=typed) + _suggest(typed, shown))


def find_milestone(project: Project, typed: str) -> int:
    """Index (0-based) of the milestone with the id ``typed``, or numbered ``typed`` (1-based), or named by
    an unambiguous prefix. The UI always sends the id of the milestone it showed."""
    text = typed.strip()
    for index, milestone in enumerate(project.milestones):
        if milestone.id == text:
            return index
    if text.isdecimal():
        if 1 <= int(text) <= len(project.milestones):
            return int(text) - 1
        raise NotFound(
            i18n._("{code} has no milestone {number}: it has {count}").format(
                code=project.code, number=text, count=len(project.milestones)
            )
        )
    labelled = [(milestone.name, index) for index, milestone in enumerate(project.milestones)]
    found = _by_prefix(typed, labelled, i18n._("milestone of {code}").format(code=project.code))
    if found is not None:
        return found
    shown = {milestone.name: milestone.name for milestone in project.milestones}
    raise NotFound(
        i18n._("{code} has no milestone {typed!r}").format(code=project.code, typed=typed) + _suggest(typed, shown)
    )


_SOURCE_PREFIXES = ("地方政府", "政府", "单位", "上级")
_SOURCE_SUFFIXES = ("资金", "投资", "款", " funds", " fund")


def _source_core(name: str) -> str:
    """A source name without the words offices add or drop (地方政府专项债券资金 → 专项债券, 单位自筹 → 自筹)."""
    core = simplified(unicodedata.normalize("NFKC", name)).strip().lower()
    for prefix in _SOURCE_PREFIXES:
        core = core.removeprefix(prefix)
    for suffix in _SOURCE_SUFFIXES:
        core = core.removesuffix(suffix)
    return core


def match_source(settings: Settings, typed: str) -> str | None:
    """The key of the one source ``typed`` names: its key or a name in either language, the name as offices
    shorten or lengthen it (专项债, 中央预算内资金, 单位自筹), or a known alias (对口援建); None when none or
    several fit."""
    hits = _source_hits(settings, typed)
    return hits[0] if len(hits) == 1 else None


def _source_hits(settings: Settings, typed: str) -> list[str]:
    text = simplified(unicodedata.normalize("NFKC", typed)).strip()
    for source in settings.sources:
        if text.lower() in (source.key.lower(), source.name.lower()) or text == source.name_zh:
            return [source.key]
    core = _source_core(text)
    if not core:
        return []
    if SOURCE_ALIASES.get(core) in {source.key for source in settings.sources}:
        return [SOURCE_ALIASES[core]]
    return [
        source.key
        for source in settings.sources
        if any(
            core == c or (len(core) >= 2 and c.startswith(core)) or (len(c) >= 4 and core.startswith(c))
            for c in (_source_core(name) for name in (source.name_zh, source.name) if name)
        )
    ]


def find_source(settings: Settings, typed: str) -> str:
    """A funding source's key from what a person typed (see ``match_source``), or a one-line refusal in the
    user's language that suggests the closest catalogue names."""
    hits = _source_hits(settings, typed)
    if len(hits) == 1:
        return hits[0]
    shown = {}
    for source in settings.sources:
        label = f"{source.display_name()} ({source.key})"
        shown.update({name: label for name in (source.key, source.name, source.name_zh) if name})
    if hits:  # several fit (财政 → 财政配套资金 or 财政专项资金)
        hint = i18n._("; did you mean {names}?").format(names=i18n._(" or ").join(shown[key] for key in hits))
    else:
        hint = _suggest(typed, shown) or i18n._("; see 'source list', or add it with 'source add'")
    raise NotFound(i18n._("funding source {typed!r} is not in the catalogue").format(typed=typed) + hint)
