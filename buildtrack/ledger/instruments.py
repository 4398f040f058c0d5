"""The dispatch office's instruments as ledger sheets: dated money (资金拨付), problems (问题清单), approvals
(前期手续), annual plans (年度计划), work done (投资完成额) and work packages (分项工程).

Written by ``layout.ledger_sheets`` and read back by ``planning``: a sheet that lists a project replaces
that project's collection of its kind (ids kept where the same item comes back, so an exported ledger
imports as "unchanged"). Sheets not in the file leave the collections as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from buildtrack.domain.instruments import AnnualPlan, Approval, Completion, Problem
from buildtrack.domain.model import FundingLine, MoneyEntry, Project, WorkPackage, replace
from buildtrack.domain.words import MONEY_WORDS
from buildtrack.i18n import _
from buildtrack.ids import unused_id
from buildtrack.ledger.reading import Problem as Finding
from buildtrack.ledger.reading import Row


def _yuan(fen: int) -> Decimal:
    return Decimal(fen) / 100


def instrument_rows(
    project: Project, chinese: bool, approval_name: Callable[[str], str], source_name: Callable[[str], str]
) -> dict[str, list[list[Any]]]:
    """One project's rows on each instrument sheet (money in yuan as Decimal, dates as dates)."""
    return {
        "money": [
            [
                project.code,
                source_name(line.source),
                (MONEY_WORDS[e.kind][0] if chinese else e.kind.value),
                e.on,
                _yuan(e.amount),
                e.doc_no,
                e.note,
                e.reason,
            ]
            for line in project.funding
            for e in line.entries
        ],
        "problems": [
            [project.code, p.description, p.owner_unit, p.owner_person, p.raised_on, p.deadline, p.meeting_on]
            + [p.closed_on, p.resolution]
            for p in project.problems
        ],
        "approvals": [
            [project.code, approval_name(a.kind), a.doc_no, a.issued_on, a.valid_until, "是" if a.not_needed else ""]
            + [a.note]
            for a in project.approvals
        ],
        "plans": [[project.code, plan.year, _yuan(plan.planned), plan.note] for plan in project.annual_plans],
        "work_done": [[project.code, c.month.strftime("%Y-%m"), _yuan(c.amount), c.note] for c in project.completions],
        "packages": [[project.code, w.name, w.weight, w.percent] for w in project.work_packages],
    }


def _reused(old: Iterable[Any], key: Callable[[Any], Any]) -> Callable[[Any, str, list[str]], str]:
    """An id for each new item: the id of the old item with the same key, else an unused one."""
    ids = {key(item): item.id for item in old}

    def identify(new_key: Any, prefix: str, taken: list[str]) -> str:
        found = ids.pop(new_key, None)
        chosen = found if found is not None and found not in taken else unused_id(prefix, taken)
        taken.append(chosen)
        return chosen

    return identify


def with_instruments(
    project: Project, listed: dict[str, list[Row] | None], findings: list[Finding], as_of: dt.date
) -> Project:
    """``project`` with every instrument collection its sheets list replaced."""
    if listed.get("money"):
        project = _money(project, listed["money"] or [], findings, as_of)
    if listed.get("problems"):
        project = _problems(project, listed["problems"] or [], findings, as_of)
    if listed.get("approvals"):
        project = _approvals(project, listed["approvals"] or [], findings)
    if listed.get("plans"):
        plans = _by_key(listed["plans"] or [], "year", "annual_plan", AnnualPlan, findings)
        project = replace(project, annual_plans=plans)
    if listed.get("work_done"):
        done = _by_key(listed["work_done"] or [], "month", "work_done", Completion, findings)
        project = replace(project, completions=done)
    if listed.get("packages"):
        project = _packages(project, listed["packages"] or [], findings)
    return project


def _by_key(rows: list[Row], key: str, amount: str, make: Callable[..., Any], findings: list[Finding]) -> tuple:
    """One item per ``key`` (a year's plan, a month's work done), the last row for a key winning, in key order."""
    items = {
        r.values[key]: make(r.values[key], r.values.get(amount) or 0, _text(r, "note"))
        for r in rows
        if _required(r, (key,), findings)
    }
    return tuple(items[value] for value in sorted(items))


def _text(row: Row, name: str) -> str:
    return row.values.get(name) or (row.values.get("notes") or "" if name == "note" else "")


def _required(row: Row, names: tuple[str, ...], findings: list[Finding]) -> bool:
    missing = [name for name in names if row.values.get(name) in (None, "")]
    for name in missing:
        findings.append(Finding(row.sheet, row.number, name, _("{name} is required on this sheet").format(name=name)))
    return not missing


def _not_future(row: Row, name: str, as_of: dt.date, findings: list[Finding]) -> bool:
    day = row.values.get(name)
    if day is not None and day > as_of:
        findings.append(
            Finding(
                row.sheet, row.number, name, _("{day} is in the future (today is {as_of})").format(day=day, as_of=as_of)
            )
        )
        return False
    return True


def _money(project: Project, rows: list[Row], findings: list[Finding], as_of: dt.date) -> Project:
    """Every line's entries from the sheet: a line the sheet does not name keeps no money."""
    old = [entry for line in project.funding for entry in line.entries]
    identify = _reused(old, lambda e: (e.kind, e.on, e.amount, e.doc_no))
    taken: list[str] = []
    lines = {line.source: replace(line, entries=()) for line in project.funding}
    for r in rows:
        if not _required(r, ("source", "money_kind", "date", "amount"), findings):
            continue
        if not _not_future(r, "date", as_of, findings):
            continue
        source, kind, amount = r.values["source"], r.values["money_kind"], r.values["amount"]
        line = lines.get(source) or FundingLine(id=unused_id("f", (x.id for x in lines.values())), source=source)
        entry = MoneyEntry(
            id=identify((kind, r.values["date"], amount, _text(r, "doc_no")), "e", taken),
            kind=kind,
            on=r.values["date"],
            amount=amount,
            doc_no=_text(r, "doc_no"),
            note=_text(r, "note"),
            reason=_text(r, "reason"),
        )
        lines[source] = replace(line, entries=line.entries + (entry,))
    return replace(
        project,
        funding=tuple(
            replace(line, entries=tuple(sorted(line.entries, key=lambda e: e.on))) for line in lines.values()
        ),
    )


def _problems(project: Project, rows: list[Row], findings: list[Finding], as_of: dt.date) -> Project:
    identify = _reused(project.problems, lambda p: (p.description, p.raised_on))
    taken: list[str] = []
    problems = []
    for r in rows:
        if not _required(r, ("description", "raised_on", "deadline"), findings):
            continue
        if not (_not_future(r, "raised_on", as_of, findings) and _not_future(r, "closed_on", as_of, findings)):
            continue
        problems.append(
            Problem(
                id=identify((r.values["description"], r.values["raised_on"]), "q", taken),
                description=r.values["description"],
                owner_unit=_text(r, "owner_unit"),
                owner_person=_text(r, "owner_person"),
                raised_on=r.values["raised_on"],
                deadline=r.values["deadline"],
                meeting_on=r.values.get("meeting_on"),
                closed_on=r.values.get("closed_on"),
                resolution=_text(r, "resolution"),
            )
        )
    return replace(project, problems=tuple(problems))


def _approvals(project: Project, rows: list[Row], findings: list[Finding]) -> Project:
    identify = _reused(project.approvals, lambda a: a.kind)
    taken: list[str] = []
    approvals = []
    for r in rows:
        if not _required(r, ("approval",), findings):
            continue
        approvals.append(
            Approval(
                id=identify(r.values["approval"], "a", taken),
                kind=r.values["approval"],
                doc_no=_text(r, "doc_no"),
                issued_on=r.values.get("issued_on"),
                valid_until=r.values.get("valid_until"),
                not_needed=bool(r.values.get("not_needed")),
                note=_text(r, "note"),
            )
        )
    return replace(project, approvals=tuple(approvals))


def _packages(project: Project, rows: list[Row], findings: list[Finding]) -> Project:
    identify = _reused(project.work_packages, lambda w: w.name)
    taken: list[str] = []
    packages = [
        WorkPackage(
            id=identify(r.values["package"], "w", taken),
            name=r.values["package"],
            weight=r.values.get("weight") or Decimal(1),
            percent=r.values.get("percent") or Decimal(0),
        )
        for r in rows
        if _required(r, ("package",), findings)
    ]
    return replace(project, work_packages=tuple(packages))
