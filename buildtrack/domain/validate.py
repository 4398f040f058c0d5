"""Rules a project and the settings must satisfy before anything is saved or imported."""

from __future__ import annotations

from collections import Counter

from buildtrack.domain.model import CODE_PATTERN, FACILITY_TYPES, Project, Settings
from buildtrack.domain.percent import HUNDRED
from buildtrack.domain.stages import STANDARD_STAGES
from buildtrack.domain.text import stored_text_problems
from buildtrack.i18n import _

_STAGE_KEYS = {stage.key for stage in STANDARD_STAGES}


def _order_problems(project: Project) -> list[str]:
    problems = []
    pairs = (("planned_start", "planned_finish"), ("actual_start", "actual_finish"))
    for first, second in pairs:
        start, finish = getattr(project, first), getattr(project, second)
        if start and finish and finish < start:
            problems.append(
                _("{code}: {second}: {finish} is before {first} {start}").format(
                    code=project.code, second=second, finish=finish, first=first, start=start
                )
            )
    return problems


def _duplicates(project: Project, collection: str, labels: list[str]) -> list[str]:
    return [
        _("{code}: {collection}: {label!r} appears more than once").format(
            code=project.code, collection=collection, label=label
        )
        for label, n in Counter(labels).items()
        if n > 1
    ]


def project_problems(project: Project, settings: Settings) -> list[str]:
    """Every rule the project breaks, one line each, starting with its code and the field."""
    code = project.code or _("(no code)")
    problems = (
        [] if CODE_PATTERN.fullmatch(project.code) else [_("{code}: code: must look like P-014").format(code=code)]
    )
    if not project.name.strip() and not project.name_zh.strip():
        problems.append(_("{code}: name: a name is required (Chinese, English or both)").format(code=code))
    if project.facility_type not in FACILITY_TYPES:
        problems.append(
            _("{code}: facility_type: {facility_type!r} is not one of: {join}").format(
                code=code, facility_type=project.facility_type, join=", ".join(FACILITY_TYPES)
            )
        )
    problems += _order_problems(project)
    known = {source.key for source in settings.sources}
    for line in project.funding:
        if line.source not in known:
            problems.append(
                _("{code}: funding: source {source!r} is not in the catalogue ({join})").format(
                    code=code, source=line.source, join=", ".join(sorted(known))
                )
            )
    problems += _duplicates(project, "funding", [line.source for line in project.funding])
    for index, milestone in enumerate(project.milestones, start=1):
        if not milestone.name.strip():
            problems.append(_("{code}: milestones[{index}].name: a name is required").format(code=code, index=index))
        if milestone.stage is not None and milestone.stage not in _STAGE_KEYS:
            problems.append(
                _("{code}: milestones[{index}].stage: {stage!r} is not a standard stage").format(
                    code=code, index=index, stage=milestone.stage
                )
            )
    for index, package in enumerate(project.work_packages, start=1):
        if package.percent > HUNDRED:
            problems.append(
                _("{code}: work_packages[{index}].percent: {percent} is above 100").format(
                    code=code, index=index, percent=package.percent
                )
            )
        if package.weight <= 0:
            problems.append(_("{code}: work_packages[{index}].weight: must be positive").format(code=code, index=index))
    problems += _duplicates(project, "work_packages", [package.name for package in project.work_packages])
    for index, entry in enumerate(project.progress, start=1):
        if entry.percent > HUNDRED:
            problems.append(
                _("{code}: progress[{index}].percent: {percent} is above 100").format(
                    code=code, index=index, percent=entry.percent
                )
            )
    problems += _duplicates(project, "progress", [entry.on.isoformat() for entry in project.progress])
    problems += [f"{code}: {problem}" for problem in stored_text_problems(project)]
    problems += _money_problems(project)
    problems += _instrument_problems(project, settings)
    for collection, ids in _ids(project).items():
        problems += [
            _("{code}: {collection}: id {item!r} is used more than once").format(
                code=code, collection=collection, item=item
            )
            for item, n in Counter(ids).items()
            if n > 1
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
        _("{code}: funding from {source}: the correction of {day} has no reason").format(
            code=project.code, source=line.source, day=entry.on.isoformat()
        )
        for line in project.funding
        for entry in line.entries
        if entry.amount < 0 and not entry.reason.strip()
    ]


def _instrument_problems(project: Project, settings: Settings) -> list[str]:
    code = project.code
    problems = []
    for problem in project.problems:
        if not problem.description.strip():
            problems.append(_("{code}: problems: a problem needs a description").format(code=code))
        if not (problem.owner_unit.strip() or problem.owner_person.strip()):
            problems.append(
                _("{code}: problems: {description!r} needs an owner (unit or person)").format(
                    code=code, description=problem.description
                )
            )
        if problem.deadline < problem.raised_on:
            problems.append(
                _("{code}: problems: {description!r} has its deadline before it was raised").format(
                    code=code, description=problem.description
                )
            )
        if problem.closed_on is not None and problem.closed_on < problem.raised_on:
            problems.append(
                _("{code}: problems: {description!r} is closed before it was raised").format(
                    code=code, description=problem.description
                )
            )
    kinds = {kind.key for kind in settings.approval_kinds}
    for approval in project.approvals:
        if approval.kind not in kinds:
            problems.append(
                _("{code}: approvals: kind {kind!r} is not in the checklist").format(code=code, kind=approval.kind)
            )
        if approval.issued_on and approval.valid_until and approval.valid_until < approval.issued_on:
            problems.append(
                _("{code}: approvals: {kind} is valid until before it was issued").format(code=code, kind=approval.kind)
            )
    problems += _duplicates(project, "approvals", [approval.kind for approval in project.approvals])
    problems += _duplicates(project, "annual_plans", [str(plan.year) for plan in project.annual_plans])
    problems += _duplicates(project, "completions", [entry.month.isoformat() for entry in project.completions])
    return problems


def settings_problems(settings: Settings) -> list[str]:
    """Every rule the settings break: unique non-empty source keys, a threshold between 0 and 100."""
    keys = [source.key for source in settings.sources]
    problems = [
        _("settings: sources: key {key!r} appears more than once").format(key=key)
        for key, n in Counter(keys).items()
        if n > 1
    ]
    if any(not key.strip() for key in keys):
        problems.append(_("settings: sources: a source has an empty key"))
    problems += [f"settings: {problem}" for problem in stored_text_problems(settings)]
    if not 0 <= settings.at_risk_threshold <= HUNDRED:
        problems.append(_("settings: at_risk_threshold: must be between 0 and 100 percentage points"))
    return problems
