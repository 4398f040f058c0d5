"""Snapshots of the main screens at 80×24 and 120×40 on the sample (Chinese names), as of 2026-11-23."""

import pytest
from textual.widgets import Input
from tui_helpers import make_app

SIZES = [(80, 24), (120, 40)]


async def steady(pilot) -> None:
    """No blinking cursor, so a snapshot is the same on every run."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def opened(code: str):
    async def run_before(pilot) -> None:
        pilot.app.open_project(code)
        await pilot.pause()
        await steady(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_portfolio_screen(snap_compare, tmp_path, size):
    """The home screen with every project, status colours, bars and totals."""
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=steady)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_project_screen_milestones(snap_compare, tmp_path, size):
    """The county hospital: header with money and status, milestone tab."""
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=opened("P-010"))


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_project_screen_progress_chart(snap_compare, tmp_path, size):
    """Progress history, work packages and the S-curve."""
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=opened("P-010"), press=["3"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_overdue_review(snap_compare, tmp_path, size):
    """Overdue milestones, projects past finish, due in the next 14 days."""
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=steady, press=["o"])


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_funding_summary(snap_compare, tmp_path, size):
    """Funding by source and by category with totals."""
    assert snap_compare(make_app(tmp_path), terminal_size=size, run_before=steady, press=["f"])
