"""Spreadsheet ledgers on the command line: ``import FILE.xlsx|FILE.csv`` and ``export --format xlsx|csv``."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click

from buildtrack.cli.options import Refused, say, session
from buildtrack.domain.diff import diff_projects
from buildtrack.domain.errors import InvalidInput
from buildtrack.files import atomic_write_bytes
from buildtrack.i18n import _
from buildtrack.ledger import values
from buildtrack.ledger.headers import parse_mapping
from buildtrack.ledger.layout import ledger_sheets
from buildtrack.ledger.planning import Plan, plan_import
from buildtrack.ledger.sheets import read_ledger
from buildtrack.ledger.writing import write_csv, write_xlsx
from buildtrack.reports.output import choose_format
from buildtrack.reports.render import render_text, spreadsheet_safe
from buildtrack.reports.table import Column, Report, Section

PROGRESS_BAR_ROWS = 500


def _mapping(items: tuple[str, ...], map_file: Path | None) -> dict[str, str]:
    lines = list(items)
    if map_file is not None:
        lines += [
            line
            for line in map_file.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    return parse_mapping(lines)


def _dry_run_table(plan: Plan, portfolio, as_of) -> str:
    rows = []
    for row, project, action in plan.projects:
        old = portfolio.projects.get(project.code)
        fields = (
            sorted({change.field.split("[")[0].split(".")[0] for change in diff_projects(old, project)}) if old else []
        )
        rows.append(
            {
                "action": action,
                "code": project.code,
                "name": project.display_name(),
                "row": f"row {row.number}",
                "changes": ", ".join(fields),
            }
        )
    columns = (
        Column("action", "Action"),
        Column("code", "Code"),
        Column("name", "Name"),
        Column("row", "Row"),
        Column("changes", "Changes", wrap=60),
    )
    report = Report(
        _("Import preview (nothing written)"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        (Section(_("Projects"), columns, tuple(rows), empty_text=_("no project rows")),),
    )
    return render_text(report)


def _write_rejects(plan: Plan, target: Path, skipped: set[str]) -> None:
    """The skipped projects' rows under the headings the importer read (not a title row above them), with the
    problems of each, as a CSV Excel opens (BOM) and the importer reads back once fixed."""
    problems: dict[str, list[str]] = {}
    for problem in plan.problems:
        code = plan.codes_by_row.get((problem.sheet, problem.row))
        problems.setdefault(code or f"{problem.sheet}:{problem.row}", []).append(str(problem))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*plan.project_headings, _("problems")])
    for row, project, _action in plan.projects:
        if project.code in skipped:
            writer.writerow(
                [
                    *(spreadsheet_safe(values.text(cell)) for cell in row.raw),
                    spreadsheet_safe("; ".join(problems.get(project.code, []))),
                ]
            )
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))


def import_ledger(
    file: Path,
    maps: tuple[str, ...],
    map_file: Path | None,
    dry_run: bool,
    skip_invalid: bool,
    rejects: Path | None,
    as_of,
    encoding: str | None = None,
) -> None:
    current = session()
    service = current.service()
    portfolio = service.portfolio()
    day = as_of or current.today()
    mapping = _mapping(maps, map_file)
    sheets = read_ledger(file, encoding)
    total = sum(len(sheet.rows) for sheet in sheets.values())
    with click.progressbar(
        length=total, label=_("Reading ledger"), file=sys.stderr, hidden=total < PROGRESS_BAR_ROWS
    ) as bar:
        plan = plan_import(portfolio, sheets, mapping, day, bar.update)
    for warning in plan.warnings:
        say(_("Warning: {warning}").format(warning=warning), err=True)
    if dry_run:
        say(_dry_run_table(plan, portfolio, day), nl=False)
    skipped = plan.invalid_codes() if skip_invalid else set()
    if plan.problems and not skip_invalid:
        for problem in sorted(plan.problems, key=lambda p: (p.sheet != plan.projects_sheet, p.sheet, p.row)):
            say(_("Error: {file}: {problem}").format(file=file, problem=problem), err=True)
        raise Refused(
            _(
                "{count} problems found; nothing was imported (fix them, or use --skip-invalid to import "
                "the valid rows)"
            ).format(count=len(plan.problems))
        )
    if dry_run:
        say(
            _("{count} problems; {count2} projects would be skipped; nothing was written").format(
                count=len(plan.problems), count2=len(skipped)
            )
        )
        return
    if skipped:
        target = rejects or file.with_name(f"{file.stem}.rejects.csv")
        _write_rejects(plan, target, skipped)
        say(
            _("skipped {count} projects with problems; their rows are in {target}").format(
                count=len(skipped), target=target
            ),
            err=True,
        )
    chosen = [project for _, project, action in plan.projects if action != "unchanged" and project.code not in skipped]
    created, updated = service.import_projects(chosen, plan.settings) if chosen or plan.settings else (0, 0)
    unchanged = sum(1 for _, _, action in plan.projects if action == "unchanged")
    say(
        _("imported {file}: {created} created, {updated} updated, {unchanged} unchanged").format(
            file=file, created=created, updated=updated, unchanged=unchanged
        )
    )


def ledger_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, or the one the -o file's name gives, by the reports' one rule (a mismatch refused);
    a file name that names no ledger format (x.txt) gets the interchange JSON, as before."""
    chosen = choose_format(fmt, output)
    return chosen if chosen in ("json", "xlsx", "csv") else "json"


def export_ledger(fmt: str, output: Path | None, chinese: bool, as_of) -> None:
    if output is None:
        raise InvalidInput(_("--format {fmt} needs -o FILE").format(fmt=fmt))
    current = session()
    sheets = ledger_sheets(current.service().portfolio(), as_of or current.today(), chinese)
    if fmt == "xlsx":
        write_xlsx(sheets, output, chinese)
        written = [output]
    else:
        written = write_csv(sheets, output, chinese)
    for path in written:
        say(_("wrote {path}").format(path=path), err=True)
