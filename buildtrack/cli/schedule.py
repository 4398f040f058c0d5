"""``buildtrack milestone …``, ``progress set`` and ``workpackage set|remove``."""

from __future__ import annotations

import click

from buildtrack.cli import cli
from buildtrack.cli.options import DATE, PERCENT, WEIGHT, say, session
from buildtrack.domain.percent import format_percent
from buildtrack.domain.stages import STANDARD_STAGES, stage
from buildtrack.i18n import _

_STAGE_HELP = "Standard stage: " + ", ".join(item.key for item in STANDARD_STAGES) + "."


@cli.group()
def milestone() -> None:
    """Add, complete, reschedule and remove milestones (MILESTONE is its number or a name prefix)."""


@milestone.command("add")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("name")
@click.option("--due", type=DATE, required=True, help="Due date (also becomes the baseline).")
@click.option("--stage", "stage_key", metavar="STAGE", help=_STAGE_HELP)
@click.option("--note", default="", help="Free text.")
def milestone_add(project_ref: str, name: str, due, stage_key: str | None, note: str) -> None:
    """Add milestone NAME to PROJECT."""
    key = stage(stage_key).key if stage_key else None
    saved = session().service().add_milestone(project_ref, name, due, key, note)
    say(_("{code}: added milestone {name!r} due {due}").format(code=saved.code, name=name, due=due))


@milestone.command("done")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="MILESTONE")
@click.option("--on", "on", type=DATE, help="Date it was done (default today; never in the future).")
@click.option("--replace", is_flag=True, help="Replace a done date already recorded.")
def milestone_done(project_ref: str, which: str, on, replace: bool) -> None:
    """Mark MILESTONE of PROJECT done."""
    service = session().service()
    saved = service.mark_done(project_ref, which, on, replace_date=replace)
    say(
        _("{code}: milestone {which} done on {value}").format(code=saved.code, which=which, value=on or service.today())
    )


@milestone.command("undo")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="MILESTONE")
def milestone_undo(project_ref: str, which: str) -> None:
    """Mark MILESTONE of PROJECT not done again."""
    saved = session().service().undo_done(project_ref, which)
    say(_("{code}: milestone {which} is open again").format(code=saved.code, which=which))


@milestone.command("move")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="MILESTONE")
@click.option("--to", "due", type=DATE, required=True, help="New due date (the baseline is kept).")
@click.option("--reason", required=True, help="Why it moved (recorded in the log).")
def milestone_move(project_ref: str, which: str, due, reason: str) -> None:
    """Reschedule MILESTONE of PROJECT, keeping its baseline so the slippage shows."""
    saved = session().service().reschedule(project_ref, which, due, reason)
    say(_("{code}: milestone {which} now due {due}").format(code=saved.code, which=which, due=due))


@milestone.command("remove")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("which", metavar="MILESTONE")
def milestone_remove(project_ref: str, which: str) -> None:
    """Remove MILESTONE from PROJECT (undo with ``buildtrack undo``)."""
    saved = session().service().remove_milestone(project_ref, which)
    say(
        _("{code}: milestone {which} removed; {count} left").format(
            code=saved.code, which=which, count=len(saved.milestones)
        )
    )


@milestone.command("chain")
@click.argument("project_ref", metavar="PROJECT")
def milestone_chain(project_ref: str) -> None:
    """Add the standard health-construction milestone chain, spread from planned start to finish."""
    service = session().service()
    before = len(service.project(project_ref).milestones)
    saved = service.apply_standard_chain(project_ref)
    say(_("{code}: added {value} standard milestones").format(code=saved.code, value=len(saved.milestones) - before))


@cli.group()
def progress() -> None:
    """Record percent complete."""


@progress.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("percent", type=PERCENT)
@click.option("--on", "on", type=DATE, help="Date of the report (default today; never in the future).")
@click.option("--note", default="", help="Free text, e.g. where the figure comes from.")
@click.option("--replace", is_flag=True, help="Replace a different report already recorded for that date.")
def progress_set(project_ref: str, percent, on, note: str, replace: bool) -> None:
    """Record that PROJECT is PERCENT complete."""
    service = session().service()
    saved = service.record_progress(project_ref, percent, on, note, replace_entry=replace)
    say(
        _("{code}: {percent} complete on {value}").format(
            code=saved.code, percent=format_percent(percent), value=on or service.today()
        )
    )


@cli.group()
def workpackage() -> None:
    """Weighted work packages whose percents make up the overall percent."""


@workpackage.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("name")
@click.option("--weight", type=WEIGHT, help="Relative weight (default 1 for a new package).")
@click.option("--percent", type=PERCENT, help="Percent complete of this package.")
def workpackage_set(project_ref: str, name: str, weight, percent) -> None:
    """Create or update work package NAME; records the weighted overall percent for today."""
    saved = session().service().set_work_package(project_ref, name, weight, percent)
    say(
        _("{code}: {name!r} set; overall {percent}").format(
            code=saved.code, name=name, percent=format_percent(saved.progress[-1].percent)
        )
    )


@workpackage.command("remove")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("name")
def workpackage_remove(project_ref: str, name: str) -> None:
    """Remove work package NAME from PROJECT."""
    saved = session().service().remove_work_package(project_ref, name)
    overall = format_percent(saved.progress[-1].percent) if saved.progress else "—"
    say(
        _("{code}: work package {name!r} removed; overall {overall}").format(
            code=saved.code, name=name, overall=overall
        )
    )
