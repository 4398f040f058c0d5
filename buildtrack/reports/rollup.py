"""Several portfolios as one (a city over its counties): codes that clash are qualified by their portfolio."""

from __future__ import annotations

import dataclasses
from collections import Counter

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio, replace
from buildtrack.reports.periodic import Period

Part = tuple[str, Portfolio, list[ChangeRecord]]


def combine(parts: list[Part], clashing: set[str] | None = None) -> tuple[Portfolio, list[ChangeRecord]]:
    """One portfolio and one change log; a code used by more than one part becomes "part:code", and a project
    that names no county counts under its part's name (a county's own file)."""
    if len(parts) == 1:
        return parts[0][1], parts[0][2]
    if clashing is None:
        clashing = _clashing([set(portfolio.projects) for _, portfolio, _ in parts])
    projects, records = {}, []
    for label, portfolio, logged in parts:
        rename = {
            code: f"{label}:{code}"
            for code in set(portfolio.projects) | {r.project for r in logged}
            if code in clashing
        }
        for code, project in portfolio.projects.items():
            new = rename.get(code, code)
            projects[new] = replace(project, code=new, county=project.county or label)  # a county's own file
        for record in logged:
            records.append(dataclasses.replace(record, project=rename.get(record.project, record.project)))
    first = parts[0][1].settings
    known = {source.key for source in first.sources}
    extra = []
    for _label, other, _log in parts[1:]:
        for source in other.settings.sources:
            if source.key not in known:
                known.add(source.key)
                extra.append(source)
    settings = replace(
        first, name=" + ".join(p.settings.name for _, p, _ in parts), sources=first.sources + tuple(extra)
    )
    records.sort(key=lambda record: record.at)
    return Portfolio(settings, projects), records


def combine_periods(parts: list[tuple[str, Period]]) -> Period:
    """One period over several portfolios, with the codes qualified alike at both ends and in the records."""
    if len(parts) == 1:
        return parts[0][1]
    first = parts[0][1]
    clashing = _clashing(
        [set(p.before.projects) | set(p.after.projects) | {r.project for r in p.records} for _, p in parts]
    )
    before, _ = combine([(label, period.before, []) for label, period in parts], clashing)
    after, records = combine([(label, period.after, list(period.records)) for label, period in parts], clashing)
    return Period(first.start, first.end, before, after, tuple(records))


def _clashing(codes_per_part: list[set[str]]) -> set[str]:
    return {code for code, n in Counter(code for codes in codes_per_part for code in codes).items() if n > 1}
