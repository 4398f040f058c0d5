"""The UI acts only on what the user saw and never drops what they typed (issue 12): each test is a way the
ledger could get a wrong fact, driven with Pilot and checked in the saved file."""

import datetime as dt
from decimal import Decimal

from test_tui_project import run, select_row
from textual.widgets import Input
from tui_helpers import TODAY, fill, make_app, saved, stored

from buildtrack.domain.model import MoneyKind
from buildtrack.service import PortfolioService
from buildtrack.tui.widgets.form import ChoiceDialog, ConfirmDialog, FormDialog
from buildtrack.tui.widgets.message import AsOfBanner, MessageLine

D = dt.date


def other_user(tmp_path) -> PortfolioService:
    """Someone else at the command line, on the same file."""
    return PortfolioService(stored(tmp_path), "lisi", lambda: TODAY)


def line_text(pilot) -> str:
    return str(pilot.app.screen.query_one(MessageLine).render())


def form_problem(pilot) -> str:
    return str(pilot.app.screen.query_one("#form-message").render())


def test_a_milestone_inserted_above_the_cursor_never_redirects_an_action(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 7)  # Foundation
        other_user(tmp_path).add_milestone("P-011", "Survey", D(2025, 1, 1))  # sorts first: rows shift down
        await pilot.press("d", "enter")
        await pilot.pause()
        milestones = {m.name: m for m in saved(tmp_path).projects["P-011"].milestones}
        assert all(m.done_on != TODAY for m in milestones.values())  # refused: the project moved on
        assert isinstance(pilot.app.screen, FormDialog) and "lisi" in form_problem(pilot)
        await pilot.press("enter")  # the screen now shows the new milestone; the cursor stayed on Foundation
        await pilot.pause()
        milestones = {m.name: m for m in saved(tmp_path).projects["P-011"].milestones}
        assert milestones["Foundation"].done_on == TODAY
        assert [m.name for m in milestones.values() if m.done_on == TODAY] == ["Foundation"]

    run(tmp_path, "P-011", scenario)


def test_a_past_date_is_read_only_with_a_banner_and_t_returns_to_today(tmp_path):
    async def scenario(pilot):
        before = saved(tmp_path).projects["P-011"]
        pilot.app.set_as_of(D(2026, 6, 30))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        banner = pilot.app.screen.query_one(AsOfBanner)
        assert banner.display and "2026-06-30" in str(banner.render())
        await select_row(pilot, "#milestone-table", 0)
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, FormDialog)
        assert "Read only" in line_text(pilot)
        assert saved(tmp_path).projects["P-011"] == before
        await pilot.press("t")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not pilot.app.screen.query_one(AsOfBanner).display

    run(tmp_path, "P-011", scenario)


def test_a_details_field_changed_elsewhere_is_not_overwritten_by_the_first_enter(tmp_path):
    async def scenario(pilot):
        await pilot.press("4")
        field = pilot.app.screen.query_one("#detail-leader", Input)
        field.focus()
        field.value = "张三"
        other_user(tmp_path).update_project("P-011", leader="王五")
        pilot.app.reload_everything()  # what the poll does when the file changes
        await pilot.pause()
        assert field.value == "张三"  # the typed text stays
        await pilot.press("enter")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].leader == "王五"
        assert "王五" in str(pilot.app.screen.query_one("#detail-error-leader").render())
        await pilot.press("enter")  # now a deliberate choice, with both values named
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].leader == "张三"

    run(tmp_path, "P-011", scenario)


def test_escape_with_a_typed_detail_asks_and_tab_saves(tmp_path):
    async def scenario(pilot):
        await pilot.press("4")
        field = pilot.app.screen.query_one("#detail-location", Input)
        field.focus()
        field.value = "城南新区"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceDialog)
        await pilot.press("c")  # cancel: back in the field, text kept
        await pilot.pause()
        assert field.value == "城南新区" and saved(tmp_path).projects["P-011"].location != "城南新区"
        await pilot.press("escape", "s")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].location == "城南新区"

    run(tmp_path, "P-011", scenario)


def test_leaving_a_typed_detail_saves_it(tmp_path):
    async def scenario(pilot):
        await pilot.press("4")
        field = pilot.app.screen.query_one("#detail-leader", Input)
        field.focus()
        field.value = "孙八"
        await pilot.press("tab")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].leader == "孙八"

    run(tmp_path, "P-011", scenario)


def test_a_funding_clash_keeps_the_typed_amount_and_names_both_in_the_screen_unit(tmp_path):
    async def scenario(pilot):
        await pilot.press("2", "a")
        await fill(pilot, source="special-bond", planned="100万", received="60万")
        await pilot.press("e")
        await pilot.pause()
        await fill(pilot, received="5万")
        assert isinstance(pilot.app.screen, FormDialog)  # still open
        assert pilot.app.screen.query_one("#field-received", Input).value == "5万"
        problem = form_problem(pilot)
        assert "60.00 万元" in problem and "5.00 万元" in problem, problem
        assert saved(tmp_path).projects["P-010"].funding[0].received == 60 * 10_000_00
        await fill(pilot, reason="县财政局收回 55 万（重复拨付）")
        line = saved(tmp_path).projects["P-010"].funding[0]
        assert line.received == 5 * 10_000_00
        assert line.entries[-1].reason.startswith("县财政局") and line.entries[-1].kind is MoneyKind.RECEIVED

    run(tmp_path, "P-010", scenario)


def test_d_on_a_done_milestone_asks_before_replacing_its_date(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 0)
        done_on = saved(tmp_path).projects["P-011"].milestones[0].done_on
        assert done_on is not None and done_on != TODAY
        await pilot.press("d", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog) and done_on.isoformat() in pilot.app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert saved(tmp_path).projects["P-011"].milestones[0].done_on == done_on

    run(tmp_path, "P-011", scenario)


def test_future_done_and_progress_dates_are_refused(tmp_path):
    async def scenario(pilot):
        before = saved(tmp_path).projects["P-011"]
        await select_row(pilot, "#milestone-table", 7)
        await pilot.press("d")
        await fill(pilot, on="+14d")
        assert "future" in form_problem(pilot)
        await pilot.press("escape", "3", "a")
        await fill(pilot, on="+1d", percent="40")
        assert "future" in form_problem(pilot)
        assert saved(tmp_path).projects["P-011"] == before

    run(tmp_path, "P-011", scenario)


def test_a_relative_reschedule_counts_from_the_due_date_and_shows_the_date(tmp_path):
    async def scenario(pilot):
        await select_row(pilot, "#milestone-table", 7)  # Foundation, due 2026-11-28
        await pilot.press("m")
        await pilot.pause()
        pilot.app.screen.query_one("#field-due", Input).value = "+1m"
        await pilot.pause()
        assert "2026-12-28" in str(pilot.app.screen.query_one("#error-due").render())  # shown as typed
        await fill(pilot, reason="rain")
        assert saved(tmp_path).projects["P-011"].milestones[7].due == D(2026, 12, 28)

    run(tmp_path, "P-011", scenario)


def test_a_work_package_percent_is_stored_exactly(tmp_path):
    async def scenario(pilot):
        await pilot.press("3", "w")
        await pilot.pause()
        await fill(pilot, name="安装", weight="1", percent="50.75")
        packages = saved(tmp_path).projects["P-010"].work_packages
        assert packages[-1].percent == Decimal("50.75")

    run(tmp_path, "P-010", scenario)


def test_the_project_screen_opens_in_chinese(tmp_path, monkeypatch):
    """Tabs are filled by stable section keys, not by titles that change with the language."""
    monkeypatch.setenv("BUILDTRACK_LANG", "zh")

    async def scenario(pilot):
        assert pilot.app.screen.query_one("#milestone-table").row_count == 14
        assert "正常" in str(pilot.app.screen.query_one("#project-header").render())  # its status, in Chinese

    run(tmp_path, "P-011", scenario)


def test_the_s_curve_draws_the_latest_reading_between_two_samples(tmp_path):
    """The column holding the as-of date shows the actual percent of that day, not the sample before it."""
    from buildtrack.reports.scurve import s_curve
    from buildtrack.tui.widgets.chart import SCurve

    app = make_app(tmp_path)
    project = app.workspace.portfolio.projects["P-010"]  # last reading 54.8 % on 2026-10-31
    chart = SCurve()
    chart._project, chart._as_of = project, D(2026, 11, 2)
    points = s_curve(project, D(2024, 1, 6), D(2027, 11, 6), 30)  # samples about 48 days apart
    straddle = next(x for x, point in enumerate(points) if point.day > chart._as_of)
    assert points[straddle - 1].day < D(2026, 10, 31)  # the sample before misses the reading
    assert chart._actual_at(points, straddle) == Decimal("54.8")
    assert chart._actual_at(points, straddle + 1) is None
