"""Rules a project and the settings must satisfy before anything is saved or imported."""

from __future__ import annotations

from collections import Counter

from buildtrack.domain.model import CODE_PATTERN, FACILITY_TYPES, Project, Settings
from buildtrack.domain.percent import HUNDRED
from buildtrack.domain.stages import STANDARD_STAGES
from buildtrack.domain.text import stored_text_problems

_STAGE_KEYS = {stage.key for stage in STANDARD_STAGES}


def _order_problems(project: Project) -> list[str]:
    problems = []
    pairs = (("planned_start", "planned_finish"), ("actual_start", "actual_finish"))
    for first, second in pairs:
        start, finish = getattr(project, first), getattr(project, second)
        if start and finish and finish < start:
            problems.append(f"{project.code}: {second}: {finish} is before {first} {start}")
    return problems


def _duplicates(project: Project, collection: str, labels: list[str]) -> list[str]:
    return [
        f"{project.code}: {collection}: {label!r} appears more than once"
        for label, n in Counter(labels).items()
        if n > 1
    ]


def project_problems(project: Project, settings: Settings) -> list[str]:
    """Every rule the project breaks, one line each, starting with its code and the field."""
    code = project.code or "(no code)"
    problems = [] if CODE_PATTERN.fullmatch(project.code) else [f"{code}: code: must look like P-014"]
    if not project.name.strip() and not project.name_zh.strip():
        problems.append(f"{code}: name: a name is required (Chinese, English or both)")
    if project.facility_type not in FACILITY_TYPES:
        problems.append(f"{code}: facility_type: {project.facility_type!r} is not one of: {', '.join(FACILITY_TYPES)}")
    problems += _order_problems(project)
    known = {source.key for source in settings.sources}
    for line in project.funding:
        if line.source not in known:
            problems.append(
                f"{code}: funding: source {line.source!r} is not in the catalogue ({', '.join(sorted(known))})"
            )
    problems += _duplicates(project, "funding", [line.source for line in project.funding])
    for index, milestone in enumerate(project.milestones, start=1):
        if not milestone.name.strip():
            problems.append(f"{code}: milestones[{index}].name: a name is required")
        if milestone.stage is not None and milestone.stage not in _STAGE_KEYS:
            problems.append(f"{code}: milestones[{index}].stage: {milestone.stage!r} is not a standard stage")
    for index, package in enumerate(project.work_packages, start=1):
        if package.percent > HUNDRED:
            problems.append(f"{code}: work_packages[{index}].percent: {package.percent} is above 100")
        if package.weight <= 0:
            problems.append(f"{code}: work_packages[{index}].weight: must be positive")
    problems += _duplicates(project, "work_packages", [package.name for package in project.work_packages])
    for index, entry in enumerate(project.progress, start=1):
        if entry.percent > HUNDRED:
            problems.append(f"{code}: progress[{index}].percent: {entry.percent} is above 100")
    problems += _duplicates(project, "progress", [entry.on.isoformat() for entry in project.progress])
    problems += [f"{code}: {problem}" for problem in stored_text_problems(project)]
    problems += _money_problems(project)
    problems += _instrument_problems(project, settings)
    for collection, ids in _ids(project).items():
        problems += [
            f"{code}: {collection}: id {item!r} is used more than once" for item, n in Counter(ids).items() if n > 1
        ]
    return problems


def _ids(project: Project) -> dict[str, list[str]]:
    """The ids of each list a person can point into; each must be unique within its list."""
    return {
        "funding": [line.id for line in project.funding],
        "money entries": [entry.id for line in project.funding for entry in line.entries],
        "milestones": [milestone.id for milestone in project.milestones],
        "work_packages": [package.id for package in project.work_packages],
        "progress": [entry.id for entry in project.progress],
        "problems": [problem.id for problem in project.problems],
        "approvals": [approval.id for approval in project.approvals],
    }


def _money_problems(project: Project) -> list[str]:
    """A correction (a negative entry) must say why."""
    return [
        f"{project.code}: funding[{line.source}]: the correction of {entry.on.isoformat()} has no reason"
        for line in project.funding
        for entry in line.entries
        if entry.amount < 0 and not entry.reason.strip()
    ]


def _instrument_problems(project: Project, settings: Settings) -> list[str]:
    code = project.code
    problems = []
    for problem in project.problems:
        if not problem.description.strip():
            problems.append(f"{code}: problems: a problem needs a description")
        if not (problem.owner_unit.strip() or problem.owner_person.strip()):
            problems.append(f"{code}: problems: {problem.description!r} needs an owner (unit or person)")
        if problem.deadline < problem.raised_on:
            problems.append(f"{code}: problems: {problem.description!r} has its deadline before it was raised")
        if problem.closed_on is not None and problem.closed_on < problem.raised_on:
            problems.append(f"{code}: problems: {problem.description!r} is closed before it was raised")
    kinds = {kind.key for kind in settings.approval_kinds}
    for approval in project.approvals:
        if approval.kind not in kinds:
            problems.append(f"{code}: approvals: kind {approval.kind!r} is not in the checklist")
        if approval.issued_on and approval.valid_until and approval.valid_until < approval.issued_on:
            problems.append(f"{code}: approvals: {approval.kind} is valid until before it was issued")
    problems += _duplicates(project, "approvals", [approval.kind for approval in project.approvals])
    problems += _duplicates(project, "annual_plans", [str(plan.year) for plan in project.annual_plans])
    problems += _duplicates(project, "completions", [entry.month.isoformat() for entry in project.completions])
    return problems


def settings_problems(settings: Settings) -> list[str]:
    """Every rule the settings break: unique non-empty source keys, a threshold between 0 and 100."""
    keys = [source.key for source in settings.sources]
    problems = [f"settings: sources: key {key!r} appears more than once" for key, n in Counter(keys).items() if n > 1]
    if any(not key.strip() for key in keys):
        problems.append("settings: sources: a source has an empty key")
    problems += [f"settings: {problem}" for problem in stored_text_problems(settings)]
    if not 0 <= settings.at_risk_threshold <= HUNDRED:
        problems.append("settings: at_risk_threshold: must be between 0 and 100 percentage points")
    return problems
