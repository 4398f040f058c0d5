"""The ``buildtrack`` command line: a thin click layer over the service and the report builders."""

from __future__ import annotations

from pathlib import Path

import click

from buildtrack import __version__
from buildtrack.cli.options import Refused, say
from buildtrack.domain.errors import BuildtrackError, ConflictError
from buildtrack.i18n import _
from buildtrack.session import Session, is_url

EXIT_CONFLICT = 3


def one_line(text: str) -> str:
    """User text in a message (a code typed as ``"\\r"``) must not break the one-line error into several."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


class _Group(click.Group):
    """Turns every expected failure into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx):
        try:
            result = super().invoke(ctx)
            if isinstance(ctx.obj, Session):
                ctx.obj.tidy()
            return result
        except ConflictError as error:
            say(_("Error: {message}").format(message=one_line(str(error))), err=True)
            ctx.exit(EXIT_CONFLICT)
        except BuildtrackError as error:
            raise Refused(one_line(str(error))) from None
        except OSError as error:
            where = f" {error.filename}" if error.filename else ""
            raise Refused(_("cannot use{where}: {value}").format(where=where, value=error.strerror or error)) from None
        finally:
            if isinstance(ctx.obj, Session):
                ctx.obj.close()


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "databases",
    envvar="BUILDTRACK_DB",
    multiple=True,
    metavar="FILE|URL",
    help="Database file, or a PostgreSQL database as postgresql://user@host/dbname (default: $BUILDTRACK_DB, "
    "else portfolio.json in your data folder). Reports take several --db or a folder of files and cover them all.",
)
@click.option(
    "--today",
    "today_text",
    envvar="BUILDTRACK_TODAY",
    metavar="DATE",
    help="Pretend today is DATE (also $BUILDTRACK_TODAY): every default date and report follows it.",
)
@click.option(
    "--lang",
    "language",
    envvar="BUILDTRACK_LANG",
    metavar="zh|en",
    help="Language of screens, messages and reports (also $BUILDTRACK_LANG); else the portfolio's "
    "setting, else the locale, else Chinese.",
)
@click.version_option(__version__, prog_name="buildtrack")
@click.pass_context
def cli(ctx: click.Context, databases: tuple[str, ...], today_text: str | None, language: str | None) -> None:
    """Keep a portfolio of public health construction projects on time and on budget.

    Without a command, opens the terminal UI.
    """
    ctx.obj = Session(
        tuple(item if is_url(item) else Path(item) for item in databases),
        today_text,
        notice=lambda message: say(message, err=True),
        language_text=language,
    )
    ctx.obj.speak()  # the person's own choice until the portfolio's setting is read
    ctx.obj.today()  # a bad --today is reported before anything is opened or created
    if ctx.invoked_subcommand is None:
        ctx.obj.store()  # the portfolio's language is known before the UI's keys and labels are made
        from buildtrack.tui.app import run  # Textual is imported only when the UI opens

        run(ctx.obj)


def main() -> None:
    cli.main(prog_name="buildtrack")


# The command modules add themselves to ``cli`` when imported.
from buildtrack.cli import data, funding, instruments, projects, reports, safety, schedule, server  # noqa: E402, F401
