"""Pilot tests of the portfolio screen, the as-of date, help, palette, undo and external changes."""

import asyncio
import threading

import pytest
from textual.widgets import Input, SelectionList
from tui_helpers import TODAY, database, fill, make_app, saved, stored

from buildtrack.domain.model import Project, SavedFilter
from buildtrack.domain.schedule import Status
from buildtrack.service import PortfolioService
from buildtrack.session import Session
from buildtrack.tui import app as tui_app
from buildtrack.tui.app import BuildtrackApp
from buildtrack.tui.screens.help import HelpScreen
from buildtrack.tui.screens.portfolio import PortfolioScreen
from buildtrack.tui.screens.project import ProjectScreen
from buildtrack.tui.widgets.form import ConfirmDialog
from buildtrack.tui.widgets.virtual_table import VirtualTable
from buildtrack.tui.workspace import Workspace


def run(app, scenario, size=(120, 40)):
    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def table(pilot) -> VirtualTable:
    return pilot.app.screen.query_one(VirtualTable)


def codes(pilot) -> list[str]:
    return [row.code for row in table(pilot).rows]


def test_opens_on_every_project_with_totals_and_the_as_of_date(tmp_path):
    async def scenario(pilot):
        assert len(codes(pilot)) == 21
        assert "as of 2026-11-23" in pilot.app.screen.sub_title
        assert "21 of 21 projects" in table(pilot).totals["name"].plain

    run(make_app(tmp_path), scenario)


def test_filter_by_chinese_name_leader_and_location(tmp_path):
    async def scenario(pilot):
        await pilot.press("slash")
        pilot.app.screen.query_one("#filter", Input).value = "县中医院"
        await pilot.pause()
        assert codes(pilot) == ["P-011"]
        pilot.app.screen.query_one("#filter", Input).value = "孙伟"
        await pilot.pause()
        assert codes(pilot) == ["P-019", "P-020", "P-021"]
        await pilot.press("escape")
        assert len(codes(pilot)) == 21

    run(make_app(tmp_path), scenario)


def test_quick_filters_for_status_and_source(tmp_path):
    async def scenario(pilot):
        pilot.app.screen.show_filter(SavedFilter("", wanted=("status:completed",)))
        await pilot.pause()
        assert codes(pilot) == ["P-007", "P-008", "P-009"]
        pilot.app.screen.show_filter(SavedFilter("", source="special-bond"))
        await pilot.pause()
        assert codes(pilot) == ["P-011", "P-017", "P-018", "P-019"]

    run(make_app(tmp_path), scenario)


def test_several_statuses_at_once_ticked_in_the_picker(tmp_path):
    async def scenario(pilot):
        rows = pilot.app.workspace.rows()
        expected = [r.code for r in rows if r.status in (Status.OVERDUE, Status.AT_RISK)]
        assert expected and len(expected) < len(rows)
        await pilot.press("l")
        await pilot.pause()
        choices = pilot.app.screen.query_one(SelectionList)
        choices.select(Status.OVERDUE)
        choices.select(Status.AT_RISK)
        await pilot.press("enter")
        await pilot.pause()
        assert codes(pilot) == expected
        assert "+" in str(pilot.app.screen.query_one("#status-filter").label)

    run(make_app(tmp_path), scenario)


def test_escape_clears_a_source_drill_down(tmp_path):
    async def scenario(pilot):
        pilot.app.show_source("special-bond")
        await pilot.pause()
        assert len(codes(pilot)) == 4
        await pilot.press("escape")
        await pilot.pause()
        assert len(codes(pilot)) == 21

    run(make_app(tmp_path), scenario)


def test_a_saved_filter_is_kept_in_the_file_and_brought_back(tmp_path):
    async def scenario(pilot):
        pilot.app.screen.show_filter(SavedFilter("", "县", ("status:overdue", "light:red")))
        await pilot.pause()
        shown = codes(pilot)
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("tab", *"逾期红灯", "enter")  # past the list, into the name field
        await pilot.pause()
        kept = saved(tmp_path).settings.saved_filters
        assert [f.name for f in kept] == ["逾期和有风险", "逾期红灯"]  # the sample's own, then this one
        assert kept[1].wanted == ("light:red", "status:overdue")
        await pilot.press("escape")
        await pilot.pause()
        assert len(codes(pilot)) == 21
        await pilot.press("v", "down", "enter")
        await pilot.pause()
        assert codes(pilot) == shown

    run(make_app(tmp_path), scenario)


def test_sort_by_keys_and_by_clicking_a_heading(tmp_path):
    async def scenario(pilot):
        await pilot.press("s")  # code → name
        assert pilot.app.screen.sort_key == "name"
        names = [row.value("name") for row in table(pilot).rows]
        assert names == sorted(names, key=str.casefold) and codes(pilot)[0] == "P-008"  # Baosheng …
        await pilot.press("r")
        assert codes(pilot)[-1] == "P-008"
        await pilot.click(VirtualTable, offset=(1, 0))  # the Code heading
        assert codes(pilot)[:2] == ["P-001", "P-002"]

    run(make_app(tmp_path), scenario)


def test_enter_opens_the_project(tmp_path):
    async def scenario(pilot):
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProjectScreen) and pilot.app.screen.code == "P-003"
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PortfolioScreen)

    run(make_app(tmp_path), scenario)


def test_changing_the_as_of_date_moves_every_figure(tmp_path):
    async def scenario(pilot):
        status = {row.code: row.status for row in table(pilot).rows}
        assert status["P-002"] is Status.OVERDUE
        await pilot.press("ctrl+d")
        await fill(pilot, as_of="2025-06-01")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "as of 2025-06-01" in pilot.app.screen.sub_title
        status = {row.code: row.status for row in table(pilot).rows}
        assert status["P-002"] is not Status.OVERDUE
        assert status["P-007"] is Status.COMPLETED

    run(make_app(tmp_path), scenario)


def test_a_past_date_is_worked_out_in_a_worker_while_the_screen_keeps_the_current_one(tmp_path):
    app = make_app(tmp_path)
    release = threading.Event()
    compute = app.workspace.computed_for
    app.workspace.computed_for = lambda day: (release.wait(10), compute(day))[1]  # hold the worker

    async def scenario(pilot):
        app.set_as_of(TODAY.replace(year=2025))
        app.set_as_of(TODAY.replace(year=2024))  # asked again before the first finished: only this one shows
        await pilot.pause()
        assert app.workspace.as_of == TODAY and "as of 2026-11-23" in app.screen.sub_title
        assert {row.code: row.status for row in table(pilot).rows}["P-002"] is Status.OVERDUE
        await pilot.press("/", "P", "-", "0", "0", "2")  # the screen answers meanwhile
        assert codes(pilot) == ["P-002"]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace.as_of == TODAY.replace(year=2024) and "as of 2024-11-23" in app.screen.sub_title
        assert codes(pilot) == ["P-002"] and table(pilot).rows[0].status is not Status.OVERDUE

    run(app, scenario)


def test_a_bad_as_of_date_is_shown_beside_the_field(tmp_path):
    async def scenario(pilot):
        await pilot.press("ctrl+d")
        await fill(pilot, as_of="05/06/2026")
        assert "ambiguous" in str(pilot.app.screen.query_one("#error-as_of").render())
        await pilot.press("escape")
        assert pilot.app.workspace.as_of == TODAY

    run(make_app(tmp_path), scenario)


def test_help_lists_the_keys(tmp_path):
    async def scenario(pilot):
        await pilot.press("f1")
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, PortfolioScreen)

    run(make_app(tmp_path), scenario)


def test_project_names_are_never_markup(tmp_path):
    app = make_app(tmp_path)
    app.workspace.service.update_project("P-001", name="中学[red]扩建[/red]")
    app.workspace.reload()

    async def scenario(pilot):
        line = table(pilot).render_line(1).text
        assert "中学[red]扩建[/red]" in line

    run(app, scenario)


def test_ctrl_z_undoes_the_last_change_and_the_file_follows(tmp_path):
    async def scenario(pilot):
        pilot.app.workspace.service.update_project("P-003", leader="赵敏")
        pilot.app.reload_everything()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog) and "赵敏" in pilot.app.screen.question  # shown first
        await pilot.press("y")
        await pilot.pause()
        assert saved(tmp_path).projects["P-003"].leader == "王建国"
        await pilot.press("ctrl+y", "y")
        await pilot.pause()
        assert saved(tmp_path).projects["P-003"].leader == "赵敏"

    run(make_app(tmp_path), scenario)


def test_ctrl_z_offers_this_windows_change_before_another_programs(tmp_path):
    """A command-line change made after the UI's own is not what ctrl+z undoes; it is named if offered."""

    async def scenario(pilot):
        pilot.app.workspace.service.update_project("P-003", leader="赵敏")  # made in this window
        cli = PortfolioService(stored(tmp_path), "tester", lambda: TODAY)
        cli.update_project("P-004", leader="钱七")  # same user, from the command line
        pilot.app.reload_everything()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "P-003" in pilot.app.screen.question and "P-004" not in pilot.app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert saved(tmp_path).projects["P-003"].leader == "王建国"
        assert saved(tmp_path).projects["P-004"].leader == "钱七"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "P-004" in pilot.app.screen.question  # offered by name, only when asked for
        await pilot.press("n")
        await pilot.pause()
        assert saved(tmp_path).projects["P-004"].leader == "钱七"

    run(make_app(tmp_path), scenario)


def test_a_change_made_elsewhere_is_picked_up(tmp_path):
    async def scenario(pilot):
        other = PortfolioService(stored(tmp_path), "bob", lambda: TODAY)
        other.update_project("P-001", name="Renamed by Bob")
        pilot.app.check_for_changes()
        await pilot.app.workers.wait_for_complete()  # read in a worker, shown on the UI thread
        await pilot.pause()
        assert any("Renamed by Bob" in row.value("name") for row in table(pilot).rows)

    run(make_app(tmp_path), scenario)


def test_a_reading_older_than_what_is_shown_is_dropped(tmp_path):
    app = make_app(tmp_path)
    workspace = app.workspace
    stale = workspace.read()  # a worker still reading someone else's save …
    workspace.service.update_project("P-001", name="Our own newer change")
    workspace.reload()  # … while our own save was shown
    assert not workspace.adopt(stale)
    assert workspace.portfolio.projects["P-001"].name == "Our own newer change"
    assert workspace.rows() is not stale.rows


def test_the_palette_finds_projects_by_chinese_name(tmp_path):
    from buildtrack.tui.palette import ProjectsProvider

    async def scenario(pilot):
        provider = ProjectsProvider(pilot.app.screen)
        hits = [hit async for hit in provider.search("县中医院")]
        assert hits and "P-011" in hits[0].text

    run(make_app(tmp_path), scenario)


def test_works_at_80_by_24_dropping_columns(tmp_path):
    async def scenario(pilot):
        keys = table(pilot).visible_keys
        assert {"code", "name", "status", "actual"} <= set(keys)
        assert "next" not in keys

    app = tui_app.make_app(Session((tmp_path / "p.json",), TODAY.isoformat()), poll_seconds=None)
    run(app, scenario, size=(80, 24))


def _unread_app(tmp_path):
    """The app as ``buildtrack`` starts it: the file checked, its projects not yet decoded."""
    make_app(tmp_path)  # creates the sample file
    service = PortfolioService(stored(tmp_path), "tester", lambda: TODAY)
    return BuildtrackApp(Workspace(service, TODAY), poll_seconds=None)


def test_the_first_screen_paints_before_the_portfolio_is_read_and_fills_in_after(tmp_path):
    app = _unread_app(tmp_path)
    release = threading.Event()
    read = app.workspace.reload
    app.workspace.reload = lambda: (release.wait(10), read())  # hold the worker until the empty screen is checked

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert not app.workspace.loaded and not table(pilot).rows
            assert "Reading" in str(app.screen.query_one("#status-line").render())
            await pilot.press("o")  # keys that need the data do nothing until it is there
            assert isinstance(app.screen, PortfolioScreen)
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert len(codes(pilot)) == 21 and "21 of 21 projects" in table(pilot).totals["name"].plain
            await pilot.press("o")
            assert not isinstance(app.screen, PortfolioScreen)

    asyncio.run(main())


def test_a_damaged_record_found_while_reading_closes_the_ui_with_the_reason(tmp_path):
    if isinstance(database(tmp_path), str):
        pytest.skip("a hand-damaged line is the file's (the server checks every document as JSON when it goes in)")
    app = _unread_app(tmp_path)
    path = tmp_path / "portfolio.json"
    path.write_bytes(path.read_bytes().replace(b'"due":"20', b'"due":"never', 1))

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(main())
    assert "damaged record" in app.failure and "never" in app.failure, app.failure
    assert app.return_code == 1


def test_long_codes_are_shown_whole_at_80_columns(tmp_path):
    app = make_app(tmp_path)
    app.workspace.service.add_project(Project(code="CDC-123456", name="Long code laboratory"))
    app.workspace.reload()

    async def scenario(pilot):
        lines = [table(pilot).render_line(y).text for y in range(table(pilot).size.height)]
        assert any(line.startswith("CDC-123456 ") for line in lines), lines

    run(app, scenario, size=(80, 24))


def test_runs_under_no_color(tmp_path, monkeypatch):
    """NO_COLOR=1 makes Textual drop colour from every segment; a segment without a style used to crash it."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def scenario(pilot):
        await pilot.pause(0.5)
        await pilot.press("down", "down")
        await pilot.pause()
        assert pilot.app.no_color
        assert pilot.app.screen.query_one(VirtualTable).cursor == 2

    app = tui_app.make_app(Session((tmp_path / "p.json",), TODAY.isoformat()), poll_seconds=None)
    run(app, scenario, size=(80, 24))


def test_a_wide_screen_shows_the_highlighted_project_beside_the_list(tmp_path):
    async def scenario(pilot):
        await pilot.press("down")
        await pilot.pause()
        preview = pilot.app.screen.query_one("#preview")
        assert preview.display
        assert "P-002" in str(pilot.app.screen.query_one("#preview-text").render())

    run(make_app(tmp_path), scenario, size=(200, 50))


def test_a_normal_screen_keeps_the_list_alone(tmp_path):
    async def scenario(pilot):
        assert not pilot.app.screen.query_one("#preview").display

    run(make_app(tmp_path), scenario, size=(120, 40))
