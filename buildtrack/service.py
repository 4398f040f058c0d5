"""The portfolio service: turns a user's intention into a validated change, saved and logged.

The TUI and the CLI both call these methods; neither writes to the store itself. Each method
re-reads the project, applies one change, checks the rules, and commits it with the revision it
read, so a concurrent change by someone else is refused instead of overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import FieldChange, diff_projects, show_value
from buildtrack.domain.errors import ConflictError, InvalidInput, NotFound
from buildtrack.domain.funding import funding_problems
from buildtrack.domain.lookup import find_milestone, find_project
from buildtrack.domain.model import (
    FundingLine,
    Milestone,
    Portfolio,
    ProgressEntry,
    Project,
    Settings,
    WorkPackage,
    replace,
)
from buildtrack.domain.schedule import work_package_percent
from buildtrack.domain.stages import standard_chain
from buildtrack.domain.validate import project_problems, settings_problems
from buildtrack.reports.periodic import Period
from buildtrack.storage.base import Commit, Store
from buildtrack.storage.interchange import export_document, parse_document


@dataclass(frozen=True)
class Check:
    """What ``check`` found: one line per problem, and what the portfolio holds."""

    problems: list[str]
    projects: int
    milestones: int
    changes: int


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def _ordered(project: Project) -> Project:
    """Keep milestones in baseline order (numbers stay put when one is rescheduled) and progress by date."""
    return replace(
        project,
        milestones=tuple(sorted(project.milestones, key=lambda m: m.baseline_due)),
        progress=tuple(sorted(project.progress, key=lambda entry: entry.on)),
    )


def _replace_at(items: tuple, index: int, item: object) -> tuple:
    return items[:index] + (item,) + items[index + 1 :]


class PortfolioService:
    """Validated, logged changes to one portfolio on behalf of one user."""

    def __init__(
        self, store: Store, user: str, today: Callable[[], dt.date], clock: Callable[[], dt.datetime] = local_now
    ):
        self.store = store
        self.user = user
        self.today = today
        self.clock = clock

    # reading ---------------------------------------------------------------------------------
    def portfolio(self) -> Portfolio:
        return self.store.load()

    def portfolio_as_of(self, day: dt.date) -> Portfolio:
        """The portfolio as it stood at the end of ``day``: the one way anything gets a past portfolio."""
        return self.store.portfolio_as_of(day) if day < self.today() else self.store.load()

    def changes(self) -> list[ChangeRecord]:
        """The change log, oldest first."""
        return self.store.changes()

    def fingerprint(self) -> tuple[int, ...]:
        """A cheap token that changes whenever someone may have saved (the UI polls it)."""
        return self.store.fingerprint()

    def generation(self) -> int:
        """The store's commit number: greater after anyone's save."""
        return self.store.generation()

    @property
    def where(self) -> str:
        return self.store.where

    def check(self) -> Check:
        """Everything wrong with the stored data: damaged records, broken rules, unreadable log lines."""
        portfolio = self.portfolio()
        problems = settings_problems(portfolio.settings)
        for project in portfolio.sorted_projects():
            problems += project_problems(project, portfolio.settings) + funding_problems(project)
        records = self.changes()
        problems += [f"change log line {number} cannot be read" for number in self.store.unreadable_log_lines()]
        milestones = sum(len(project.milestones) for project in portfolio.projects.values())
        return Check(problems, len(portfolio.projects), milestones, len(records))

    # the interchange format ------------------------------------------------------------------
    def export_interchange(self) -> bytes:
        """The whole portfolio in the documented JSON interchange format."""
        return export_document(self.portfolio())

    def read_interchange(self, data: bytes, take_settings: bool = False) -> tuple[Settings, list[Project]]:
        """Settings and projects from an export, every problem listed (``DecodeError``); nothing is saved."""
        return parse_document(data, self.portfolio(), take_settings)

    def period(self, start: dt.date, end: dt.date) -> Period:
        """The portfolio at the end of the day before ``start`` and at the end of ``end``, and the changes logged in between."""
        logged = [record for record in self.changes() if record.project and start <= record.at.date() <= end]
        logged.sort(key=lambda record: (record.at, record.generation))
        eve = start - dt.timedelta(days=1)
        return Period(start, end, self.portfolio_as_of(eve), self.portfolio_as_of(end), tuple(logged))

    def project(self, typed: str) -> Project:
        """A project by code or unambiguous name prefix (``NotFound`` with a suggestion otherwise).

        An exact code decodes that project alone, so a change to one of 10,000 projects does not wait
        for the other 9,999; only a name (or a typo, for the suggestion) needs them all.
        """
        exact = self.store.project(typed.strip().upper())
        return exact if exact is not None else find_project(self.portfolio().sorted_projects(), typed)

    # committing ------------------------------------------------------------------------------
    def _record(self, action: str, old: Project | None, new: Project | None, reason: str = "", **extra) -> ChangeRecord:
        return ChangeRecord(
            at=self.clock(),
            user=self.user,
            project=(new or old).code,
            action=action,
            changes=_summary(old, new),
            reason=reason,
            extra=extra,
        )

    def _check(self, project: Project, settings: Settings) -> None:
        problems = project_problems(project, settings)
        if problems:
            raise InvalidInput(problems[0])

    def _change(self, typed: str, action: str, mutate: Callable[[Project], Project], reason: str = "") -> Project:
        """Apply ``mutate`` to the project named ``typed`` and commit it; returns the saved project."""
        old = self.project(typed)
        new = _ordered(mutate(old))
        if new == old:
            raise InvalidInput(f"{old.code}: nothing to change ({action} leaves it as it is)")
        self._check(new, self.store.settings())
        self.store.commit(Commit(puts=(new,), records=(self._record(action, old, new, reason),)))
        return replace(new, revision=new.revision + 1)

    # projects --------------------------------------------------------------------------------
    def next_code(self, prefix: str = "P") -> str:
        """The next free code like P-022 (one above the highest number in use with that prefix)."""
        numbers = [int(code.rpartition("-")[2]) for code in self.store.codes() if code.startswith(f"{prefix}-")]
        return f"{prefix}-{max(numbers, default=0) + 1:03d}"

    def add_project(self, project: Project, with_chain: bool = False) -> Project:
        """Save a new project (revision 0), optionally with the standard milestone chain."""
        if self.store.project(project.code) is not None:
            raise InvalidInput(f"project {project.code} already exists")
        new = _ordered(_with_chain(project) if with_chain else project)
        self._check(new, self.store.settings())
        self.store.commit(Commit(puts=(new,), records=(self._record("add project", None, new),)))
        return replace(new, revision=1)

    def update_project(self, typed: str, expected: dict | None = None, **fields) -> Project:
        """Change plain project fields (name, dates, total investment …); the code cannot change.

        ``expected`` holds the values the user saw: if someone else changed one of those fields
        meanwhile, the change is refused with both values named, so neither side's edit is lost.
        """
        if "code" in fields:
            raise InvalidInput("a project's code cannot change: it is how everything refers to it")

        def mutate(project: Project) -> Project:
            _check_expected(project, expected or {}, project)
            return replace(project, **fields)

        return self._change(typed, "edit project", mutate)

    def remove_project(self, typed: str) -> Project:
        project = self.project(typed)
        self.store.commit(Commit(deletes=(project,), records=(self._record("remove project", project, None),)))
        return project

    # funding ---------------------------------------------------------------------------------
    def set_funding(self, typed: str, source: str, expected: dict | None = None, **amounts) -> Project:
        """Create or update the line of ``source``: any of planned, received, paid (fen) and note."""

        def mutate(project: Project) -> Project:
            lines = list(project.funding)
            index = next((i for i, line in enumerate(lines) if line.source == source), None)
            if expected and index is not None:
                _check_expected(project, expected, lines[index])
            if index is None:
                lines.append(FundingLine(source=source, **amounts))
            else:
                lines[index] = replace(lines[index], **amounts)
            return replace(project, funding=tuple(lines))

        return self._change(typed, f"set funding {source}", mutate)

    def remove_funding(self, typed: str, source: str) -> Project:
        def mutate(project: Project) -> Project:
            if not any(line.source == source for line in project.funding):
                raise NotFound(f"{project.code} has no funding line from {source!r}")
            return replace(project, funding=tuple(line for line in project.funding if line.source != source))

        return self._change(typed, f"remove funding {source}", mutate)

    # milestones ------------------------------------------------------------------------------
    def add_milestone(self, typed: str, name: str, due: dt.date, stage: str | None = None, note: str = "") -> Project:
        milestone = Milestone(name=name.strip(), due=due, baseline_due=due, stage=stage, note=note)
        return self._change(typed, "add milestone", lambda p: replace(p, milestones=p.milestones + (milestone,)))

    def _milestone_change(
        self, typed: str, which: str, action: str, edit: Callable[[Milestone], Milestone], reason: str = ""
    ) -> Project:
        def mutate(project: Project) -> Project:
            index = find_milestone(project, which)
            return replace(project, milestones=_replace_at(project.milestones, index, edit(project.milestones[index])))

        return self._change(typed, action, mutate, reason)

    def mark_done(self, typed: str, which: str, on: dt.date | None = None) -> Project:
        day = on or self.today()
        return self._milestone_change(typed, which, "milestone done", lambda m: replace(m, done_on=day))

    def undo_done(self, typed: str, which: str) -> Project:
        def edit(milestone: Milestone) -> Milestone:
            if milestone.done_on is None:
                raise InvalidInput(f"milestone {milestone.name!r} is not marked done")
            return replace(milestone, done_on=None)

        return self._milestone_change(typed, which, "milestone undone", edit)

    def reschedule(self, typed: str, which: str, due: dt.date, reason: str) -> Project:
        """Move a milestone's due date; the baseline stays so the slippage shows. A reason is required."""
        if not reason.strip():
            raise InvalidInput("a reason is required to reschedule a milestone")
        return self._milestone_change(typed, which, "milestone moved", lambda m: replace(m, due=due), reason.strip())

    def edit_milestone(self, typed: str, which: str, **fields) -> Project:
        """Change a milestone's name, stage or note (dates go through reschedule and mark done)."""
        return self._milestone_change(typed, which, "edit milestone", lambda m: replace(m, **fields))

    def remove_milestone(self, typed: str, which: str) -> Project:
        def mutate(project: Project) -> Project:
            index = find_milestone(project, which)
            return replace(project, milestones=project.milestones[:index] + project.milestones[index + 1 :])

        return self._change(typed, "remove milestone", mutate)

    def apply_standard_chain(self, typed: str) -> Project:
        """Add the standard health-construction milestones spread between planned start and finish."""
        return self._change(typed, "add standard milestones", _with_chain)

    # progress --------------------------------------------------------------------------------
    def record_progress(self, typed: str, percent: Decimal, on: dt.date | None = None, note: str = "") -> Project:
        """Add (or replace, for the same date) a progress entry."""
        entry = ProgressEntry(on=on or self.today(), percent=percent, note=note)
        return self._change(typed, "progress", lambda p: _with_progress(p, entry))

    def set_work_package(
        self, typed: str, name: str, weight: Decimal | None = None, percent: Decimal | None = None
    ) -> Project:
        """Create or update a work package and record the weighted overall percent as today's progress."""

        def mutate(project: Project) -> Project:
            packages = list(project.work_packages)
            index = next((i for i, package in enumerate(packages) if package.name == name.strip()), None)
            changes = {key: value for key, value in (("weight", weight), ("percent", percent)) if value is not None}
            if index is None:
                packages.append(WorkPackage(name=name.strip(), **changes))
            else:
                packages[index] = replace(packages[index], **changes)
            return _with_package_progress(replace(project, work_packages=tuple(packages)), self.today())

        return self._change(typed, f"set work package {name.strip()}", mutate)

    def remove_work_package(self, typed: str, name: str) -> Project:
        def mutate(project: Project) -> Project:
            if not any(package.name == name.strip() for package in project.work_packages):
                raise NotFound(f"{project.code} has no work package {name.strip()!r}")
            kept = tuple(package for package in project.work_packages if package.name != name.strip())
            return _with_package_progress(replace(project, work_packages=kept), self.today())

        return self._change(typed, f"remove work package {name.strip()}", mutate)

    # settings and bulk -----------------------------------------------------------------------
    def update_settings(self, settings: Settings) -> None:
        problems = settings_problems(settings)
        if problems:
            raise InvalidInput(problems[0])
        record = ChangeRecord(at=self.clock(), user=self.user, project="", action="edit settings")
        self.store.commit(Commit(settings=settings, records=(record,)))

    def import_projects(self, projects: Iterable[Project], settings: Settings | None) -> tuple[int, int]:
        """Create new projects and update existing ones by code, all in one commit; (created, updated)."""
        current = self.portfolio()
        rules = settings or current.settings
        puts, records, created = [], [], 0
        for project in projects:
            old = current.projects.get(project.code)
            new = _ordered(replace(project, revision=old.revision if old else 0))
            self._check(new, rules)
            if old is not None and new == old:
                continue
            created += old is None
            puts.append(new)
            records.append(self._record("import", old, new))
        self.store.commit(Commit(puts=tuple(puts), settings=settings, records=tuple(records)))
        return created, len(puts) - created

    # undo ------------------------------------------------------------------------------------
    def undo_last(self) -> list[ChangeRecord]:
        """Revert this user's latest change that is not yet undone, if nobody changed those projects since."""
        log = self.store.changes()
        undone = {record.extra.get("undoes") for record in log if record.action == "undo"}
        candidates = [
            r for r in log if r.user == self.user and r.action != "undo" and r.generation not in undone and r.project
        ]
        if not candidates:
            raise NotFound(f"there is no change by {self.user} left to undo")
        generation = candidates[-1].generation
        group = [record for record in log if record.generation == generation and record.project]
        current = self.portfolio().projects
        puts, deletes, records = [], [], []
        for record in group:
            now = current.get(record.project)
            if _changed_since(log, record, undone):
                raise ConflictError(f"{record.project} was changed again after that change; undo it by hand")
            before = self.store.project_before(record)
            if before is None:
                deletes.append(now)
            else:
                puts.append(replace(before, revision=now.revision if now else 0))
            records.append(self._record("undo", now, before, f"undo of: {record.action}", undoes=generation))
        self.store.commit(Commit(puts=tuple(puts), deletes=tuple(deletes), records=tuple(records)))
        return group


def _check_expected(project: Project, expected: dict, holder: object) -> None:
    """Refuse when a field the user was editing was changed by someone else since they saw it."""
    for name, seen in expected.items():
        now = getattr(holder, name)
        if now != seen:
            raise ConflictError(
                f"{project.code}: {name} was changed by someone else to {show_value(name, now) or 'empty'} "
                f"while you edited it (you saw {show_value(name, seen) or 'empty'}); your value was not saved"
            )


def _changed_since(log: list[ChangeRecord], record: ChangeRecord, undone: set) -> bool:
    """True if a later change to the same project still stands (changes undone since do not count)."""
    later = [r for r in log if r.project == record.project and r.generation > record.generation]
    return any(r.generation not in undone and r.extra.get("undoes") not in undone for r in later)


def _summary(old: Project | None, new: Project | None) -> tuple[FieldChange, ...]:
    """Field changes for an edit; one line naming the project when it is created or removed."""
    if old is None and new is not None:
        return (FieldChange("project", "", f"{new.code} {new.name}"),)
    if new is None and old is not None:
        return (FieldChange("project", f"{old.code} {old.name}", ""),)
    return tuple(diff_projects(old, new))


def _with_chain(project: Project) -> Project:
    if not (project.planned_start and project.planned_finish):
        raise InvalidInput(f"{project.code}: set planned start and finish first; the chain is spread between them")
    existing = {milestone.stage for milestone in project.milestones}
    added = tuple(m for m in standard_chain(project.planned_start, project.planned_finish) if m.stage not in existing)
    return replace(project, milestones=project.milestones + added)


def _with_progress(project: Project, entry: ProgressEntry) -> Project:
    kept = tuple(existing for existing in project.progress if existing.on != entry.on)
    return replace(project, progress=kept + (entry,))


def _with_package_progress(project: Project, day: dt.date) -> Project:
    percent = work_package_percent(project)
    if percent is None:
        return project
    return _with_progress(project, ProgressEntry(on=day, percent=percent, note="from work packages"))
