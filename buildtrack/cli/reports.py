"""``buildtrack report progress|funding|overdue|weekly|monthly``: as of any date, over one database or several."""

from __future__ import annotations

import datetime as dt
import re

import click

from buildtrack.cli import cli
from buildtrack.cli.options import Output, as_of_option, emit_report, output_options, session
from buildtrack.cli.projects import filter_options
from buildtrack.domain.dates import month_range
from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _
from buildtrack.reports.approvals import approvals_report
from buildtrack.reports.funding import funding_report
from buildtrack.reports.investment import investment_report
from buildtrack.reports.monthly import monthly_review
from buildtrack.reports.overdue import GROUPINGS, overdue_report
from buildtrack.reports.problems import problems_report
from buildtrack.reports.progress import progress_report
from buildtrack.reports.project_ledger import project_ledger
from buildtrack.reports.selection import Filters
from buildtrack.reports.weekly import weekly_bulletin


def _days(text: str) -> int:
    """ "14", "14d" or "2w" as a number of days."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", text)
    if not match:
        raise InvalidInput(_("--within {text!r} must be a number of days like 14, 14d or 2w").format(text=text))
    return int(match[1]) * (7 if match[2] == "w" else 1)


def _report_command(name: str, help_text: str, filters: bool = True):
    """Declare a report subcommand with the shared as-of, (filter) and output options."""

    def decorate(function):
        function.__doc__ = help_text
        for add in (output_options, filter_options, as_of_option) if filters else (output_options, as_of_option):
            function = add(function)
        return report.command(name)(function)

    return decorate


def _data(as_of):
    """The portfolio as known at the end of the as-of day (today by default), and the day."""
    current = session()
    day = as_of or current.today()
    return current.report_portfolio(day), day


@cli.group()
def report() -> None:
    """Reports as of any date (from the progress history and the change log), over one or several databases,
    in text, HTML (printable A4), CSV, JSON or XLSX."""


@click.option(
    "--evm", is_flag=True, help="Add earned value: budget, PV, EV, AC, SV, CV, SPI, CPI (formulas in the notes)."
)
@_report_command("progress", "Planned vs actual percent, status and next milestone of every project.")
def report_progress(as_of, out: Output, evm: bool, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(progress_report(portfolio, day, Filters(**filters), evm, charts=out.fmt == "html"), out)


@click.option("--by-project", is_flag=True, help="Add the project × source table of planned amounts.")
@_report_command("funding", "Planned, received and paid by funding source and category, with unfunded gaps.")
def report_funding(as_of, out: Output, by_project: bool, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(funding_report(portfolio, day, Filters(**filters), by_project), out)


@click.option("--within", default="14d", show_default=True, help="Window for the 'due soon' section (14, 14d, 2w).")
@click.option("--group-by", type=click.Choice(GROUPINGS), help="One table per leader or per location.")
@_report_command(
    "overdue", "Overdue milestones by days late, projects past their planned finish, and what is due soon."
)
def report_overdue(as_of, out: Output, within: str, group_by: str | None, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(overdue_report(portfolio, day, Filters(**filters), _days(within), group_by or ""), out)


@click.option(
    "--days",
    type=click.IntRange(1, 92),
    default=7,
    show_default=True,
    help="Length of the period ending on the as-of date.",
)
@_report_command(
    "weekly",
    "The weekly dispatch bulletin: milestones done, progress and money moved, reschedules with "
    "reasons, what fell overdue, what is due next, whose status got worse.",
    filters=False,
)
def report_weekly(as_of, out: Output, days: int) -> None:
    current = session()
    day = as_of or current.today()
    emit_report(weekly_bulletin(current.report_period(day - dt.timedelta(days=days - 1), day)), out)


@report.command("monthly")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month to review, e.g. 2024-06 or 2024年6月.")
@output_options
def report_monthly(month: str, out: Output) -> None:
    """The monthly review: percent at the start and end of the month, planned vs actual, money and milestones in it."""
    start, end = month_range(month)
    emit_report(monthly_review(session().report_period(start, end)), out)


@click.option(
    "--group-by",
    type=click.Choice(["leader", "unit", "none"]),
    default="leader",
    show_default=True,
    help="Subtotals by responsible leader or implementing unit.",
)
@_report_command(
    "investment",
    "Investment completed this year against the annual plan and the time-elapsed "
    "schedule (序时进度), by project and by leader or unit, with the bulletin's sentence.",
)
def report_investment(as_of, out: Output, group_by: str, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(investment_report(portfolio, day, Filters(**filters), "" if group_by == "none" else group_by), out)


@_report_command(
    "problems", "The problem list (督办清单): problems past their deadline by owner, and those still open."
)
def report_problems(as_of, out: Output, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(problems_report(portfolio, day, Filters(**filters)), out)


@click.option("--within", default="30d", show_default=True, help="Window for approvals about to lapse (30, 30d, 4w).")
@_report_command(
    "approvals",
    "Pre-construction approvals (前期手续): how much of the checklist each project has, "
    "and what has lapsed or is about to.",
)
def report_approvals(as_of, out: Output, within: str, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(approvals_report(portfolio, day, Filters(**filters), _days(within)), out)


@_report_command(
    "ledger",
    "The project ledger (项目台账) as printed for the director: scope, total investment, each source's planned, "
    "received and paid, reported stage, percent complete, open problems, unit and person responsible.",
)
def report_ledger(as_of, out: Output, **filters: str) -> None:
    portfolio, day = _data(as_of)
    emit_report(project_ledger(portfolio, day, Filters(**filters)), out)
