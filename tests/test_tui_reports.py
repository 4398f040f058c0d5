"""Pilot tests of the overdue review, funding summary, new-project form and export."""

import asyncio

from textual.widgets import DataTable, Input, Select
from tui_helpers import fill, make_app, saved

from buildtrack.tui.screens.portfolio import PortfolioScreen
from buildtrack.tui.screens.project import ProjectScreen
from buildtrack.tui.screens.reports import FundingScreen, OverdueScreen
from buildtrack.tui.widgets.form import ConfirmDialog
from buildtrack.tui.widgets.virtual_table import VirtualTable


def run(tmp_path, scenario, size=(120, 40)):
    app = make_app(tmp_path)

    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def test_overdue_review_sorted_by_days_late_and_enter_jumps_to_the_milestone(tmp_path):
    async def scenario(pilot):
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, OverdueScreen)
        late = pilot.app.screen.report.sections[0]
        days = late.column("days_late")
        assert days == sorted(days, reverse=True) and late.rows[0]["code"] == "P-002"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProjectScreen) and pilot.app.screen.code == "P-002"
        assert pilot.app.screen.query_one("#milestone-table", DataTable).cursor_row == late.rows[0]["number"] - 1

    run(tmp_path, scenario)


def test_overdue_review_groups_by_leader_then_location(tmp_path):
    async def scenario(pilot):
        await pilot.press("o", "g")
        await pilot.pause()
        assert pilot.app.screen.report.sections[0].title.startswith("Overdue milestones — Leader:")
        await pilot.press("g")
        await pilot.pause()
        assert "Location:" in pilot.app.screen.report.sections[0].title

    run(tmp_path, scenario)


def test_report_tables_keep_every_column_and_scroll_sideways_at_80_columns(tmp_path):
    async def scenario(pilot):
        await pilot.press("o")
        await pilot.pause()
        table = pilot.app.screen.query(VirtualTable).first()
        assert table.visible_keys[-1] == "location" and table.max_scroll_x > 0  # nothing dropped
        assert "Location" not in table.render_line(0).text
        await pilot.press("right", "right", "right")
        assert table.scroll_offset.x == table.max_scroll_x and "Location" in table.render_line(0).text
        await pilot.press("left", "left", "left")
        assert table.scroll_offset.x == 0
        section = pilot.app.screen.report.sections[0]
        assert table.styles.height.value == len(section.rows) + 2  # heading, rows, the sideways scroll bar

    run(tmp_path, scenario, size=(80, 24))


def test_funding_summary_drills_into_the_projects_of_a_source(tmp_path):
    async def scenario(pilot):
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, FundingScreen)
        assert pilot.app.screen.report.sections[0].rows[0]["source"] == "special-bond"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, PortfolioScreen)
        assert pilot.app.screen.query_one("#source-filter", Select).value == "special-bond"

    run(tmp_path, scenario)


def test_export_writes_the_report_and_says_where(tmp_path):
    target = tmp_path / "overdue.html"

    async def scenario(pilot):
        await pilot.press("o", "x")
        await fill(pilot, format="html", path=str(target))
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert str(target) in pilot.app.messages[-1]
        await pilot.press("x")
        await fill(pilot, format="pdf")
        assert "format must be one of" in str(pilot.app.screen.query_one("#error-format").render())

    run(tmp_path, scenario)


def test_export_renames_for_the_format_asks_before_replacing_and_offers_xlsx(tmp_path):
    target = tmp_path / "overdue.html"
    target.write_text("the director's copy", encoding="utf-8")

    async def scenario(pilot):
        await pilot.press("o", "x")
        await pilot.pause()
        pilot.app.screen.query_one("#field-path", Input).value = str(target)
        pilot.app.screen.query_one("#field-format", Input).value = "xlsx"
        await pilot.pause()
        assert pilot.app.screen.query_one("#field-path", Input).value == str(tmp_path / "overdue.xlsx")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (tmp_path / "overdue.xlsx").read_bytes().startswith(b"PK")
        await pilot.press("x")
        await fill(pilot, format="html", path=str(target))
        assert isinstance(pilot.app.screen, ConfirmDialog) and str(target) in pilot.app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert target.read_text(encoding="utf-8") == "the director's copy"
        await pilot.press("ctrl+s", "y")
        await pilot.pause()
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    run(tmp_path, scenario)


def test_new_project_form_validates_then_creates_with_the_chain(tmp_path):
    async def scenario(pilot):
        await pilot.press("n")
        await fill(
            pilot,
            name="",
            name_zh="",
            total_investment="8500万",
            planned_start="2026-03-01",
            planned_finish="2027-06-30",
        )
        assert "name is required" in str(pilot.app.screen.query_one("#form-message").render())  # in the form
        await fill(
            pilot,
            name="",  # a Chinese name alone is enough
            name_zh="新城卫生院",
            planned_start="2026-03-01",
            planned_finish="2027-06-30",
            kind="relocation",
            facility_type="township health centre",
        )
        project = saved(tmp_path).projects["P-022"]
        assert (project.total_investment, project.kind.value, len(project.milestones)) == (
            85_000_000_00,
            "relocation",
            14,
        )
        assert isinstance(pilot.app.screen, ProjectScreen) and pilot.app.screen.code == "P-022"

    run(tmp_path, scenario)


def test_the_office_reports_open_from_keys_and_the_palette(tmp_path):
    """Weekly bulletin, monthly review, investment with lights, problem list and approvals: each a screen."""
    from buildtrack.tui.screens import reports

    async def scenario(pilot):
        for key, screen, title in [
            ("b", reports.WeeklyScreen, "Weekly"),
            ("M", reports.MonthlyScreen, "Monthly"),
            ("i", reports.InvestmentScreen, "nvestment"),
            ("k", reports.ProblemsScreen, "roblem"),
            ("A", reports.ApprovalsScreen, "pproval"),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, screen), key
            assert title in pilot.app.screen.report.title, (key, pilot.app.screen.report.title)
        names = {command.title for command in pilot.app.get_system_commands(pilot.app.screen)}
        assert {"Weekly bulletin", "Monthly review", "Problem list"} <= names

    run(tmp_path, scenario)


def test_the_weekly_bulletin_steps_back_a_week(tmp_path):
    async def scenario(pilot):
        await pilot.press("b")
        await pilot.pause()
        assert pilot.app.screen.report.as_of.isoformat() == "2026-11-23"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert pilot.app.screen.report.as_of.isoformat() == "2026-11-16"

    run(tmp_path, scenario)


def test_overdue_groups_line_up(tmp_path):
    async def scenario(pilot):
        await pilot.press("o", "g")
        await pilot.pause()
        by_shape: dict[tuple, set] = {}
        for table in pilot.app.screen.query(VirtualTable):
            shape = tuple(column.key for column in table.columns)
            by_shape.setdefault(shape, set()).add(tuple(column.width for column in table.columns))
        assert max(len(tables) for tables in by_shape.values()) == 1, by_shape  # same columns, same widths
        assert len(list(pilot.app.screen.query(VirtualTable))) > len(by_shape)  # some groups share columns

    run(tmp_path, scenario)
