"""What every command shares: the session (database, today, user) and typed option values."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import BuildtrackError
from buildtrack.domain.money import parse_money
from buildtrack.domain.percent import parse_percent, parse_weight
from buildtrack.domain.text import visible
from buildtrack.files import atomic_write_bytes
from buildtrack.i18n import _
from buildtrack.reports.output import FORMATS, choose_format, report_files, report_text
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


@dataclass(frozen=True)
class Output:
    """Where and how a command's report goes: ``fmt`` is settled (from -f, else the file's extension)."""

    fmt: str
    path: Path | None
    section: str
    bom: bool


def output_options(command):
    """``--format``, ``--output``, ``--section`` and ``--no-bom``, declared once for every command that prints
    a table; the command receives them as one ``out: Output``."""

    @functools.wraps(command)
    def settled(*args, fmt: str | None, output: Path | None, section: str, no_bom: bool, **kwargs):
        return command(*args, out=Output(choose_format(fmt, output), output, section, not no_bom), **kwargs)

    for option in (
        click.option("--no-bom", "no_bom", is_flag=True, help="Write CSV files without the UTF-8 mark Excel needs."),
        click.option("--section", default="", metavar="TABLE", help="The table (number or title) a CSV holds."),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write to this file instead of the terminal (its extension picks the format).",
        ),
        click.option(
            "-f",
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default=None,
            help="text (default)/grid/markdown align columns; html is a printable A4 page; csv one table in the "
            "display unit; json exact yuan; xlsx (with -o) one sheet per table.",
        ),
    ):
        settled = option(settled)
    return settled


def as_of_option(command):
    return click.option(
        "--as-of", "as_of", type=DATE, metavar="DATE", help="Compute everything as of DATE (default: today)."
    )(command)


def emit_report(report: Report, out: Output) -> None:
    """Print the report, or write its file(s) atomically and say where."""
    if out.path is None:
        click.echo(report_text(report, out.fmt, out.section), nl=False)
        return
    for path, data in report_files(report, out.fmt, out.path, out.section, bom=out.bom):
        atomic_write_bytes(path, data)
        say(_("wrote {path}").format(path=path), err=True)


class Refused(click.ClickException):
    """A one-line refusal (exit 1) whose "Error:" is in the user's language, unlike click's own."""

    def show(self, file: Any = None) -> None:
        say(_("Error: {message}").format(message=self.format_message()), err=True)


def say(message: str, err: bool = False, nl: bool = True) -> None:
    """A line for the person at the terminal; names and notes in it can never act on the terminal."""
    click.echo(visible(message, keep_newlines=True), err=err, nl=nl)


def emit(text: str, output: Path | None) -> None:
    """Print, or write the file atomically and say where."""
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write_bytes(output, text.encode("utf-8"))
    say(_("wrote {path}").format(path=output), err=True)
