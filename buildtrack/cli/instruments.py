"""``buildtrack problem …``, ``approval …``, ``plan set`` and ``completion set``: the office's instruments."""

from __future__ import annotations

import click

from buildtrack.cli import cli
from buildtrack.cli.options import DATE, MONEY, say, session
from buildtrack.domain.dates import month_range
from buildtrack.domain.money import format_money_with_unit
from buildtrack.i18n import _


@cli.group()
def problem() -> None:
    """The problem list (问题清单) of the dispatch meetings: raise, close (销号), reopen."""


@problem.command("add")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("description")
@click.option("--unit", "owner_unit", default="", help="The unit responsible (责任单位).")
@click.option("--person", "owner_person", default="", help="The person responsible (责任人).")
@click.option("--deadline", type=DATE, required=True, help="By when it must be resolved (完成时限).")
@click.option("--raised", "raised_on", type=DATE, help="When it was raised (default today).")
@click.option("--meeting", "meeting_on", type=DATE, help="The dispatch meeting (调度会) that raised it.")
def problem_add(
    project_ref: str, description: str, owner_unit: str, owner_person: str, deadline, raised_on, meeting_on
) -> None:
    """Raise problem DESCRIPTION on PROJECT, with its owner and deadline."""
    saved = (
        session()
        .service()
        .add_problem(project_ref, description, owner_unit, owner_person, deadline, raised_on, meeting_on)
    )
    say(
        _("{code}: problem {number} raised, due {deadline}").format(
            code=saved.code, number=len(saved.problems), deadline=deadline
        )
    )


@problem.command("close")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="PROBLEM")
@click.option("--resolution", required=True, help="How it was resolved (销号情况).")
@click.option("--on", "on", type=DATE, help="When it was closed (default today).")
def problem_close(project_ref: str, which: str, resolution: str, on) -> None:
    """Close (销号) PROBLEM of PROJECT (its number, id or the start of its description)."""
    saved = session().service().close_problem(project_ref, which, resolution, on)
    say(_("{code}: problem {which} closed").format(code=saved.code, which=which))


@problem.command("reopen")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="PROBLEM")
@click.option("--reason", required=True, help="Why it is open again (kept in the log).")
def problem_reopen(project_ref: str, which: str, reason: str) -> None:
    """Open a closed PROBLEM of PROJECT again."""
    saved = session().service().reopen_problem(project_ref, which, reason)
    say(_("{code}: problem {which} is open again").format(code=saved.code, which=which))


@cli.group()
def approval() -> None:
    """Pre-construction approvals (前期手续): the checklist, each with its document and dates."""


@approval.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("kind", metavar="KIND")
@click.option("--doc", "doc_no", help="Document number (文号).")
@click.option("--issued", "issued_on", type=DATE, help="Date issued (never in the future).")
@click.option("--valid-until", type=DATE, help="Date it lapses.")
@click.option("--not-needed/--needed", "not_needed", default=None, help="This project does not need it (or does).")
@click.option("--note", help="Free text.")
def approval_set(project_ref: str, kind: str, doc_no, issued_on, valid_until, not_needed, note) -> None:
    """Record PROJECT's approval of KIND (a key of ``approval kinds``, or its name: 施工许可证)."""
    saved = session().service().set_approval(project_ref, kind, doc_no, issued_on, valid_until, not_needed, note)
    say(_("{code}: approval {kind} recorded").format(code=saved.code, kind=kind))


@approval.command("kinds")
def approval_kinds() -> None:
    """The checklist of approvals every project is expected to have."""
    for kind in session().service().settings().approval_kinds:
        say(f"{kind.key:<24} {kind.name_zh}  {kind.name}")


@cli.group()
def plan() -> None:
    """The annual investment plan (年度计划投资)."""


@plan.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.argument("amount", type=MONEY)
@click.option("--note", default="", help="Free text (e.g. the document that set the plan).")
def plan_set(project_ref: str, year: int, amount: int, note: str) -> None:
    """Set PROJECT's planned investment for YEAR to AMOUNT (8500万, 1.2亿)."""
    saved = session().service().set_annual_plan(project_ref, year, amount, note)
    say(_("{code}: {year} plan {amount}").format(code=saved.code, year=year, amount=format_money_with_unit(amount)))


@cli.group()
def completion() -> None:
    """Investment completed (投资完成额): the value of the work done each month (not money paid)."""


@completion.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("month", metavar="YYYY-MM")
@click.argument("amount", type=MONEY)
@click.option("--note", default="", help="Free text.")
@click.option("--replace", is_flag=True, help="Replace a different figure already given for that month.")
def completion_set(project_ref: str, month: str, amount: int, note: str, replace: bool) -> None:
    """Record that work worth AMOUNT was done on PROJECT in MONTH (2026-10 or 2026年10月)."""
    saved = (
        session().service().record_completion(project_ref, month_range(month)[0], amount, note, replace_entry=replace)
    )
    say(
        _("{code}: {month} work done {amount}").format(
            code=saved.code, month=month, amount=format_money_with_unit(amount)
        )
    )
