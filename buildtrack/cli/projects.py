"""``buildtrack project add|edit|list|show|remove``."""

from __future__ import annotations

import dataclasses

import click

from buildtrack.cli import cli
from buildtrack.cli.options import Output, as_of_option, emit_report, output_options, say, session
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.fields import PROJECT_FIELDS, parse_field
from buildtrack.domain.lookup import find_project
from buildtrack.domain.model import Project
from buildtrack.i18n import _
from buildtrack.reports.charts import project_curve
from buildtrack.reports.listing import project_list
from buildtrack.reports.selection import Filters
from buildtrack.reports.sheet import project_sheet


def field_options(command):
    """One ``--field-name TEXT`` option per project field, from the shared field table."""
    for spec in reversed(PROJECT_FIELDS):
        option = "--" + spec.name.replace("_", "-")
        command = click.option(option, spec.name, metavar="TEXT", help=f"{spec.label}.")(command)
    return command


def filter_options(command):
    """The selection options shared by ``project list`` and the reports."""
    for name, text in (
        ("county", "Only projects whose county contains TEXT."),
        ("location", "Only projects whose location contains TEXT."),
        ("leader", "Only projects whose leader contains TEXT."),
        ("source", "Only projects with a funding line from this source key."),
        ("light", "Only projects with this light or these lights (green, yellow, red; e.g. red,yellow)."),
        (
            "status",
            "Only projects with this status or these (not started, on track, at risk, overdue, completed; "
            "e.g. 'overdue,at risk').",
        ),
    ):
        command = click.option(f"--{name}", default="", metavar="TEXT", help=text)(command)
    return command


def _parsed(values: dict[str, str | None]) -> dict:
    today = session().today()
    return {name: parse_field(name, text, today) for name, text in values.items() if text is not None}


@cli.group()
def project() -> None:
    """Add, change, list, show and remove projects."""


@project.command("add")
@field_options
@click.option("--chain", is_flag=True, help="Also add the standard milestone chain between planned start and finish.")
def project_add(chain: bool, **values: str | None) -> None:
    """Add a project (the code is the next free P-NNN unless --code is given)."""
    service = session().service()
    fields = _parsed(values)
    if not (fields.get("name") or fields.get("name_zh")):
        raise InvalidInput(_("a name is required: --name-zh, --name or both"))
    fields.setdefault("code", service.next_code())
    saved = service.add_project(Project(**fields), with_chain=chain)
    say(f"added {saved.code} {saved.display_name()}" + (f" with {len(saved.milestones)} milestones" if chain else ""))


@project.command("edit")
@click.argument("project_ref", metavar="PROJECT")
@field_options
def project_edit(project_ref: str, **values: str | None) -> None:
    """Change fields of PROJECT (code or name prefix); "-" clears an optional field."""
    fields = _parsed(values)
    if not fields:
        raise InvalidInput("nothing to change: give at least one field option (see --help)")
    saved = session().service().update_project(project_ref, **fields)
    say(f"updated {saved.code}: {', '.join(sorted(fields))}")


@project.command("list")
@filter_options
@as_of_option
@output_options
def project_list_command(as_of, out: Output, **filters: str) -> None:
    """List projects with status, progress and money."""
    current = session()
    day = as_of or current.today()
    emit_report(project_list(current.report_portfolio(day), day, Filters(**filters)), out)


@project.command("show")
@click.argument("project_ref", metavar="PROJECT")
@as_of_option
@output_options
def project_show(project_ref: str, as_of, out: Output) -> None:
    """Show everything about PROJECT: details, funding, milestones, work packages, progress."""
    current = session()
    day = as_of or current.today()
    portfolio = current.report_portfolio(day)
    target = find_project(portfolio.sorted_projects(), project_ref)
    report = project_sheet(target, portfolio.settings, day)
    if out.fmt == "html":
        report = dataclasses.replace(report, charts=tuple(c for c in [project_curve(target, day)] if c))
    emit_report(report, out)


@project.command("remove")
@click.argument("project_ref", metavar="PROJECT")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def project_remove(project_ref: str, yes: bool) -> None:
    """Remove PROJECT and everything in it (undo with ``buildtrack undo``)."""
    service = session().service()
    target = service.project(project_ref)
    if not yes:
        click.confirm(f"Remove {target.code} {target.name}?", abort=True)
    service.remove_project(target.code)
    say(f"removed {target.code} {target.name}")
