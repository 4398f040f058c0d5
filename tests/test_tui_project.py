"""Pilot tests of the project screen: milestones, funding, progress, details, log — checked in the saved file."""

import asyncio
import datetime as dt
from decimal import Decimal

from cli_helpers import digest
from textual.widgets import DataTable, Input, TabbedContent
from tui_helpers import TODAY, database, fill, make_app, saved, stored

from buildtrack.domain.model import Project
from buildtrack.domain.schedule import work_package_percent
from buildtrack.service import PortfolioService
from buildtrack.tui.widgets.form import ConfirmDialog, FormDialog

D = dt.date


def run(tmp_path, code, scenario, size=(120, 40)):
    app = make_app(tmp_path)

    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            app.open_project(code)
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


async def select_row(pilot, table_id: str, row: int) -> None:
    pilot.app.screen.query_one(table_id, DataTable).move_cursor(row=row)
    await pilot.pause()


async def save_detail(pilot, name: str, value: str) -> Input:
    """Type ``value`` into the details tab's field and press Enter, as the user saves one field."""
    field = pilot.app.screen.query_one(f"#detail-{name}", Input)
    field.focus()
    field.value = value
    await pilot.press("enter")
    await pilot.pause()
    return field


def error_text(pilot, name: str) -> str:
    return str(pilot.app.screen.query_one(f"#error-{name}").render())


def test_mark_done_defaults_to_today_and_undo_reopens(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 7)  # Foundation
        await pilot.press("d")
        assert isinstance(pilot.app.screen, FormDialog)
        assert pilot.app.screen.query_one("#field-on", Input).value == TODAY.isoformat()
        await pilot.press("enter")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].milestones[7].done_on == TODAY
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)  # names the done date it removes
        await pilot.press("y")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].milestones[7].done_on is None

    run(tmp_path, "P-011", scenario)


def test_mark_done_on_an_edited_date(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 7)
        await pilot.press("d")
        await fill(pilot, on="2026年11月20日")
        assert saved(tmp_path).projects["P-011"].milestones[7].done_on == D(2026, 11, 20)

    run(tmp_path, "P-011", scenario)


def test_reschedule_keeps_the_baseline_and_requires_a_reason(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 8)
        await pilot.press("m")
        await fill(pilot, due="2027-03-31", reason="")
        assert "a value is required" in error_text(pilot, "reason")
        assert saved(tmp_path).projects["P-011"].milestones[8].due == D(2027, 2, 5)
        await fill(pilot, reason="roof redesign")
        moved = saved(tmp_path).projects["P-011"].milestones[8]
        assert (moved.due, moved.baseline_due) == (D(2027, 3, 31), D(2027, 2, 5))
        assert stored(tmp_path).changes()[-1].reason == "roof redesign"

    run(tmp_path, "P-011", scenario)


def test_add_edit_and_delete_a_milestone_with_confirmation(tmp_path):
    async def scenario(pilot):
        await pilot.press("a")
        await fill(pilot, name="Lifts delivered 电梯进场", due="2026-12-20", stage="installation")
        names = [m.name for m in saved(tmp_path).projects["P-011"].milestones]
        number = names.index("Lifts delivered 电梯进场")
        await select_row(pilot, "#milestone-table", number)
        await pilot.press("e")
        await fill(pilot, note="19 lifts")
        assert saved(tmp_path).projects["P-011"].milestones[number].note == "19 lifts"
        await pilot.press("delete")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        assert len(saved(tmp_path).projects["P-011"].milestones) == 15
        await pilot.press("delete", "y")
        await pilot.pause()
        assert len(saved(tmp_path).projects["P-011"].milestones) == 14

    run(tmp_path, "P-011", scenario)


def test_a_bad_due_date_is_shown_beside_the_field_and_nothing_is_saved(tmp_path):
    async def scenario(pilot):
        before = digest(database(tmp_path))
        await pilot.press("a")
        await fill(pilot, name="X", due="May 2027")
        assert "incomplete" in error_text(pilot, "due")
        await pilot.press("escape")
        assert digest(database(tmp_path)) == before

    run(tmp_path, "P-011", scenario)


def test_standard_chain_in_one_action(tmp_path):
    app = make_app(tmp_path)
    app.workspace.service.add_project(
        Project(
            code="P-022", name="Xincheng clinic 新城卫生院", planned_start=D(2026, 3, 1), planned_finish=D(2027, 6, 30)
        )
    )
    app.workspace.reload()

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_project("P-022")
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            assert len(saved(tmp_path).projects["P-022"].milestones) == 14

    asyncio.run(main())


def test_funding_line_typed_in_wan_and_yi_with_warnings(tmp_path):
    async def scenario(pilot):
        await pilot.press("2", "a")
        await fill(pilot, source="special-bond", planned="5.5亿", received="8500万", paid="3,500,000")
        line = saved(tmp_path).projects["P-010"].funding[0]
        assert (line.planned, line.received, line.paid) == (550_000_000_00, 85_000_000_00, 3_500_000_00)
        warnings = str(pilot.app.screen.query_one("#funding-warnings").render())
        assert "unfunded gap" in warnings
        await pilot.press("e")
        await fill(pilot, paid="9000万")  # above what was received: refused, the file keeps the old amount
        assert saved(tmp_path).projects["P-010"].funding[0].paid == 3_500_000_00

    run(tmp_path, "P-010", scenario)


def test_a_bad_amount_is_shown_beside_the_field(tmp_path):
    async def scenario(pilot):
        await pilot.press("2", "a")
        await fill(pilot, source="special-bond", planned="1,2345")
        assert "ambiguous separators" in error_text(pilot, "planned")
        await fill(pilot, source="lottery", planned="1")
        assert "not in the catalogue" in error_text(pilot, "source")
        await pilot.press("escape")
        assert saved(tmp_path).projects["P-010"].funding == ()

    run(tmp_path, "P-010", scenario)


def test_progress_entry_and_work_packages(tmp_path):
    async def scenario(pilot):
        await pilot.press("3", "a")
        await fill(pilot, percent="20%", note="site visit")
        assert saved(tmp_path).projects["P-011"].progress[-1].percent == Decimal(20)
        await pilot.press("w")
        await fill(pilot, name="MEP installation", weight="3", percent="40")
        await pilot.press("w")
        await fill(pilot, name="Fit-out", weight="1", percent="0")
        project = saved(tmp_path).projects["P-011"]
        assert [p.name for p in project.work_packages] == ["MEP installation", "Fit-out"]
        assert work_package_percent(project) == Decimal(30)
        assert (project.progress[-1].percent, project.progress[-1].note) == (Decimal(20), "site visit")  # kept

    run(tmp_path, "P-011", scenario)


def test_details_fields_save_on_enter_and_show_errors_beside_the_field(tmp_path):
    async def scenario(pilot):
        await pilot.press("4")
        await save_detail(pilot, "leader", "周静")
        assert saved(tmp_path).projects["P-011"].leader == "周静"
        await save_detail(pilot, "total_investment", "-5")
        assert "negative" in str(pilot.app.screen.query_one("#detail-error-total_investment").render())
        assert saved(tmp_path).projects["P-011"].total_investment == 120_000_000_00

    run(tmp_path, "P-011", scenario)


def test_a_field_changed_by_someone_else_is_not_overwritten(tmp_path):
    async def scenario(pilot):
        await pilot.press("4")
        other = PortfolioService(stored(tmp_path), "bob", lambda: TODAY)
        other.update_project("P-011", leader="Bob's choice")
        leader = await save_detail(pilot, "leader", "Alice's choice")
        assert saved(tmp_path).projects["P-011"].leader == "Bob's choice"
        assert leader.value == "Alice's choice"  # still in the field, to save again after review

    run(tmp_path, "P-011", scenario)


def test_the_log_tab_shows_who_changed_what(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 7)
        await pilot.press("d", "enter")
        await pilot.pause()
        await pilot.press("5")
        log = pilot.app.screen.query_one("#log-table", DataTable)
        first = [str(cell) for cell in log.get_row_at(0)]
        assert first[1:5] == ["tester", "P-011", "milestone done", "milestone “Foundation” · done on"]
        assert pilot.app.screen.query_one(TabbedContent).active == "log"

    run(tmp_path, "P-011", scenario)
