"""``buildtrack check`` and ``buildtrack restore``: find out what is wrong with a file, and put a backup back."""

from __future__ import annotations

import click

from buildtrack.cli import cli
from buildtrack.cli.options import say, session
from buildtrack.domain.errors import InvalidInput, StoreError
from buildtrack.i18n import _


def _restore_hint() -> str:
    count = len(session().backups())
    return f"; {count} backups exist: list them with 'buildtrack restore'" if count else ""


@cli.command("check")
def check() -> None:
    """Validate the database file and the portfolio's consistency; exit 1 if anything is wrong."""
    current = session()
    try:
        service = current.service()
        found = service.check()
    except StoreError as error:
        raise click.ClickException(f"{error}{_restore_hint()}") from None
    for problem in found.problems:
        say(problem)
    if found.explained:
        say(_("Accepted with a reason ({count}):").format(count=len(found.explained)))
        for item in found.explained:
            say(f"  {item}")
    summary = _("{projects} projects, {milestones} milestones, {changes} logged changes").format(
        projects=found.projects, milestones=found.milestones, changes=found.changes
    )
    if found.problems:
        raise click.ClickException(
            _("{count} problems in {where} ({summary})").format(
                count=len(found.problems), where=service.where, summary=summary
            )
        )
    say(
        _("OK: {where}: {summary}, {count} backups").format(
            where=service.where, summary=summary, count=len(current.backups())
        )
    )


@cli.command("restore")
@click.argument("which", required=False, metavar="[NUMBER]")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(which: str | None, yes: bool) -> None:
    """List the backups (newest first), or restore backup NUMBER after keeping a copy of the current file."""
    current = session()
    path, backups = current.path, current.backups()
    if which is None:
        if not backups:
            say(f"no backups of {path} yet (one is kept before every save)")
            return
        good = current.newest_good_backup()
        for number, backup in enumerate(backups, start=1):
            mark = "  ← the newest that reads whole" if backup == good else ""
            say(
                f"{number:>3}  {backup.taken:%Y-%m-%d %H:%M:%S}  save {backup.generation:>6}  "
                f"{backup.size:>10,} bytes  {backup.path.name}{mark}"
            )
        if good is None:
            say("none of the backups reads whole: each holds a damaged record")
        return
    if not which.isdecimal() or not 1 <= int(which) <= len(backups):
        raise InvalidInput(
            f"backup {which!r} does not exist: choose a number from 1 to {len(backups)} (see 'buildtrack restore')"
        )
    chosen = backups[int(which) - 1]
    portfolio = current.inspect(chosen)  # refuses a damaged backup before anything is touched
    if not yes:
        click.confirm(
            f"Replace {path} with the backup of {chosen.taken:%Y-%m-%d %H:%M:%S} ({len(portfolio.projects)} projects)?",
            abort=True,
        )
    for item in current.restore(chosen):
        say(f"kept the previous file as {item}")
    say(f"restored {path} from {chosen.path.name} ({len(portfolio.projects)} projects)")
