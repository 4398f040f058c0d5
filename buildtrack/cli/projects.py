"""``buildtrack project add|edit|list|show|remove|parse``."""

from __future__ import annotations

import dataclasses
import sys

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
from buildtrack.service.paste import change_lines, unsaved_lines


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
        raise InvalidInput(_("nothing to change: give at least one field option (see --help)"))
    saved = session().service().update_project(project_ref, **fields)
    say(_("updated {code}: {join}").format(code=saved.code, join=", ".join(sorted(fields))))


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
        click.confirm(_("Remove {code} {name}?").format(code=target.code, name=target.display_name()), abort=True)
    service.remove_project(target.code)
    say(_("removed {code} {name}").format(code=target.code, name=target.display_name()))


@project.command("parse")
@click.argument("text")
@click.option("--into", "project_ref", metavar="PROJECT", help="Save what was understood on this project.")
@click.option("--new", "new_name", metavar="NAME", help="Save it as a new project with this (Chinese) name.")
@click.option("--yes", is_flag=True, help="Save without asking.")
def project_parse(text: str, project_ref: str | None, new_name: str | None, yes: bool) -> None:
    """Read figures from a work report's text ("-" reads it from stdin): total investment, sources, area, beds,
    floors, work packages, percent, stage. Shows every change and what it left; saves only when told where."""
    if project_ref and new_name:
        raise InvalidInput(_("give --into or --new, not both"))
    service = session().service()
    typed = sys.stdin.read() if text == "-" else text
    understood = service.read_report(typed)
    before = service.project(project_ref) if project_ref else Project(code=service.next_code(), name_zh=new_name or "")
    unit = service.settings().display_unit
    for line in change_lines(before, service.pasted(before, understood), service.settings()):
        say(line)
    for line in unsaved_lines(understood, unit):
        say(line)
    if not (project_ref or new_name):
        return
    if not yes:
        click.confirm(
            _("Save these to {project}?").format(project=before.code if project_ref else new_name), abort=True
        )
    if new_name:
        saved = service.add_project(service.pasted(before, understood))
    else:
        saved = service.apply_pasted(before.code, understood, seen=before.revision)
    say(_("saved {code} {name}").format(code=saved.code, name=saved.display_name()))
