"""``buildtrack check`` and ``buildtrack restore``: find out what is wrong with a file, and put a backup back."""

from __future__ import annotations

import datetime as dt

import click

from buildtrack.cli import cli
from buildtrack.cli.options import session
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.funding import funding_problems
from buildtrack.domain.validate import project_problems, settings_problems
from buildtrack.storage.backups import list_backups, restore
from buildtrack.storage.base import StoreError
from buildtrack.storage.file_store import file_lock, inspect_file


def _restore_hint(path) -> str:
    count = len(list_backups(path))
    return f"; {count} backups exist: list them with 'buildtrack restore'" if count else ""


@cli.command("check")
def check() -> None:
    """Validate the database file and the portfolio's consistency; exit 1 if anything is wrong."""
    current = session()
    try:
        store = current.store()
        portfolio = store.load()
    except StoreError as error:
        raise click.ClickException(f"{error}{_restore_hint(current.path)}") from None
    problems = settings_problems(portfolio.settings)
    for project in portfolio.sorted_projects():
        problems += project_problems(project, portfolio.settings) + funding_problems(project)
    records, bad_lines = store.change_log()
    problems += [f"change log line {number} cannot be read" for number in bad_lines]
    milestones = sum(len(project.milestones) for project in portfolio.projects.values())
    for problem in problems:
        click.echo(problem)
    summary = f"{len(portfolio.projects)} projects, {milestones} milestones, {len(records)} logged changes"
    if problems:
        raise click.ClickException(f"{len(problems)} problems in {store.where} ({summary})")
    click.echo(f"OK: {store.where}: {summary}, {len(list_backups(current.path))} backups")


@cli.command("restore")
@click.argument("which", required=False, metavar="[NUMBER]")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(which: str | None, yes: bool) -> None:
    """List the backups (newest first), or restore backup NUMBER after keeping a copy of the current file."""
    path = session().path
    backups = list_backups(path)
    if which is None:
        if not backups:
            click.echo(f"no backups of {path} yet (one is kept before every save)")
        for number, backup in enumerate(backups, start=1):
            click.echo(
                f"{number:>3}  {backup.taken:%Y-%m-%d %H:%M:%S}  save {backup.generation:>6}  "
                f"{backup.size:>10,} bytes  {backup.path.name}"
            )
        return
    if not which.isdecimal() or not 1 <= int(which) <= len(backups):
        raise InvalidInput(
            f"backup {which!r} does not exist: choose a number from 1 to {len(backups)} (see 'buildtrack restore')"
        )
    chosen = backups[int(which) - 1]
    portfolio = inspect_file(chosen.path)  # refuses a damaged backup before anything is touched
    if not yes:
        click.confirm(
            f"Replace {path} with the backup of {chosen.taken:%Y-%m-%d %H:%M:%S} ({len(portfolio.projects)} projects)?",
            abort=True,
        )
    with file_lock(path):
        kept = restore(path, chosen, dt.datetime.now())
    for item in kept:
        click.echo(f"kept the previous file as {item}")
    click.echo(f"restored {path} from {chosen.path.name} ({len(portfolio.projects)} projects)")
