"""What every command shares: the session (database, today, user) and typed option values."""

from __future__ import annotations

from pathlib import Path

import click

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.money import parse_money
from buildtrack.domain.percent import parse_percent, parse_weight
from buildtrack.domain.text import visible
from buildtrack.files import atomic_write_bytes
from buildtrack.reports.render import FORMATS, render
from buildtrack.reports.table import Report
from buildtrack.session import Session


def session() -> Session:
    session = click.get_current_context().find_object(Session)
    assert session is not None
    return session


class _Parsed(click.ParamType):
    """A click type that parses with a domain parser, so a bad value is a one-line usage error."""

    def __init__(self, name: str, parse):
        self.name = name
        self._parse = parse

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        try:
            return self._parse(value)
        except BuildtrackError as error:
            self.fail(str(error), param, ctx)


DATE = _Parsed("date", lambda text: parse_date(text, session().today()))
MONEY = _Parsed("amount", parse_money)
PERCENT = _Parsed("percent", parse_percent)
WEIGHT = _Parsed("weight", parse_weight)


def output_options(command):
    """``--format`` and ``--output``, declared once for every command that prints a table."""
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of the terminal.",
    )(command)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS + ("xlsx",)),
        default="text",
        show_default=True,
        help="text/grid/markdown align columns; html is a printable A4 page; csv/json carry raw yuan; "
        "xlsx (with -o) one sheet per table.",
    )(command)


def as_of_option(command):
    return click.option(
        "--as-of", "as_of", type=DATE, metavar="DATE", help="Compute everything as of DATE (default: today)."
    )(command)


def emit_report(report: Report, fmt: str, output: Path | None) -> None:
    """Render a report in the chosen format and print or write it."""
    if fmt == "xlsx":
        if output is None:
            raise InvalidInput("-f xlsx needs -o FILE.xlsx")
        from buildtrack.reports.spreadsheet import render_xlsx

        atomic_write_bytes(output, render_xlsx(report))
        say(f"wrote {output}", err=True)
        return
    emit(render(report, fmt), output)


def say(message: str, err: bool = False, nl: bool = True) -> None:
    """A line for the person at the terminal; names and notes in it can never act on the terminal."""
    click.echo(visible(message, keep_newlines=True), err=err, nl=nl)


def emit(text: str, output: Path | None) -> None:
    """Print, or write the file atomically and say where."""
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write_bytes(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)
