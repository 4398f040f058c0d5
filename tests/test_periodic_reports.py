"""Reports from history: weekly bulletin, monthly review, as-of reconstruction, earned value, rollups, print forms."""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import json
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from buildtrack.cli import cli
from buildtrack.domain.dates import month_range
from buildtrack.domain.model import MoneyKind, Project
from buildtrack.reports.evm import earned_value
from buildtrack.reports.monthly import monthly_review
from buildtrack.reports.progress import progress_report
from buildtrack.reports.render import render
from buildtrack.reports.selection import standings
from buildtrack.reports.spreadsheet import render_xlsx
from buildtrack.reports.weekly import weekly_bulletin
from buildtrack.service import PortfolioService
from buildtrack.storage import changelog
from buildtrack.storage.file_store import create_store
from buildtrack.storage.history import rolled_back
from buildtrack.storage.paths import changes_path

D = dt.date
RECEIVED, PAID = MoneyKind.RECEIVED, MoneyKind.PAID
WAN = 1_000_000  # fen in 1万元


@pytest.fixture(params=["file", "postgres"])
def history(request, tmp_path, settings):
    """Two projects with a known history; the clock moves as the story goes (in a file, and on the server)."""
    clock = {"now": dt.datetime(2024, 5, 1, 9, 0, tzinfo=dt.UTC)}
    if request.param == "postgres":
        from buildtrack.storage.postgres import PostgresStore, init_schema

        url = request.getfixturevalue("pg_url")
        init_schema(url, settings)
        store = PostgresStore(url)
    else:
        store = create_store(tmp_path / "county.json", settings)
    service = PortfolioService(store, "ana", lambda: clock["now"].date(), lambda: clock["now"])

    def at(day: dt.date) -> None:
        clock["now"] = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)

    service.add_project(
        Project(
            code="P-001",
            name="TCM ward building <b>",
            name_zh="县中医院病房楼",
            total_investment=1000 * WAN,
            planned_start=D(2024, 1, 1),
            planned_finish=D(2024, 12, 31),
            leader="",
        )
    )
    service.add_milestone("P-001", "Land", D(2024, 5, 10))
    service.add_milestone("P-001", "Design", D(2024, 6, 5))
    service.add_milestone("P-001", "Tender", D(2024, 6, 20))
    service.set_line("P-001", "special-bond", planned=800 * WAN)
    service.add_project(
        Project(code="P-002", name="Renli clinic", planned_start=D(2024, 1, 1), planned_finish=D(2024, 12, 31))
    )
    service.add_milestone("P-002", "Approval", D(2024, 6, 4))
    at(D(2024, 5, 20))
    service.record_progress("P-001", Decimal(10), D(2024, 5, 20))
    service.record_money("P-001", "special-bond", RECEIVED, 200 * WAN)
    at(D(2024, 6, 3))
    service.mark_done("P-001", "Land", D(2024, 6, 3))
    service.record_money("P-001", "special-bond", RECEIVED, 300 * WAN)
    service.record_money("P-001", "special-bond", PAID, 100 * WAN)
    service.record_progress("P-001", Decimal(20), D(2024, 6, 3))
    service.reschedule("P-001", "Design", D(2024, 6, 25), "drawings late")
    at(D(2024, 6, 28))
    service.record_progress("P-001", Decimal(35), D(2024, 6, 28))
    service.record_money("P-001", "special-bond", PAID, 200 * WAN)
    at(D(2024, 7, 2))
    service.update_project("P-001", leader="王伟")
    return service


def file_only(service: PortfolioService) -> None:
    """These look at the file itself (its log's bytes, its path for the command line)."""
    if not hasattr(service.store, "file"):
        pytest.skip("about the file store's own log and path")


def week(service: PortfolioService, end: dt.date):
    return weekly_bulletin(service.period(end - dt.timedelta(days=6), end))


def month(service: PortfolioService, text: str):
    return monthly_review(service.period(*month_range(text)))


def rows(report, title):
    return next(section for section in report.sections if section.title.startswith(title)).rows


def test_weekly_bulletin_lists_what_moved_in_the_week(history):
    report = week(history, D(2024, 6, 7))
    assert report.title == "Weekly bulletin 2024-06-01 – 2024-06-07"
    assert [(r["number"], r["milestone"], r["done"]) for r in rows(report, "Milestones done")] == [
        (1, "Land", D(2024, 6, 3))
    ]
    named = {"code": "P-001", "project": "TCM ward building <b>"}
    assert rows(report, "Progress reported") == (
        named | {"from": Decimal(10), "to": Decimal(20), "change": Decimal(10)},
    )
    assert rows(report, "Money received and paid") == (
        named | {"source": "special-bond", "received": 300 * WAN, "paid": 100 * WAN},
    )
    by_source = rows(report, "Money received this week by source")[0]
    assert (by_source["received"], by_source["paid"]) == (300 * WAN, 100 * WAN)
    assert rows(report, "Rescheduled") == (
        {
            "code": "P-001",
            "milestone": "Design",
            "from": "2024-06-05",
            "to": "2024-06-25",
            "reason": "drawings late",
            "by": "ana",
        },
    )
    assert [(r["code"], r["milestone"]) for r in rows(report, "Became overdue")] == [("P-002", "Approval")]
    assert [(r["code"], r["milestone"]) for r in rows(report, "Due in the next")] == [("P-001", "Tender")]
    assert [(r["code"], r["was"], r["now"]) for r in rows(report, "Status got worse")] == [
        ("P-002", "at risk", "overdue")
    ]


def test_as_of_a_past_date_shows_what_was_known_then(history):
    now = history.portfolio()
    then = history.portfolio_as_of(D(2024, 6, 1))
    p1 = then.projects["P-001"]
    assert p1.funding[0].received == 200 * WAN  # the 3 June receipt is not yet known
    assert p1.milestones[1].due == D(2024, 6, 5)  # the reschedule of 3 June is rolled back
    assert p1.milestones[0].done_on is None
    assert p1.leader == "" and now.projects["P-001"].leader == "王伟"
    assert history.store.portfolio_as_of(D(2024, 7, 5)).projects["P-001"] == now.projects["P-001"]


@pytest.mark.parametrize("day", [D(2024, 4, 30), D(2024, 5, 20), D(2024, 6, 1), D(2024, 6, 30), D(2024, 7, 2)])
def test_the_store_streams_only_later_records_newest_first_and_rolls_back_alike(history, monkeypatch, day):
    file_only(history)
    monkeypatch.setattr(changelog, "_READ_BLOCK", 97)  # many blocks, lines cut at their edges
    store = history.store
    later = [entry.record for entry in store.entries_after(day)]
    assert [r.generation for r in later] == [r.generation for r in reversed(store.changes()) if r.at.date() > day]
    whole_log = reversed(store.change_log()[0])
    assert rolled_back(store.load(), store.entries_after(day), day) == rolled_back(store.load(), whole_log, day)


def test_records_before_the_date_are_passed_over_unparsed(history):
    file_only(history)
    store = history.store
    log = changes_path(store.file.path)
    lines = log.read_bytes().split(b"\n")
    prefix = b'{"gen":1,"at":"2024-05-01'
    assert lines[0].startswith(prefix)
    lines[0] = prefix + b"#" * (len(lines[0]) - len(prefix))  # damaged beyond its date, same length
    log.write_bytes(b"\n".join(lines))
    assert len(list(store.entries_after(D(2024, 6, 1)))) == 8
    assert store.change_log()[1] == [1]  # ``check`` still sees the damaged line


def test_lines_are_read_back_to_front_across_blocks(monkeypatch):
    data = b"one\ntwo two\n\nthree\n"
    for block in range(1, len(data) + 2):
        monkeypatch.setattr(changelog, "_READ_BLOCK", block)
        assert list(changelog.lines_newest_first(io.BytesIO(data), len(data))) == [
            b"",
            b"three",
            b"",
            b"two two",
            b"one",
        ]
    assert list(changelog.lines_newest_first(io.BytesIO(data), 7)) == [b"two", b"one"]  # only the committed bytes


def test_monthly_review_per_project_with_totals(history):
    report = month(history, "2024-06")
    p1 = rows(report, "Projects")[0]
    assert [p1[key] for key in ("code", "name", "start", "end", "planned")] == [
        "P-001",
        "TCM ward building <b>",
        Decimal(10),
        Decimal(35),
        Decimal("49.6"),
    ]
    assert [p1[key] for key in ("received", "paid", "done", "done_names", "slip")] == [
        300 * WAN,
        300 * WAN,
        1,
        "Land",
        20,
    ]
    totals = report.sections[0].totals
    assert (totals["received"], totals["paid"], totals["done"]) == (300 * WAN, 300 * WAN, 1)
    assert month_range("2024年2月") == (D(2024, 2, 1), D(2024, 2, 29))


def test_earned_value_with_its_formulas(history):
    portfolio = history.portfolio_as_of(D(2024, 6, 30))
    value = earned_value(portfolio.projects["P-001"], standings(portfolio, D(2024, 6, 30))["P-001"])
    assert (value.pv, value.ev, value.ac) == (496 * WAN, 350 * WAN, 300 * WAN)
    assert (value.sv, value.cv, value.spi, value.cpi) == (-146 * WAN, 50 * WAN, Decimal("0.71"), Decimal("1.17"))
    clinic = earned_value(portfolio.projects["P-002"], standings(portfolio, D(2024, 6, 30))["P-002"])
    assert (clinic.pv, clinic.spi, clinic.cpi) == (None, None, None)  # no budget: dashes, not a crash
    report = progress_report(portfolio, D(2024, 6, 30), evm=True)
    assert "SPI = EV ÷ PV" in " ".join(report.notes)
    assert "0.71" in render(report, "text")


def test_html_is_printable_escaped_and_has_charts(history):
    page = render(week(history, D(2024, 6, 7)), "html")
    html.parser.HTMLParser().feed(page)
    assert "TCM ward building &lt;b&gt;" in page and "TCM ward building <b>" not in page
    assert "@page { size: A4 landscape" in page and "counter(page)" in page
    progress = render(progress_report(history.portfolio(), D(2024, 6, 30), charts=True), "html")
    assert progress.count("<svg") == 3  # the portfolio S-curve and one per project


def test_xlsx_holds_the_same_numbers(history):
    report = month(history, "2024-06")
    sheet = load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    header = [cell.value for cell in sheet[3]]
    first = dict(zip(header, sheet[4], strict=False))
    received = first["Received (万元)"]  # the portfolio's unit, the exact value in the cell
    assert received.value == 300 and received.number_format == "#,##0.00"
    assert first["End %"].value == 35 and first["Code"].value == "P-001"


def test_a_workbook_prints_on_landscape_a4_fitted_to_width_with_money_totals_as_formulas(history):
    from buildtrack.reports.funding import funding_report

    report = funding_report(history.portfolio(), D(2024, 6, 30))
    sheet = load_workbook(io.BytesIO(render_xlsx(report))).worksheets[0]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$3" and sheet.sheet_properties.pageSetUpPr.fitToPage
    last = [cell.value for cell in sheet[sheet.max_row]]
    assert any(isinstance(value, str) and value.startswith("=SUM(") for value in last), last
    widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert all(width and width >= 8 for width in widths)


def test_rollup_over_several_files_qualifies_clashing_codes(tmp_path, history):
    file_only(history)
    other = tmp_path / "district.json"
    runner = CliRunner()
    runner.invoke(cli, ["--db", str(other), "init", str(other)])
    runner.invoke(cli, ["--db", str(other), "project", "add", "--code", "P-001", "--name", "District MCH"])
    runner.invoke(cli, ["--db", str(other), "project", "add", "--code", "P-900", "--name", "Village clinic"])
    result = runner.invoke(
        cli,
        [
            "--db",
            str(tmp_path / "county.json"),
            "--db",
            str(other),
            "--today",
            "2024-07-10",
            "report",
            "progress",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    codes = [row["code"] for row in json.loads(result.stdout)["sections"][0]["rows"]]
    assert codes == ["P-002", "P-900", "county:P-001", "district:P-001"]
    (tmp_path / "an-export.json").write_text("{}")
    folder = runner.invoke(
        cli, ["--db", str(tmp_path), "--today", "2024-07-10", "report", "funding", "-f", "csv", "--section", "1"]
    )
    assert folder.exit_code == 0 and "special-bond" in folder.stdout
    assert "skipped" in folder.stderr and "an-export.json" in folder.stderr
    assert runner.invoke(cli, ["--db", str(tmp_path), "project", "edit", "P-900", "--beds", "3"]).exit_code == 1
    then = runner.invoke(
        cli,
        [
            "--db",
            str(tmp_path / "county.json"),
            "--db",
            str(other),
            "--today",
            "2024-07-10",
            "report",
            "progress",
            "--as-of",
            "2024-06-01",
            "-f",
            "json",
        ],
    )
    rows = {row["code"]: row for row in json.loads(then.stdout)["sections"][0]["rows"]}
    assert sorted(rows) == ["P-002", "P-900", "county:P-001", "district:P-001"]  # entered later: kept as entered
    assert rows["county:P-001"]["actual"] == 10  # what was known on 1 June


def test_weekly_and_monthly_from_the_command_line(history, tmp_path):
    file_only(history)
    db = str(tmp_path / "county.json")
    weekly = CliRunner().invoke(cli, ["--db", db, "report", "weekly", "--as-of", "2024-06-07"])
    assert weekly.exit_code == 0 and "drawings late" in weekly.stdout
    monthly = CliRunner().invoke(
        cli, ["--db", db, "report", "monthly", "--month", "2024-06", "-f", "xlsx", "-o", str(tmp_path / "june.xlsx")]
    )
    assert monthly.exit_code == 0 and (tmp_path / "june.xlsx").stat().st_size > 0
    bad = CliRunner().invoke(cli, ["--db", db, "report", "monthly", "--month", "June"])
    assert bad.exit_code == 1 and "must look like 2024-06" in bad.stderr
    progress = CliRunner().invoke(
        cli, ["--db", db, "--today", "2024-07-10", "report", "progress", "--as-of", "2024-06-01", "--evm", "-f", "json"]
    )
    row = json.loads(progress.stdout)["sections"][0]["rows"][0]
    assert row["actual"] == 10 and row["ac"] == 0  # what was known on 1 June
