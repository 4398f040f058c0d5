"""``buildtrack init|import|export|check|log|undo``: the database as a whole."""

from __future__ import annotations

from pathlib import Path

import click

from buildtrack import i18n
from buildtrack.cli import cli, one_line
from buildtrack.cli.ledger import export_ledger, import_ledger, ledger_format
from buildtrack.cli.options import DATE, Output, Refused, as_of_option, emit, emit_report, output_options, say, session
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.errors import DecodeError, InvalidInput, NotFound
from buildtrack.domain.logwords import action_words
from buildtrack.domain.lookup import find_project
from buildtrack.domain.model import Settings
from buildtrack.domain.money import MoneyUnit
from buildtrack.i18n import _
from buildtrack.reports.changes import change_log_report


@cli.command("init")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", default=Settings().name, show_default=True, help="Portfolio name.")
@click.option(
    "--unit",
    type=click.Choice([unit.value for unit in MoneyUnit]),
    default="wan",
    show_default=True,
    help="Display amounts in yuan, 万元 (wan) or 亿元 (yi).",
)
def init(path: Path, name: str, unit: str) -> None:
    """Create an empty portfolio at PATH with the standard funding sources."""
    session().create(path, Settings(name=name, display_unit=MoneyUnit(unit), sources=DEFAULT_SOURCES))
    say(_("created empty portfolio {path}").format(path=path))


@cli.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "xlsx", "csv"]),
    help="json: the interchange format; xlsx/csv: a ledger in the layout 'import' reads "
    "(default: from the -o file name, else json).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE.")
@click.option(
    "--chinese/--english",
    default=None,
    help="A ledger as a Chinese office writes it (headers, sheet names, words, source names, amounts in 万元) "
    "or in English (yuan, keys); default: the language in use.",
)
@as_of_option
def export(fmt: str | None, output: Path | None, chinese: bool | None, as_of) -> None:
    """Write the whole portfolio: interchange JSON (see README) or a spreadsheet ledger."""
    chosen = ledger_format(fmt, output)
    if chosen == "json":
        emit(session().service().export_interchange().decode("utf-8"), output)
    else:
        export_ledger(chosen, output, i18n.chinese() if chinese is None else chinese, as_of)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--settings",
    "with_settings",
    is_flag=True,
    help="(JSON) Also take the file's portfolio name, display unit, threshold and source catalogue.",
)
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@click.option(
    "--map", "maps", multiple=True, metavar="'HEADER=field'", help="(ledger) Read a column with another header."
)
@click.option(
    "--map-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="(ledger) A file of 'HEADER=field' lines.",
)
@click.option(
    "--skip-invalid", is_flag=True, help="(ledger) Import the valid rows; write the others to a rejects file."
)
@click.option(
    "--rejects", type=click.Path(dir_okay=False, path_type=Path), help="(ledger) Where to write rejected rows."
)
@click.option(
    "--encoding",
    metavar="NAME",
    help="(ledger CSV) The text encoding, e.g. gbk; by default UTF-8, else GB18030 (which reads GBK), is tried.",
)
@as_of_option
def import_(
    file: Path, with_settings: bool, dry_run: bool, maps, map_file, skip_invalid, rejects, encoding, as_of
) -> None:
    """Add or update projects (by code) from FILE: interchange .json, or a ledger .xlsx/.csv.

    Nothing is written if any error is found (for ledgers, unless --skip-invalid).
    """
    if file.suffix.lower() in (".xlsx", ".csv"):
        import_ledger(file, maps, map_file, dry_run, skip_invalid, rejects, as_of, encoding)
        return
    service = session().service()
    current = service.portfolio()
    try:
        settings, projects = service.read_interchange(file.read_bytes(), with_settings)
    except DecodeError as error:
        if len(error.problems) == 1:
            raise Refused(
                _("{file}: {message}; nothing was imported").format(file=file, message=one_line(error.problems[0]))
            ) from None
        for problem in error.problems:
            say(_("Error: {file}: {message}").format(file=file, message=one_line(problem)), err=True)
        raise Refused(_("{count} problems found; nothing was imported").format(count=len(error.problems))) from None
    if dry_run:
        new = sum(1 for project in projects if project.code not in current.projects)
        say(
            _("would create {new} and update up to {value} projects; nothing was written").format(
                new=new, value=len(projects) - new
            )
        )
        return
    created, updated = service.import_projects(projects, settings)
    say(
        _("imported {file}: {created} created, {updated} updated, {value} unchanged").format(
            file=file, created=created, updated=updated, value=len(projects) - created - updated
        )
    )


@cli.command("log")
@click.option("--project", "project_ref", metavar="PROJECT", help="Only this project (code or name prefix).")
@click.option("--since", type=DATE, help="Only changes on or after DATE.")
@click.option("--until", type=DATE, help="Only changes on or before DATE.")
@as_of_option
@output_options
def log(project_ref: str | None, since, until, as_of, out: Output) -> None:
    """The change history: who changed what, when, from what to what."""
    current = session()
    service = current.service()
    portfolio = service.portfolio()
    records = service.changes()
    code = ""
    if project_ref:
        known = {record.project for record in records}
        try:
            code = find_project(portfolio.sorted_projects(), project_ref).code
        except NotFound:
            if project_ref.upper() not in known:
                raise
            code = project_ref.upper()  # a removed project still has its history
    if since and until and until < since:
        raise InvalidInput(_("--until {until} is before --since {since}").format(until=until, since=since))
    built = change_log_report(records, portfolio.settings, as_of or current.today(), code, since, until)
    emit_report(built, out)


@cli.command("undo")
def undo() -> None:
    """Undo your last change (if nobody changed those projects since)."""
    for record in session().service().undo_last():
        say(
            _("undid {action} on {code} ({at})").format(
                action=action_words(record.action), code=record.project, at=f"{record.at:%Y-%m-%d %H:%M}"
            )
        )


@cli.command("redo")
def redo() -> None:
    """Redo the change you undid last (if nobody changed those projects since, and you made none after)."""
    for record in session().service().redo_last():
        say(
            _("redid {action} on {code} ({at})").format(
                action=action_words(record.action), code=record.project, at=f"{record.at:%Y-%m-%d %H:%M}"
            )
        )


@cli.group()
def demo() -> None:
    """Synthetic portfolios for trying buildtrack out and for benchmarks."""


@demo.command("generate")
@click.option("--projects", type=click.IntRange(1, 200_000), required=True, help="How many projects.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed gives the same files.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Database to create."
)
def demo_generate(projects: int, seed: int, output: Path) -> None:
    """Create a synthetic portfolio (20 milestones, 2–5 funding lines, 12–36 progress reports and history each)."""
    from buildtrack.demo import generate

    if output.exists():
        raise InvalidInput(_("{output} already exists; it was left untouched").format(output=output))
    if not output.parent.is_dir():
        raise InvalidInput(_("folder {parent} does not exist").format(parent=output.parent))
    count, records = generate(output, projects, seed)
    say(
        _("wrote {output}: {count} projects, {records} logged changes").format(
            output=output, count=count, records=records
        )
    )
