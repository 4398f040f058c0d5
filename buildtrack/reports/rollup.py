"""Several portfolios as one (a city over its counties): codes that clash are qualified by their portfolio."""

from __future__ import annotations

import dataclasses
from collections import Counter

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio


def combine(parts: list[tuple[str, Portfolio, list[ChangeRecord]]]) -> tuple[Portfolio, list[ChangeRecord]]:
    """One portfolio and one change log; a code used by more than one part becomes "part:code"."""
    if len(parts) == 1:
        return parts[0][1], parts[0][2]
    clashing = {code for code, n in Counter(code for _, p, _ in parts for code in p.projects).items() if n > 1}
    projects, records = {}, []
    for label, portfolio, logged in parts:
        rename = {code: f"{label}:{code}" for code in portfolio.projects if code in clashing}
        rename.update({r.project: f"{label}:{r.project}" for r in logged if r.project in clashing})
        for code, project in portfolio.projects.items():
            new = rename.get(code, code)
            projects[new] = dataclasses.replace(project, code=new)
        for record in logged:
            new = rename.get(record.project, record.project)
            removed = None if record.removed is None else {**record.removed, "code": new}
            records.append(dataclasses.replace(record, project=new, removed=removed))
    first = parts[0][1].settings
    known = {source.key for source in first.sources}
    extra = tuple(s for _, p, _ in parts[1:] for s in p.settings.sources if s.key not in known and not known.add(s.key))
    settings = dataclasses.replace(
        first, name=" + ".join(p.settings.name for _, p, _ in parts), sources=first.sources + extra
    )
    records.sort(key=lambda record: record.at)
    return Portfolio(settings, projects), records
