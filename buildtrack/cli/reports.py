"""``buildtrack report progress|funding|overdue``."""

from __future__ import annotations

import re

import click

from buildtrack.cli import cli
from buildtrack.cli.projects import filter_options
from buildtrack.cli.session import as_of_option, emit, output_options, session
from buildtrack.domain.errors import InvalidInput
from buildtrack.reports.funding import funding_report
from buildtrack.reports.overdue import GROUPINGS, overdue_report
from buildtrack.reports.progress import progress_report
from buildtrack.reports.render import render
from buildtrack.reports.selection import Filters


def _days(text: str) -> int:
    """"14", "14d" or "2w" as a number of days."""
    match = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", text)
    if not match:
        raise InvalidInput(f"--within {text!r} must be a number of days like 14, 14d or 2w")
    return int(match[1]) * (7 if match[2] == "w" else 1)


def _report_command(name: str, help_text: str):
    """Declare a report subcommand with the shared as-of, filter and output options."""

    def decorate(function):
        function.__doc__ = help_text
        for add in (output_options, filter_options, as_of_option):
            function = add(function)
        return report.command(name)(function)

    return decorate


@cli.group()
def report() -> None:
    """The three reports of the job, as of any date, in text, HTML, CSV or JSON."""


@_report_command("progress", "Planned vs actual percent, status and next milestone of every project.")
def report_progress(as_of, fmt: str, output, **filters: str) -> None:
    current = session()
    emit(render(progress_report(current.service().portfolio(), as_of or current.today(), Filters(**filters)), fmt), output)


@click.option("--by-project", is_flag=True, help="Add the project × source table of planned amounts.")
@_report_command("funding", "Planned, received and paid by funding source and category, with unfunded gaps.")
def report_funding(as_of, fmt: str, output, by_project: bool, **filters: str) -> None:
    current = session()
    built = funding_report(current.service().portfolio(), as_of or current.today(), Filters(**filters), by_project)
    emit(render(built, fmt), output)


@click.option("--within", default="14d", show_default=True, help="Window for the 'due soon' section (14, 14d, 2w).")
@click.option("--group-by", type=click.Choice(GROUPINGS), help="One table per leader or per location.")
@_report_command("overdue", "Overdue milestones by days late, projects past their planned finish, and what is due soon.")
def report_overdue(as_of, fmt: str, output, within: str, group_by: str | None, **filters: str) -> None:
    current = session()
    built = overdue_report(current.service().portfolio(), as_of or current.today(), Filters(**filters),
                           _days(within), group_by or "")
    emit(render(built, fmt), output)
