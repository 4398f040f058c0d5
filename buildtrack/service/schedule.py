"""Milestones, progress reports and work packages.

A milestone is named by its id (what the UI sends), its number or its name. A recorded fact is never
replaced without the person's confirmation: a milestone already done on another date, a day's progress
report with another figure or note. Done dates and report dates in the future are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from buildtrack.domain.errors import InvalidInput, NeedsConfirmation, NotFound
from buildtrack.domain.lookup import find_milestone
from buildtrack.domain.model import Milestone, ProgressEntry, Project, WorkPackage, replace
from buildtrack.domain.percent import format_percent
from buildtrack.domain.schedule import work_package_percent
from buildtrack.domain.stages import standard_chain
from buildtrack.i18n import _
from buildtrack.service.core import ServiceCore, replace_at

FROM_PACKAGES = "from work packages"


class ScheduleChanges(ServiceCore):
    # milestones ------------------------------------------------------------------------------
    def add_milestone(
        self, typed: str, name: str, due: dt.date, stage: str | None = None, note: str = "", seen: int | None = None
    ) -> Project:
        def mutate(project: Project) -> Project:
            milestone = Milestone(
                id=self._id("m", (m.id for m in project.milestones)),
                name=name.strip(),
                due=due,
                baseline_due=due,
                stage=stage,
                note=note,
            )
            return replace(project, milestones=project.milestones + (milestone,))

        return self._change(typed, "add milestone", mutate, seen=seen)

    def _milestone_change(
        self,
        typed: str,
        which: str,
        action: str,
        edit: Callable[[Milestone], Milestone],
        reason: str = "",
        seen: int | None = None,
    ) -> Project:
        def mutate(project: Project) -> Project:
            index = find_milestone(project, which)
            return replace(project, milestones=replace_at(project.milestones, index, edit(project.milestones[index])))

        return self._change(typed, action, mutate, reason, seen)

    def mark_done(
        self, typed: str, which: str, on: dt.date | None = None, seen: int | None = None, replace_date: bool = False
    ) -> Project:
        """Record the day a milestone was done; an earlier recorded day is replaced only with ``replace_date``."""
        day = self._not_future(on or self.today(), _("the done date"))

        def edit(milestone: Milestone) -> Milestone:
            if milestone.done_on is not None and milestone.done_on != day and not replace_date:
                raise NeedsConfirmation(
                    _("{name!r} was already done on {done_on}; replace that with {day}?").format(
                        name=milestone.name, done_on=milestone.done_on.isoformat(), day=day.isoformat()
                    )
                )
            return replace(milestone, done_on=day)

        return self._milestone_change(typed, which, "milestone done", edit, seen=seen)

    def undo_done(self, typed: str, which: str, seen: int | None = None) -> Project:
        def edit(milestone: Milestone) -> Milestone:
            if milestone.done_on is None:
                raise InvalidInput(_("milestone {name!r} is not marked done").format(name=milestone.name))
            return replace(milestone, done_on=None)

        return self._milestone_change(typed, which, "milestone undone", edit, seen=seen)

    def reschedule(self, typed: str, which: str, due: dt.date, reason: str, seen: int | None = None) -> Project:
        """Move a milestone's due date; the baseline stays so the slippage shows. A reason is required."""
        if not reason.strip():
            raise InvalidInput(_("a reason is required to reschedule a milestone"))
        return self._milestone_change(
            typed, which, "milestone moved", lambda m: replace(m, due=due), reason.strip(), seen
        )

    def edit_milestone(self, typed: str, which: str, seen: int | None = None, **fields: object) -> Project:
        """Change a milestone's name, stage or note (dates go through reschedule and mark done)."""
        return self._milestone_change(typed, which, "edit milestone", lambda m: replace(m, **fields), seen=seen)

    def remove_milestone(self, typed: str, which: str, seen: int | None = None) -> Project:
        def mutate(project: Project) -> Project:
            index = find_milestone(project, which)
            return replace(project, milestones=project.milestones[:index] + project.milestones[index + 1 :])

        return self._change(typed, "remove milestone", mutate, seen=seen)

    def apply_standard_chain(self, typed: str, seen: int | None = None) -> Project:
        """Add the standard health-construction milestones spread between planned start and finish."""
        return self._change(typed, "add standard milestones", self.with_chain, seen=seen)

    def with_chain(self, project: Project) -> Project:
        if not (project.planned_start and project.planned_finish):
            raise InvalidInput(
                _("{code}: set planned start and finish first; the chain is spread between them").format(
                    code=project.code
                )
            )
        existing = {milestone.stage for milestone in project.milestones}
        taken = [m.id for m in project.milestones]
        chain = standard_chain(project.planned_start, project.planned_finish, lambda: self._id("m", taken))
        added = tuple(milestone for milestone in chain if milestone.stage not in existing)
        return replace(project, milestones=project.milestones + added)

    # progress --------------------------------------------------------------------------------
    def record_progress(
        self,
        typed: str,
        percent: Decimal,
        on: dt.date | None = None,
        note: str = "",
        seen: int | None = None,
        replace_entry: bool = False,
    ) -> Project:
        """Add a progress report; a report of that day with another figure or note is replaced only with
        ``replace_entry``."""
        day = self._not_future(on or self.today(), _("the date of the report"))

        def mutate(project: Project) -> Project:
            same_day = next((entry for entry in project.progress if entry.on == day), None)
            if same_day is not None and (same_day.percent, same_day.note) != (percent, note) and not replace_entry:
                raise NeedsConfirmation(
                    _("{code} already has a report on {day}: {old}; replace it with {new}?").format(
                        code=project.code,
                        day=day.isoformat(),
                        old=format_percent(same_day.percent) + (f" ({same_day.note})" if same_day.note else ""),
                        new=format_percent(percent) + (f" ({note})" if note else ""),
                    )
                )
            return self._with_progress(project, day, percent, note)

        return self._change(typed, "progress", mutate, seen=seen)

    def _with_progress(self, project: Project, day: dt.date, percent: Decimal, note: str) -> Project:
        same_day = next((entry for entry in project.progress if entry.on == day), None)
        entry_id = same_day.id if same_day else self._id("r", (entry.id for entry in project.progress))
        kept = tuple(entry for entry in project.progress if entry.on != day)
        return replace(project, progress=kept + (ProgressEntry(id=entry_id, on=day, percent=percent, note=note),))

    def set_work_package(
        self,
        typed: str,
        name: str,
        weight: Decimal | None = None,
        percent: Decimal | None = None,
        seen: int | None = None,
    ) -> Project:
        """Create or update a work package and record the weighted overall percent as today's progress
        (a figure reported by hand for today is kept, not overwritten)."""

        def mutate(project: Project) -> Project:
            packages = list(project.work_packages)
            index = next(
                (i for i, package in enumerate(packages) if package.name == name.strip() or package.id == name), None
            )
            changes = {key: value for key, value in (("weight", weight), ("percent", percent)) if value is not None}
            if index is None:
                packages.append(WorkPackage(id=self._id("w", (p.id for p in packages)), name=name.strip(), **changes))
            else:
                packages[index] = replace(packages[index], **changes)
            return self._with_package_progress(replace(project, work_packages=tuple(packages)))

        return self._change(typed, f"set work package {name.strip()}", mutate, seen=seen)

    def remove_work_package(self, typed: str, name: str, seen: int | None = None) -> Project:
        def mutate(project: Project) -> Project:
            matches = [p for p in project.work_packages if p.name == name.strip() or p.id == name]
            if not matches:
                raise NotFound(_("{code} has no work package {name!r}").format(code=project.code, name=name.strip()))
            kept = tuple(package for package in project.work_packages if package not in matches)
            return self._with_package_progress(replace(project, work_packages=kept))

        return self._change(typed, f"remove work package {name.strip()}", mutate, seen=seen)

    def _with_package_progress(self, project: Project) -> Project:
        percent = work_package_percent(project)
        day = self.today()
        reported = next((e for e in project.progress if e.on == day and e.note != FROM_PACKAGES), None)
        if percent is None or reported is not None:
            return project
        return self._with_progress(project, day, percent, FROM_PACKAGES)
