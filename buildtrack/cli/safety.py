"""``buildtrack check`` and ``buildtrack restore``: find out what is wrong with a file, and put a backup back."""

from __future__ import annotations

import click

from buildtrack.cli import cli
from buildtrack.cli.options import Refused, say, session
from buildtrack.domain.errors import InvalidInput, StoreError
from buildtrack.i18n import _


def _restore_hint() -> str:
    count = len(session().backups())
    return _("; {count} backups exist: list them with 'buildtrack restore'").format(count=count) if count else ""


@cli.command("check")
def check() -> None:
    """Validate the database file and the portfolio's consistency; exit 1 if anything is wrong."""
    current = session()
    try:
        service = current.service()
        found = service.check()
    except StoreError as error:
        raise Refused(f"{error}{_restore_hint()}") from None
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
        raise Refused(
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
            say(_("no backups of {path} yet (one is kept before every save)").format(path=path))
            return
        good = current.newest_good_backup()
        for number, backup in enumerate(backups, start=1):
            mark = _("  ← the newest that reads whole") if backup == good else ""
            say(
                _(
                    "{number:>3}  {taken:%Y-%m-%d %H:%M:%S}  save {generation:>6}  {size:>10,} bytes  {name}{mark}"
                ).format(
                    number=number,
                    taken=backup.taken,
                    generation=backup.generation,
                    size=backup.size,
                    name=backup.path.name,
                    mark=mark,
                )
            )
        if good is None:
            say(_("none of the backups reads whole: each holds a damaged record"))
        return
    if not which.isdecimal() or not 1 <= int(which) <= len(backups):
        raise InvalidInput(
            _("backup {which!r} does not exist: choose a number from 1 to {count} (see 'buildtrack restore')").format(
                which=which, count=len(backups)
            )
        )
    chosen = backups[int(which) - 1]
    portfolio = current.inspect(chosen)  # refuses a damaged backup before anything is touched
    if not yes:
        click.confirm(
            _("Replace {path} with the backup of {taken:%Y-%m-%d %H:%M:%S} ({count} projects)?").format(
                path=path, taken=chosen.taken, count=len(portfolio.projects)
            ),
            abort=True,
        )
    for item in current.restore(chosen):
        say(_("kept the previous file as {item}").format(item=item))
    say(
        _("restored {path} from {name} ({count} projects)").format(
            path=path, name=chosen.path.name, count=len(portfolio.projects)
        )
    )
