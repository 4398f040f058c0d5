"""What importing a ledger would do to the portfolio: projects to create and update, or the problems found.

Rules: a project is matched by code (or, in a ledger without codes, by its exact name). A column
that is present replaces the field, an empty cell clears an optional one. The funding, milestone and
progress sheets replace (funding, milestones) or merge into (progress) what a listed project has; the
instrument sheets (money, problems, approvals, plans, work done, packages) replace their collection.
Without them, per-source columns set planned amounts, received/paid totals go to a project's single
funding line, the percent column adds a progress entry on the as-of date when it differs, and the
stage column marks the milestones of earlier stages done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import msgspec

from buildtrack.domain.model import (
    FundingLine,
    FundingSource,
    Milestone,
    MoneyEntry,
    MoneyKind,
    Portfolio,
    ProgressEntry,
    Project,
    Settings,
    SourceCategory,
    replace,
)
from buildtrack.domain.money import MoneyUnit, format_money_with_unit
from buildtrack.domain.schedule import actual_percent, stage_under_way
from buildtrack.domain.sentences import understand
from buildtrack.domain.stages import stage, with_stage_reached
from buildtrack.domain.validate import project_problems
from buildtrack.i18n import _
from buildtrack.ids import unused_id
from buildtrack.ledger import instruments, values
from buildtrack.ledger.reading import Problem, Row, SheetReader
from buildtrack.ledger.sheets import INSTRUMENT_ROLES, Sheet

PROJECT_FIELDS = (
    "name",
    "name_zh",
    "county",
    "facility",
    "facility_type",
    "kind",
    "location",
    "leader",
    "implementing_unit",
    "scope",
    "total_investment",
    "planned_start",
    "planned_finish",
    "actual_start",
    "actual_finish",
    "floor_area_m2",
    "beds",
    "floors",
    "current_problems",
    "notes",
)
_DEFAULTS = {field.name: field.default for field in msgspec.structs.fields(Project) if field.name in PROJECT_FIELDS}
_SCOPE_FIGURES = ("floor_area_m2", "beds", "floors")


@dataclass
class Plan:
    """The outcome: projects ready to save (with the row they came from), and what is wrong or was skipped."""

    projects: list[tuple[Row, Project, str]] = field(
        default_factory=list
    )  # (row, project, "create"/"update"/"unchanged")
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    projects_sheet: str = ""
    codes_by_row: dict[tuple[str, int], str] = field(default_factory=dict)
    project_headings: list[str] = field(default_factory=list)  # as read (a title row above them skipped)
    settings: Settings | None = None  # the catalogue with the sources the ledger adds (None: unchanged)

    def invalid_codes(self) -> set[str]:
        """Projects with a problem on any sheet (skipped whole by --skip-invalid)."""
        return {self.codes_by_row[(p.sheet, p.row)] for p in self.problems if (p.sheet, p.row) in self.codes_by_row}


def plan_import(
    portfolio: Portfolio, sheets: dict[str, Sheet], mapping: dict[str, str], as_of: dt.date, progress=lambda n: None
) -> Plan:
    plan = Plan(projects_sheet=sheets["projects"].name)
    catalogue = _catalogue(sheets.get("sources"), portfolio.settings, mapping, as_of, plan)
    others = {role: sheet for role, sheet in sheets.items() if role != "sources"}
    readers = {role: SheetReader(sheet, catalogue, mapping, as_of) for role, sheet in others.items()}
    rows = {role: reader.rows(progress) for role, reader in readers.items()}
    plan.project_headings = list(readers["projects"].headers)
    added = {source.key: source for reader in readers.values() for source in reader.new_sources}
    settings = replace(catalogue, sources=catalogue.sources + tuple(added.values()))
    if settings != portfolio.settings:
        plan.settings = settings
    for reader in readers.values():
        plan.problems += reader.problems
        plan.warnings += reader.warnings
    if not readers["projects"].has("code") and not (
        readers["projects"].has("name") or readers["projects"].has("name_zh")
    ):
        plan.problems.append(
            Problem(plan.projects_sheet, 1, "", _("no code or name column: cannot tell projects apart"))
        )
        return plan
    _check_totals(readers["projects"].totals, rows["projects"], plan, portfolio.settings.display_unit)
    codes = _codes(portfolio, rows["projects"], plan)
    names = {p_name: p.code for p in portfolio.projects.values() for p_name in (p.name, p.name_zh) if p_name}
    for row, code in zip(rows["projects"], codes, strict=False):
        for key in ("name", "name_zh"):
            if code and row.values.get(key):
                names[row.values[key]] = code
    by_code = _rows_by_code(rows, names, plan)
    for row, code in zip(rows["projects"], codes, strict=False):
        if code is None:
            continue
        old = portfolio.projects.get(code)
        new = _merged(old, code, row, by_code, as_of, plan)
        for message in project_problems(new, settings):
            plan.problems.append(
                Problem(row.sheet, row.number, message.split(":")[1].strip(), message.split(": ", 2)[-1])
            )
        action = "create" if old is None else ("unchanged" if replace(new, revision=old.revision) == old else "update")
        plan.projects.append((row, new, action))
    _unknown_codes(by_code, {code for code in codes if code} | set(portfolio.projects), plan)
    return plan


def _catalogue(
    sheet: Sheet | None, settings: Settings, mapping: dict[str, str], as_of: dt.date, plan: Plan
) -> Settings:
    """The settings with the sources a 资金来源目录 sheet lists that the catalogue lacks (read before the other
    sheets, whose source columns and names may use them): a ledger rebuilds a portfolio in an empty file."""
    if sheet is None:
        return settings
    reader = SheetReader(sheet, settings, mapping, as_of)
    known = {source.key for source in settings.sources}
    added = []
    for row in reader.rows():
        key = row.values.get("source_key") or ""
        if key and key not in known:
            known.add(key)
            category = row.values.get("category") or SourceCategory.OTHER
            added.append(FundingSource(key, row.values.get("name") or "", row.values.get("name_zh") or "", category))
    plan.problems += reader.problems
    return replace(settings, sources=settings.sources + tuple(added)) if added else settings


def _check_totals(totals: list[tuple[int, Row]], rows: list[Row], plan: Plan, unit: MoneyUnit) -> None:
    """A 合计 row sums every project row above it, a 小计 row those since the previous total row; an amount
    that disagrees is a problem (one of the two is wrong, and money must not be guessed)."""
    start = 0
    for before, total in totals:
        words = {"".join(values.text(cell).split()) for cell in total.raw}
        counted = rows[start:before] if "小计" in words or "subtotal" in words else rows[:before]
        amounts = [(name, given, [row.values.get(name) for row in counted]) for name, given in total.values.items()]
        amounts += [
            (source, given, [row.planned_by_source.get(source) for row in counted])
            for source, given in total.planned_by_source.items()
        ]
        for name, given, parts in amounts:
            summed = sum(part or 0 for part in parts)
            if given is not None and given != summed:
                plan.problems.append(
                    Problem(
                        total.sheet,
                        total.number,
                        name,
                        _("the total row gives {amount} but the rows above add up to {amount2}").format(
                            amount=format_money_with_unit(given, unit), amount2=format_money_with_unit(summed, unit)
                        ),
                    )
                )
        start = before


def _rows_by_code(rows: dict[str, list[Row]], names: dict[str, str], plan: Plan) -> dict[str, dict[str, list[Row]]]:
    """The other sheets' rows by project: by code, or — in a ledger without codes — by the project's exact name."""
    by_code: dict[str, dict[str, list[Row]]] = {
        role: defaultdict(list) for role in ("funding", "milestones", "progress", *INSTRUMENT_ROLES)
    }
    for role in by_code:
        for row in rows.get(role, []):
            code = row.values.get("code") or names.get(row.values.get("name_zh") or row.values.get("name") or "")
            if code is None:
                plan.problems.append(
                    Problem(
                        row.sheet,
                        row.number,
                        "",
                        _("a project code, or the exact name of a listed project, is required"),
                    )
                )
            else:
                by_code[role][code].append(row)
                plan.codes_by_row[(row.sheet, row.number)] = code
    return by_code


def _codes(portfolio: Portfolio, rows: list[Row], plan: Plan) -> list[str | None]:
    """Each row's project code: given, or found by exact name, or the next free one."""
    by_name = {name: p.code for p in portfolio.projects.values() for name in (p.name, p.name_zh) if name}
    used = set(portfolio.projects)
    numbers = [int(code.rpartition("-")[2]) for code in used if code.startswith("P-")]
    next_number = max(numbers, default=0) + 1
    codes: list[str | None] = []
    seen: dict[str, int] = {}
    for row in rows:
        code = (
            row.values.get("code")
            or by_name.get(row.values.get("name_zh") or "")
            or by_name.get(row.values.get("name") or "")
        )
        if code is None and "code" not in row.values:
            code, next_number = f"P-{next_number:03d}", next_number + 1
        if code is None:
            plan.problems.append(Problem(row.sheet, row.number, "", _("a project code is required")))
        elif code in seen:
            plan.problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    "",
                    _("{code} appears again (first in row {seen})").format(code=code, seen=seen[code]),
                )
            )
            code = None
        else:
            seen[code] = row.number
            plan.codes_by_row[(row.sheet, row.number)] = code
        codes.append(code)
    return codes


def _dated(row: Row, plan: Plan, as_of: dt.date) -> None:
    """A bare 开工时间 / 竣工时间 is the actual date once it has passed and the planned date before; a date under an
    explicit 实际开工 / 实际竣工 heading in the future is refused (nothing can have happened after today)."""
    for bare, actual, planned in (
        ("start_date", "actual_start", "planned_start"),
        ("finish_date", "actual_finish", "planned_finish"),
    ):
        day = row.values.pop(bare, None)
        if day is not None:
            row.values[actual if day <= as_of else planned] = day
        given = row.values.get(actual)
        if given is not None and given > as_of:
            plan.problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    actual,
                    _("{given} is in the future: an actual date cannot be (today is {as_of})").format(
                        given=given, as_of=as_of
                    ),
                )
            )


def _merged(old: Project | None, code: str, row: Row, by_code, as_of: dt.date, plan: Plan) -> Project:
    _dated(row, plan, as_of)
    if "owner_unit" in row.values and "implementing_unit" not in row.values:  # 责任单位 on the projects sheet
        row.values["implementing_unit"] = row.values.pop("owner_unit")
    base = old or Project(code=code)
    fields = {name: row.values.get(name, _DEFAULTS[name]) for name in PROJECT_FIELDS if name in row.values}
    fields = {
        name: ("" if value is None and isinstance(_DEFAULTS[name], str) else value) for name, value in fields.items()
    }
    project = _with_scope_figures(replace(base, **fields), row, as_of)
    project = _with_funding(project, row, by_code["funding"].get(code), plan, as_of)
    milestone_rows = by_code["milestones"].get(code)
    project = _with_milestones(project, milestone_rows)
    project = _with_reported_stage(project, row, plan, as_of)  # after the milestones its own export derives it from
    if not milestone_rows:
        project = with_stage_reached(project, row.values.get("stage") or "", as_of)
    project = _with_progress(project, row, by_code["progress"].get(code), as_of)
    listed = {role: by_code[role].get(code) for role in INSTRUMENT_ROLES}
    project = instruments.with_instruments(project, listed, plan.problems, as_of)
    return replace(
        project,
        milestones=tuple(sorted(project.milestones, key=lambda m: m.baseline_due)),
        progress=tuple(sorted(project.progress, key=lambda e: e.on)),
    )


def _with_scope_figures(project: Project, row: Row, as_of: dt.date) -> Project:
    """建设内容及规模 such as "建筑面积3000平方米，床位50张，二层" fills the area, beds and floors the ledger has no
    column for (a column of its own always wins)."""
    if not row.values.get("scope"):
        return project
    understood = understand(row.values["scope"], Settings(), as_of)
    figures = {name: getattr(understood, name) for name in _SCOPE_FIGURES if name not in row.values}
    return replace(project, **{name: value for name, value in figures.items() if value is not None})


def _line(lines: dict[str, FundingLine], source: str) -> FundingLine:
    return lines.get(source) or FundingLine(id=unused_id("f", (line.id for line in lines.values())), source=source)


def _with_totals(line: FundingLine, received: int | None, paid: int | None, as_of: dt.date) -> FundingLine:
    """The line with one entry dated ``as_of`` for each total the ledger gives that differs from the line's."""
    entries = list(line.entries)
    for kind, given, current in ((MoneyKind.RECEIVED, received, line.received), (MoneyKind.PAID, paid, line.paid)):
        if given is not None and given != current:
            reason = "" if given > current else _("the ledger shows a lower total")
            taken = [entry.id for entry in entries]
            entries.append(
                MoneyEntry(
                    id=unused_id("e", taken),
                    kind=kind,
                    on=as_of,
                    amount=given - current,
                    note="ledger import",
                    reason=reason,
                )
            )
    return replace(line, entries=tuple(entries))


def _with_funding(project: Project, row: Row, sheet_rows: list[Row] | None, plan: Plan, as_of: dt.date) -> Project:
    if sheet_rows:
        existing = {line.source: line for line in project.funding}
        lines = []
        for r in sheet_rows:
            source = r.values.get("source") or ""
            line = replace(
                _line(existing, source),
                planned=r.values.get("planned") or 0,
                note=r.values.get("note") or r.values.get("notes") or "",
            )
            lines.append(_with_totals(line, r.values.get("received") or 0, r.values.get("paid") or 0, as_of))
        total = sum(line.received for line in lines), sum(line.paid for line in lines)
        for name, given in (("received", row.values.get("received")), ("paid", row.values.get("paid"))):
            if given is not None and given != total[0 if name == "received" else 1]:
                plan.problems.append(
                    Problem(
                        row.sheet,
                        row.number,
                        name,
                        _("{name} {amount} differs from the funding sheet's total").format(
                            name=name, amount=format_money_with_unit(given)
                        ),
                    )
                )
        return replace(project, funding=tuple(lines))
    by_source = {line.source: line for line in project.funding}
    for source, amount in row.planned_by_source.items():
        if amount is None:
            by_source.pop(source, None)
        else:
            by_source[source] = replace(_line(by_source, source), planned=amount)
    for pair in row.pairs.values():  # 资金来源1 / 金额1 / 到位1 / 已支付1 …
        if pair.get("source"):
            line = _line(by_source, pair["source"])
            if pair.get("amount") is not None:
                line = replace(line, planned=pair["amount"])
            by_source[pair["source"]] = _with_totals(line, pair.get("received"), pair.get("paid"), as_of)
    for name in ("received", "paid"):
        given = row.values.get(name)
        if given is None:
            continue
        if not by_source:
            if not given:
                continue
            plan.problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    name,
                    _("{name} {amount} has no funding source to go to: add a source column or a funding sheet").format(
                        name=name, amount=format_money_with_unit(given)
                    ),
                )
            )
        elif len(by_source) == 1:
            only = next(iter(by_source))
            by_source[only] = _with_totals(
                by_source[only], given if name == "received" else None, given if name == "paid" else None, as_of
            )
        elif sum(getattr(line, name) for line in by_source.values()) != given:
            shares = _spread(given, {source: line.planned for source, line in by_source.items()})
            for source, share in shares.items():
                current = by_source[source]
                by_source[source] = _with_totals(
                    current, share if name == "received" else None, share if name == "paid" else None, as_of
                )
            split = ", ".join(f"{source} {format_money_with_unit(share)}" for source, share in shares.items())
            plan.warnings.append(
                _(
                    "{sheet} row {number}: {name} {amount} spread over the project's sources in proportion to "
                    "their planned amounts: {split} (give a funding sheet to set each one)"
                ).format(
                    sheet=row.sheet, number=row.number, name=name, amount=format_money_with_unit(given), split=split
                )
            )
    return replace(project, funding=tuple(by_source.values()))


def _spread(total: int, weights: dict[str, int]) -> dict[str, int]:
    """``total`` fen split in proportion to ``weights`` (equally when they are all zero), exact to the fen: the
    fen left by rounding down go to the largest remainders, so the parts always add up to the total."""
    if not any(weights.values()):
        weights = dict.fromkeys(weights, 1)
    whole = sum(weights.values())
    shares = {key: total * weight // whole for key, weight in weights.items()}
    left = total - sum(shares.values())
    by_remainder = sorted(weights, key=lambda key: (total * weights[key]) % whole, reverse=True)
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares


def _with_reported_stage(project: Project, row: Row, plan: Plan, as_of: dt.date) -> Project:
    """形象进度 is kept as the office wrote it, dated when it changes; one naming no standard stage is listed."""
    if "stage" not in row.values:
        return project
    written = row.values.get("stage") or ""
    under_way = stage_under_way(project, as_of)
    if not project.reported_stage and under_way and written in (stage(under_way).name, stage(under_way).name_zh):
        return project  # the stage buildtrack's own export derives from the milestones: nothing was reported
    if written and values.stage_key(written) is None:
        plan.warnings.append(
            _("{sheet} row {number}: 形象进度 {written!r} names no standard stage; kept as text").format(
                sheet=row.sheet, number=row.number, written=written
            )
        )
    if written == project.reported_stage:
        return project
    return replace(
        project,
        reported_stage=written,
        reported_stage_on=(row.values.get("reported_stage_on") or as_of) if written else None,
    )


def _milestones_by_name(project: Project) -> dict[str, Milestone]:
    """A project's milestones by name, a standard one also by its stage's name in the other language (a Chinese
    ledger writes 主体/封顶 for "Main structure / topping out"): the same milestone, its id and name kept."""
    named = {milestone.name: milestone for milestone in project.milestones}
    for milestone in project.milestones:
        if milestone.stage and milestone.name in (stage(milestone.stage).name, stage(milestone.stage).name_zh):
            for alias in (stage(milestone.stage).name, stage(milestone.stage).name_zh):
                named.setdefault(alias, milestone)
    return named


def _with_milestones(project: Project, sheet_rows: list[Row] | None) -> Project:
    """The milestones of a milestone sheet (ids kept by name); without one the project's own stay."""
    if sheet_rows:
        before = _milestones_by_name(project)
        milestones: list[Milestone] = []
        for r in sheet_rows:
            written, due = r.values.get("milestone") or "", r.values.get("due")
            name = before[written].name if written in before else written
            if due is None:
                due = before[name].due if name in before else dt.date.min
            baseline = r.values.get("baseline_due") or (before[name].baseline_due if name in before else due)
            taken = [m.id for m in project.milestones] + [m.id for m in milestones]
            milestones.append(
                Milestone(
                    id=before[name].id if name in before else unused_id("m", taken),
                    name=name,
                    due=due,
                    baseline_due=baseline,
                    stage=values.stage_key(r.values.get("stage") or ""),
                    done_on=r.values.get("done_on"),
                    note=r.values.get("note") or r.values.get("notes") or "",
                )
            )
        return replace(project, milestones=tuple(milestones))
    return project


def _with_progress(project: Project, row: Row, sheet_rows: list[Row] | None, as_of: dt.date) -> Project:
    entries = {entry.on: entry for entry in project.progress}

    def put(day: dt.date, percent: Decimal, note: str) -> None:
        known = entries.get(day)
        entry_id = known.id if known else unused_id("r", (entry.id for entry in entries.values()))
        entries[day] = ProgressEntry(id=entry_id, on=day, percent=percent, note=note)

    if sheet_rows:
        for r in sheet_rows:
            if r.values.get("date") and r.values.get("percent") is not None:
                put(r.values["date"], r.values["percent"], r.values.get("notes") or "")
        return replace(project, progress=tuple(entries.values()))
    percent = row.values.get("percent")
    if percent is not None and percent != actual_percent(project, as_of):
        put(as_of, percent, "ledger import")
    return replace(project, progress=tuple(entries.values()))


def _unknown_codes(by_code, known: set[str], plan: Plan) -> None:
    for rows in by_code.values():
        for code, listed in rows.items():
            if code not in known:
                for row in listed:
                    plan.problems.append(
                        Problem(
                            row.sheet,
                            row.number,
                            _("code"),
                            _("{code} is not in the projects sheet or the portfolio").format(code=code),
                        )
                    )
