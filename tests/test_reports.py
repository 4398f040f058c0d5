"""Report builders give exact figures; the renderer formats them for people and machines."""

import csv
import datetime as dt
import html.parser
import io
import json
from decimal import Decimal

import pytest
from conftest import line, make_project, report
from conftest import milestone as new_milestone
from wcwidth import wcswidth

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import Portfolio
from buildtrack.reports.funding import funding_report
from buildtrack.reports.overdue import overdue_report
from buildtrack.reports.progress import progress_report
from buildtrack.reports.render import render
from buildtrack.reports.selection import Filters

WAN = 1_000_000
AS_OF = dt.date(2024, 6, 1)


def milestone(name, due, done=None, stage=None):
    return new_milestone(name, due, stage=stage, done_on=done)


@pytest.fixture
def portfolio(settings):
    tcm = make_project(
        "P-001",
        leader="王伟",
        location="县城",
        total_investment=12_000 * WAN,
        planned_start=dt.date(2024, 1, 1),
        planned_finish=dt.date(2024, 12, 31),
        funding=(
            line("special-bond", 8500 * WAN, 6000 * WAN, 4200 * WAN),
            line("fiscal-matching", 3500 * WAN, 1500 * WAN, 1100 * WAN),
        ),
        milestones=(
            milestone("Land", dt.date(2024, 3, 1), done=dt.date(2024, 2, 20), stage="land"),
            milestone("Tendering", dt.date(2024, 5, 2), stage="tendering"),
            milestone("Groundbreaking", dt.date(2024, 6, 10), stage="groundbreaking"),
        ),
        progress=(report(dt.date(2024, 5, 31), Decimal(40)),),
    )
    clinic = make_project(
        "P-002",
        name="Renli Town Health Centre [red]扩建",
        name_zh="仁里镇中心卫生院",
        leader="李娜",
        location="仁里镇",
        total_investment=100 * WAN,
        planned_start=dt.date(2023, 1, 1),
        planned_finish=dt.date(2024, 5, 1),
        funding=(line("treasury-bond", 60 * WAN, 60 * WAN, 52 * WAN),),
        progress=(report(dt.date(2024, 4, 1), Decimal(90)),),
    )
    future = make_project(
        "P-003", name="Laochi clinic", planned_start=dt.date(2025, 1, 1), planned_finish=dt.date(2026, 1, 1)
    )
    return Portfolio(settings, {p.code: p for p in (tcm, clinic, future)})


def cells(row, *keys):
    return tuple(row[key] for key in keys)


def test_progress_report_rows(portfolio):
    section = progress_report(portfolio, AS_OF).sections[0]
    keys = ("code", "name", "stage", "planned", "actual", "variance", "status")
    assert [cells(row, *keys) for row in section.rows] == [
        # Staged milestones bend the plan: groundbreaking (5 %) is due 2024-06-10, so only 3.8 % is planned.
        ("P-001", "County TCM Hospital ward building", "Land", Decimal("3.8"), Decimal(40), Decimal("36.2"), "overdue"),
        ("P-002", "Renli Town Health Centre [red]扩建", "—", Decimal(100), Decimal(90), Decimal(-10), "overdue"),
        ("P-003", "Laochi clinic", "—", Decimal(0), None, None, "not started"),
    ]
    assert cells(section.rows[0], "next", "next_due") == ("Tendering", dt.date(2024, 5, 2))


def test_reports_as_of_a_past_date_use_what_was_known_then(portfolio):
    row = progress_report(portfolio, dt.date(2024, 2, 25)).sections[0].rows[0]
    assert cells(row, "stage", "actual", "status") == ("Land", None, "on track")  # the 40 % of May was not yet known
    before_land = progress_report(portfolio, dt.date(2024, 2, 19)).sections[0].rows[0]
    assert before_land["stage"] == "—"


def test_filters_select_projects(portfolio):
    def codes(filters):
        return progress_report(portfolio, AS_OF, filters).sections[0].column("code")

    assert codes(Filters(status="not started")) == ["P-003"]
    assert codes(Filters(source="treasury-bond")) == ["P-002"]
    assert codes(Filters(leader="王")) == ["P-001"]
    assert codes(Filters(location="仁里")) == ["P-002"]
    with pytest.raises(InvalidInput, match="status 'late' is not one of"):
        codes(Filters(status="late"))
    with pytest.raises(InvalidInput, match="funding source 'lottery' is not in the catalogue"):
        codes(Filters(source="lottery"))


def test_funding_report_by_source_category_project_and_gaps(portfolio):
    report = funding_report(portfolio, AS_OF, by_project=True)
    by_source, by_category, pivot, gaps = report.sections
    amounts = ("projects", "planned", "received", "received_share", "paid", "unspent")
    assert cells(by_source.rows[0], "source", "name", "category") == (
        "special-bond",
        "Special-purpose bonds",
        "bond",
    )
    assert cells(by_source.rows[0], *amounts) == (1, 8500 * WAN, 6000 * WAN, Decimal("70.6"), 4200 * WAN, 1800 * WAN)
    assert cells(by_source.totals, *amounts) == (2, 12_060 * WAN, 7560 * WAN, Decimal("62.7"), 5352 * WAN, 2208 * WAN)
    assert by_category.column("category") == ["bond", "fiscal", "central"]
    assert [column.key for column in pivot.columns][3:6] == ["special-bond", "fiscal-matching", "treasury-bond"]
    assert cells(pivot.rows[1], "special-bond", "fiscal-matching", "treasury-bond") == (None, None, 60 * WAN)
    assert gaps.rows == (
        {
            "code": "P-002",
            "name": "Renli Town Health Centre [red]扩建",
            "total_investment": 100 * WAN,
            "planned": 60 * WAN,
            "gap": 40 * WAN,
        },
    )


def test_overdue_report_sections_sorted_and_grouped(portfolio):
    report = overdue_report(portfolio, AS_OF, within_days=14)
    late, past_finish, soon, lapsing = report.sections
    assert lapsing.rows == ()
    assert [cells(row, "code", "milestone", "days_late") for row in late.rows] == [("P-001", "Tendering", 30)]
    assert [cells(row, "code", "days_late") for row in past_finish.rows] == [("P-002", 31)]
    assert [cells(row, "code", "milestone", "days_left") for row in soon.rows] == [("P-001", "Groundbreaking", 9)]
    grouped = overdue_report(portfolio, AS_OF, group_by="leader")
    assert [section.title for section in grouped.sections] == [
        "Overdue milestones — Leader: 王伟",
        "Projects past their planned finish — Leader: 李娜",
        "Due in the next 14 days — Leader: 王伟",
        "Approvals lapsed or lapsing within 14 days",
    ]
    with pytest.raises(InvalidInput, match="group by 'colour'"):
        overdue_report(portfolio, AS_OF, group_by="colour")


def _cells_at(line: str) -> dict[int, str]:
    """Display column → character, counting wide characters as two columns."""
    cells, column = {}, 0
    for char in line:
        cells[column] = char
        column += max(wcswidth(char), 1)
    return cells


@pytest.mark.parametrize("fmt", ["grid", "markdown"])
def test_bordered_formats_give_every_line_the_same_display_width(portfolio, fmt):
    text = render(progress_report(portfolio, AS_OF), fmt)
    table = [line for line in text.splitlines() if line.startswith(("|", "+"))]
    assert len({wcswidth(line) for line in table}) == 1


def test_plain_text_columns_line_up_under_chinese_names(portfolio):
    text = render(progress_report(portfolio, AS_OF), "text")
    lines = text.splitlines()
    rule = next(line for line in lines if line.startswith("------"))
    gaps = [column for column, char in _cells_at(rule).items() if char == " "]
    rows = [line for line in lines if line.startswith(("Code", "P-00"))]
    assert any(wcswidth(row) != len(row) for row in rows)  # Chinese text is really there
    for row in rows:
        cells = _cells_at(row)
        assert all(cells.get(gap, " ") == " " for gap in gaps), row


def test_text_shows_amounts_in_the_display_unit(portfolio):
    text = render(funding_report(portfolio, AS_OF), "text")
    assert "Planned (万元)" in text and "8,500.00" in text


def test_html_is_a_standalone_escaped_printable_page(portfolio):
    page = render(progress_report(portfolio, AS_OF), "html")
    assert page.startswith("<!DOCTYPE html>") and "@page { size: A4 landscape" in page
    assert "Renli Town Health Centre [red]扩建" in page
    hostile = Portfolio(portfolio.settings, {"P-009": make_project("P-009", name="<script>alert(1)</script>")})
    assert "<script>" not in render(progress_report(hostile, AS_OF), "html")
    html.parser.HTMLParser().feed(page)  # parses without error


def test_csv_shows_the_display_unit_exactly_and_json_exact_yuan(portfolio):
    report = funding_report(portfolio, AS_OF)
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert rows[0][:5] == ["Source", "Name", "Category", "Projects", "Planned (万元)"]
    assert rows[1][:5] == ["special-bond", "Special-purpose bonds", "bond", "1", "8500"]
    data = json.loads(render(report, "json"))
    assert data["amounts_in"] == "yuan"
    assert data["sections"][0]["rows"][0]["planned"] == 85_000_000
    assert data["sections"][0]["rows"][0]["received_share"] == 70.6
    assert data["sections"][0]["totals"]["planned"] == 120_600_000


def test_empty_sections_say_so(settings):
    text = render(overdue_report(Portfolio(settings), AS_OF), "text")
    assert "(no milestone is overdue)" in text
