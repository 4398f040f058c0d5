"""The office's instruments on a project: problems raised at dispatch meetings, pre-construction approvals,
the annual investment plan and the investment completed each month."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.errors import InvalidInput, NeedsConfirmation, NotFound
from buildtrack.domain.instruments import AnnualPlan, Approval, Completion, Problem, approval_kind
from buildtrack.domain.model import Project, replace
from buildtrack.domain.money import format_money_with_unit
from buildtrack.i18n import _
from buildtrack.service.core import ServiceCore, replace_at


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


class InstrumentChanges(ServiceCore):
    # problems (问题清单) -----------------------------------------------------------------------
    def add_problem(
        self,
        typed: str,
        description: str,
        owner_unit: str,
        owner_person: str,
        deadline: dt.date,
        raised_on: dt.date | None = None,
        meeting_on: dt.date | None = None,
        seen: int | None = None,
    ) -> Project:
        """A problem raised (at a dispatch meeting), with its owner and deadline; both are required."""
        raised = self._not_future(raised_on or self.today(), _("the date a problem was raised"))
        if not description.strip():
            raise InvalidInput(_("a problem needs a description"))
        if not (owner_unit.strip() or owner_person.strip()):
            raise InvalidInput(_("a problem needs an owner: a unit, a person or both"))

        def mutate(project: Project) -> Project:
            problem = Problem(
                id=self._id("q", (p.id for p in project.problems)),
                description=description.strip(),
                owner_unit=owner_unit.strip(),
                owner_person=owner_person.strip(),
                raised_on=raised,
                deadline=deadline,
                meeting_on=meeting_on,
            )
            return replace(project, problems=project.problems + (problem,))

        return self._change(typed, "problem raised", mutate, seen=seen)

    def _problem_change(
        self, typed: str, which: str, action: str, edit, reason: str = "", seen: int | None = None
    ) -> Project:
        def mutate(project: Project) -> Project:
            index = find_problem(project, which)
            return replace(project, problems=replace_at(project.problems, index, edit(project.problems[index])))

        return self._change(typed, action, mutate, reason, seen)

    def close_problem(
        self, typed: str, which: str, resolution: str, closed_on: dt.date | None = None, seen: int | None = None
    ) -> Project:
        """Close a problem (销号) with how it was resolved."""
        day = self._not_future(closed_on or self.today(), _("the date a problem was closed"))
        if not resolution.strip():
            raise InvalidInput(_("say how the problem was resolved"))

        def edit(problem: Problem) -> Problem:
            if problem.closed_on is not None:
                raise InvalidInput(_("that problem was already closed on {day}").format(day=problem.closed_on))
            if day < problem.raised_on:
                raise InvalidInput(
                    _("a problem cannot be closed before it was raised ({day})").format(day=problem.raised_on)
                )
            return replace(problem, closed_on=day, resolution=resolution.strip())

        return self._problem_change(typed, which, "problem closed", edit, seen=seen)

    def reopen_problem(self, typed: str, which: str, reason: str, seen: int | None = None) -> Project:
        if not reason.strip():
            raise InvalidInput(_("a reason is required to reopen a problem"))

        def edit(problem: Problem) -> Problem:
            if problem.closed_on is None:
                raise InvalidInput(_("that problem is still open"))
            return replace(problem, closed_on=None, resolution="")

        return self._problem_change(typed, which, "problem reopened", edit, reason.strip(), seen)

    # approvals (前期手续) ----------------------------------------------------------------------
    def set_approval(
        self,
        typed: str,
        kind: str,
        doc_no: str | None = None,
        issued_on: dt.date | None = None,
        valid_until: dt.date | None = None,
        not_needed: bool | None = None,
        note: str | None = None,
        seen: int | None = None,
    ) -> Project:
        """Record (or change) the project's approval of ``kind`` (its key or name): its document, issue date
        and expiry."""
        kinds = self.settings().approval_kinds
        known = approval_kind(kinds, kind)
        if known is None:
            keys = ", ".join(f"{item.key} ({item.name_zh})" for item in kinds)
            raise InvalidInput(_("approval {kind!r} is not in the checklist ({keys})").format(kind=kind, keys=keys))
        kind = known.key
        if issued_on is not None:
            self._not_future(issued_on, _("the date an approval was issued"))
        given = {
            "doc_no": doc_no,
            "issued_on": issued_on,
            "valid_until": valid_until,
            "not_needed": not_needed,
            "note": note,
        }
        changes = {name: value for name, value in given.items() if value is not None}

        def mutate(project: Project) -> Project:
            index = next((i for i, approval in enumerate(project.approvals) if approval.kind == kind), None)
            if index is None:
                approval = replace(Approval(id=self._id("a", (a.id for a in project.approvals)), kind=kind), **changes)
                return replace(project, approvals=project.approvals + (approval,))
            return replace(
                project, approvals=replace_at(project.approvals, index, replace(project.approvals[index], **changes))
            )

        return self._change(typed, f"approval {kind}", mutate, seen=seen)

    # annual plan and investment completed -------------------------------------------------------
    def set_annual_plan(self, typed: str, year: int, planned: int, note: str = "", seen: int | None = None) -> Project:
        """The year's planned investment (年度计划投资)."""
        if not 2000 <= year <= 2100:
            raise InvalidInput(_("year {year} is not a plan year").format(year=year))

        def mutate(project: Project) -> Project:
            kept = tuple(plan for plan in project.annual_plans if plan.year != year)
            return replace(project, annual_plans=kept + (AnnualPlan(year=year, planned=planned, note=note),))

        return self._change(typed, f"annual plan {year}", mutate, seen=seen)

    def record_completion(
        self,
        typed: str,
        month: dt.date,
        amount: int,
        note: str = "",
        seen: int | None = None,
        replace_entry: bool = False,
    ) -> Project:
        """The value of work done in ``month`` (投资完成额); another figure already given for it is replaced
        only with ``replace_entry``."""
        first = first_of_month(month)
        if first > first_of_month(self.today()):
            raise InvalidInput(
                _("{month} has not begun: work done is reported for months gone by").format(
                    month=first.strftime("%Y-%m")
                )
            )

        def mutate(project: Project) -> Project:
            known = next((entry for entry in project.completions if entry.month == first), None)
            if known is not None and known.amount != amount and not replace_entry:
                raise NeedsConfirmation(
                    _("{code} already has {amount} of work done in {month}; replace it with {new}?").format(
                        code=project.code,
                        amount=format_money_with_unit(known.amount, self.store.settings().display_unit),
                        month=first.strftime("%Y-%m"),
                        new=format_money_with_unit(amount, self.store.settings().display_unit),
                    )
                )
            kept = tuple(entry for entry in project.completions if entry.month != first)
            return replace(project, completions=kept + (Completion(month=first, amount=amount, note=note),))

        return self._change(typed, f"investment completed {first:%Y-%m}", mutate, seen=seen)


def find_problem(project: Project, typed: str) -> int:
    """A problem by id, by number (1-based, in the order raised), or by the start of its description."""
    text = typed.strip()
    for index, problem in enumerate(project.problems):
        if problem.id == text:
            return index
    if text.isdecimal() and 1 <= int(text) <= len(project.problems):
        return int(text) - 1
    hits = [index for index, problem in enumerate(project.problems) if text and problem.description.startswith(text)]
    if len(hits) == 1:
        return hits[0]
    raise NotFound(_("{code} has no problem {typed!r}").format(code=project.code, typed=typed))
