"""``buildtrack db init|push|pull|grant|users``: a shared PostgreSQL database for a city or province.

``--db postgresql://user@host/dbname`` (or ``$BUILDTRACK_DB``) then runs every other command on it.
"""

from __future__ import annotations

from pathlib import Path

import click

from buildtrack.cli import cli
from buildtrack.cli.options import say, session
from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _
from buildtrack.session import is_url

_URL = click.argument("url", metavar="postgresql://USER@HOST/DBNAME")


def _checked(url: str) -> str:
    if not is_url(url):
        raise InvalidInput(_("{url!r} is not a PostgreSQL URL such as postgresql://user@host/dbname").format(url=url))
    return url


@cli.group()
def db() -> None:
    """A shared PostgreSQL database: create it, move a county's file in and out, say who may change what."""


@db.command("init")
@_URL
def db_init(url: str) -> None:
    """Create buildtrack's tables (or upgrade them) in an existing PostgreSQL database."""
    created = session().server_init(_checked(url))
    said = _("created the buildtrack schema in {url}") if created else _("{url} is already up to date")
    say(said.format(url=url))


@db.command("push")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_URL
def db_push(file: Path, url: str) -> None:
    """Put a county's portfolio FILE and its whole change log into an empty server database, exactly."""
    projects, changes = session().push(file, _checked(url))
    say(
        _("pushed {projects} projects and {changes} logged changes to {url}").format(
            projects=projects, changes=changes, url=url
        )
    )


@db.command("pull")
@_URL
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def db_pull(url: str, file: Path) -> None:
    """Write the server's portfolio and change log into a new FILE, exactly (an existing file is never touched)."""
    projects, changes = session().pull(_checked(url), file)
    say(
        _("pulled {projects} projects and {changes} logged changes into {file}").format(
            projects=projects, changes=changes, file=file
        )
    )


@db.command("grant")
@_URL
@click.argument("login")
@click.option("--county", help="The county whose projects LOGIN may change.")
@click.option("--all", "every", is_flag=True, help="LOGIN may change every county's projects (a city office).")
@click.option("--read-only", is_flag=True, help="LOGIN may read everything and change nothing.")
@click.option("--password", help="Create LOGIN with this password if it does not exist.")
def db_grant(url: str, login: str, county: str | None, every: bool, read_only: bool, password: str | None) -> None:
    """Let LOGIN read every project and change only its county's (enforced by the server's row-level security)."""
    if sum((bool(county), every, read_only)) != 1:
        raise InvalidInput(_("give exactly one of --county NAME, --all or --read-only"))
    session().grant(_checked(url), login, "*" if every else county, password)
    say(
        _("{login} may now change {what}").format(
            login=login, what=county or (_("every county") if every else _("nothing"))
        )
    )


@db.command("users")
@_URL
def db_users(url: str) -> None:
    """The logins that may change projects, and which county each may change."""
    for login, county in session().server_users(_checked(url)):
        say(f"{login}\t{_('every county') if county == '*' else county}")
