"""Find what a user typed: a project by code or name prefix, a milestone by number or name prefix."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import TypeVar

from buildtrack.domain.errors import NotFound
from buildtrack.domain.model import Project, Settings

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
    return f"; did you mean {' or '.join(names)}?" if names else ""


def _by_prefix(typed: str, labelled: list[tuple[str, T]], what: str) -> T | None:
    """The single item whose label starts with ``typed`` (case-insensitive), None if nothing matches."""
    prefix = typed.strip().lower()
    hits: list[T] = []
    for label, item in labelled:
        if prefix and label.lower().startswith(prefix) and item not in hits:
            hits.append(item)
    if len(hits) > 1:
        raise NotFound(f"{what} {typed!r} is ambiguous: it matches {len(hits)}; type more of it")
    return hits[0] if hits else None


def find_project(projects: Sequence[Project], typed: str) -> Project:
    """By exact code (any case), else by unambiguous prefix of the English or Chinese name."""
    wanted = typed.strip().lower()
    for project in projects:
        if project.code.lower() == wanted:
            return project
    labelled = [(name, project) for project in projects for name in (project.name, project.name_zh) if name]
    found = _by_prefix(typed, labelled, "project")
    if found is not None:
        return found
    shown = {label: f"{project.code} ({project.name})" for label, project in labelled}
    shown.update({project.code: f"{project.code} ({project.name})" for project in projects})
    raise NotFound(f"no project {typed!r}{_suggest(typed, shown)}")


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
        raise NotFound(f"{project.code} has no milestone {text}: it has {len(project.milestones)}")
    labelled = [(milestone.name, index) for index, milestone in enumerate(project.milestones)]
    found = _by_prefix(typed, labelled, f"milestone of {project.code}")
    if found is not None:
        return found
    shown = {milestone.name: milestone.name for milestone in project.milestones}
    raise NotFound(f"{project.code} has no milestone {typed!r}{_suggest(typed, shown)}")


def find_source(settings: Settings, typed: str) -> str:
    """A funding source's key from its key, English or Chinese name, or the start of the Chinese name (财政配套)."""
    text = typed.strip()
    for source in settings.sources:
        if text in (source.key, source.name, source.name_zh) or (len(text) >= 4 and source.name_zh.startswith(text)):
            return source.key
    keys = ", ".join(source.key for source in settings.sources)
    raise NotFound(f"funding source {typed!r} is not in the catalogue ({keys}); add it with 'source add'")
