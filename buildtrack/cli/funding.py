"""``buildtrack funding set|remove``, ``source list|add`` and ``settings show|set``."""

from __future__ import annotations

import click

from buildtrack.cli import cli
from buildtrack.cli.options import DATE, MONEY, PERCENT, Output, emit_report, output_options, say, session
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.lookup import find_source
from buildtrack.domain.model import FundingSource, MoneyKind, SourceCategory, choice, replace
from buildtrack.domain.money import MoneyUnit, format_money_with_unit
from buildtrack.i18n import _
from buildtrack.reports.table import Column, Report, Section
from buildtrack.service.funding import Tranche


@cli.group()
def funding() -> None:
    """Money by source for a project: planned, and dated money received (到位) and paid (支付).

    Amounts like 8500万, 1.2亿, 3,500,000."""


@funding.command("set")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("source")
@click.option("--planned", type=MONEY, help="Amount planned from this source.")
@click.option("--received", type=MONEY, help="Total received so far: one dated entry records the difference.")
@click.option("--paid", type=MONEY, help="Total paid so far: one dated entry records the difference.")
@click.option("--on", "on", type=DATE, help="Date of the difference (default today).")
@click.option("--reason", default="", help="Why a total goes down or passes planned/received (required then).")
@click.option("--note", help="Free text.")
def funding_set(project_ref: str, source: str, planned, received, paid, on, reason: str, note) -> None:
    """Create or update PROJECT's funding line from SOURCE (a key from ``source list``, or its name: 专项债券)."""
    if all(value is None for value in (planned, received, paid, note)):
        raise InvalidInput(_("nothing to set: give --planned, --received, --paid or --note"))
    service = session().service()
    key = find_source(service.portfolio().settings, source)
    totals = {
        kind: total for kind, total in ((MoneyKind.RECEIVED, received), (MoneyKind.PAID, paid)) if total is not None
    }
    service.set_line(project_ref, key, planned, totals, Tranche(on or service.today(), reason=reason), note)
    say(_("{code}: funding from {key} updated").format(code=service.project(project_ref).code, key=key))


def _money_command(kind: MoneyKind, name: str, help_text: str):
    @funding.command(name, help=help_text)
    @click.argument("project_ref", metavar="PROJECT")
    @click.argument("source")
    @click.argument("amount", type=MONEY)
    @click.option("--on", "on", type=DATE, help="Date the money moved (default today; never in the future).")
    @click.option("--doc", "doc_no", default="", help="Document number (文号), e.g. 川财建〔2026〕12号.")
    @click.option("--note", default="", help="Free text.")
    @click.option("--reason", default="", help="Required when paid would exceed received or received exceed planned.")
    def record(project_ref: str, source: str, amount: int, on, doc_no: str, note: str, reason: str) -> None:
        service = session().service()
        key = find_source(service.portfolio().settings, source)
        saved = service.record_money(project_ref, key, kind, amount, on, doc_no, note, reason)
        line = next(line for line in saved.funding if line.source == key)
        say(
            _("{code}: {key} {name} {amount}; now received {amount2}, paid {amount3}").format(
                code=saved.code,
                key=key,
                name=name,
                amount=format_money_with_unit(amount),
                amount2=format_money_with_unit(line.received),
                amount3=format_money_with_unit(line.paid),
            )
        )

    return record


funding_receive = _money_command(MoneyKind.RECEIVED, "receive", "Record money received (到位) for PROJECT from SOURCE.")
funding_pay = _money_command(MoneyKind.PAID, "pay", "Record money paid out (支付/拨付) by PROJECT from SOURCE.")


@funding.command("correct")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("entry_id", metavar="ENTRY")
@click.option("--reason", required=True, help="Why the entry was wrong (kept in the log and on the entry).")
@click.option("--on", "on", type=DATE, help="Date of the correction (default today).")
def funding_correct(project_ref: str, entry_id: str, reason: str, on) -> None:
    """Reverse money entry ENTRY (its id, see ``project show``) with a correcting entry; history is kept."""
    saved = session().service().correct_money(project_ref, entry_id, reason, on)
    say(_("{code}: entry {entry_id} reversed").format(code=saved.code, entry_id=entry_id))


@funding.command("remove")
@click.argument("project_ref", metavar="PROJECT")
@click.argument("source")
def funding_remove(project_ref: str, source: str) -> None:
    """Remove PROJECT's funding line from SOURCE (key or name) if it has no money entries."""
    service = session().service()
    key = find_source(service.portfolio().settings, source)
    saved = service.remove_funding(project_ref, key)
    say(_("{code}: funding line {key} removed").format(code=saved.code, key=key))


@cli.group()
def source() -> None:
    """The portfolio's catalogue of funding sources."""


@source.command("list")
@output_options
def source_list(out: Output) -> None:
    """List funding sources with their categories."""
    current = session()
    portfolio = current.service().portfolio()
    columns = (
        Column("key", "Key"),
        Column("name", "Name"),
        Column("name_zh", "Chinese name"),
        Column("category", "Category"),
    )
    rows = tuple(
        {"key": s.key, "name": s.name, "name_zh": s.name_zh, "category": s.category.value}
        for s in portfolio.settings.sources
    )
    report = Report(
        _("Funding sources"),
        portfolio.settings.name,
        current.today(),
        portfolio.settings.display_unit,
        (Section(_("Sources"), columns, rows, empty_text=_("no sources")),),
    )
    emit_report(report, out)


@source.command("add")
@click.argument("key")
@click.option("--name", required=True, help="English name.")
@click.option("--name-zh", default="", help="Chinese name.")
@click.option(
    "--category",
    default="other",
    show_default=True,
    help="One of: " + ", ".join(category.value for category in SourceCategory) + ".",
)
def source_add(key: str, name: str, name_zh: str, category: str) -> None:
    """Add funding source KEY (lower-case words joined by dashes, e.g. provincial-grant)."""
    if not key.replace("-", "").isalnum() or key != key.lower():
        raise InvalidInput(_("source key {key!r} must be lower-case letters, digits and dashes").format(key=key))
    service = session().service()
    settings = service.portfolio().settings
    if settings.source(key):
        raise InvalidInput(_("source {key!r} already exists").format(key=key))
    added = FundingSource(key, name.strip(), name_zh.strip(), choice(SourceCategory, category, "category"))
    service.update_settings(replace(settings, sources=settings.sources + (added,)))
    say(_("added funding source {key}").format(key=key))


@cli.group()
def settings() -> None:
    """Portfolio-wide settings."""


@settings.command("show")
def settings_show() -> None:
    """Show the portfolio's settings."""
    current = session().service().portfolio().settings
    say(
        _(
            "name: {name}\ncurrency: {currency}\ndisplay unit: {value} ({label})\nat-risk threshold: "
            "{at_risk_threshold} points\ndue-soon window: {due_soon_days} days\nfunding sources: "
            "{count}\nbackups: the last {backup_saves} saves and the newest of each of {backup_days} "
            "days"
        ).format(
            name=current.name,
            currency=current.currency,
            value=current.display_unit.value,
            label=current.display_unit.label,
            at_risk_threshold=current.at_risk_threshold,
            due_soon_days=current.due_soon_days,
            count=len(current.sources),
            backup_saves=current.backup_saves,
            backup_days=current.backup_days,
        )
    )


@settings.command("set")
@click.option("--name", help="Portfolio name shown on every report.")
@click.option(
    "--unit", type=click.Choice([unit.value for unit in MoneyUnit]), help="Display amounts in yuan, 万元 or 亿元."
)
@click.option("--threshold", type=PERCENT, help="Percentage points behind plan that make a project at risk.")
@click.option("--due-soon-days", type=click.IntRange(1, 365), help="Window for 'due soon' checks.")
@click.option("--backup-saves", type=click.IntRange(0, 10_000), help="How many of the latest saves keep a backup.")
@click.option("--backup-days", type=click.IntRange(0, 10_000), help="How many days keep their newest backup.")
def settings_set(name, unit, threshold, due_soon_days, backup_saves, backup_days) -> None:
    """Change portfolio settings."""
    service = session().service()
    current = service.portfolio().settings
    changes = {
        "name": name,
        "display_unit": MoneyUnit(unit) if unit else None,
        "at_risk_threshold": threshold,
        "due_soon_days": due_soon_days,
        "backup_saves": backup_saves,
        "backup_days": backup_days,
    }
    changes = {key: value for key, value in changes.items() if value is not None}
    if not changes:
        raise InvalidInput(_("nothing to set: see 'buildtrack settings set --help'"))
    service.update_settings(replace(current, **changes))
    say(_("settings updated: {names}").format(names=", ".join(sorted(changes))))
