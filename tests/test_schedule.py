"""Planned and actual percent, overdue milestones, slippage and the one status function."""

import datetime as dt
from decimal import Decimal

from conftest import make_project, package, report
from conftest import milestone as new_milestone

from buildtrack.domain.schedule import (
    Status,
    actual_percent,
    current_stage,
    max_slippage_days,
    next_milestone,
    overdue_milestones,
    planned_percent,
    standing,
    work_package_percent,
)

D = dt.date
TEN = Decimal(10)


def milestone(name, due, done=None, stage=None, baseline=None):
    return new_milestone(name, due, baseline, stage=stage, done_on=done)


def test_planned_percent_is_linear_between_planned_start_and_finish():
    project = make_project(planned_start=D(2024, 1, 1), planned_finish=D(2024, 1, 11))
    assert planned_percent(project, D(2023, 12, 1)) == 0
    assert planned_percent(project, D(2024, 1, 1)) == 0
    assert planned_percent(project, D(2024, 1, 6)) == 50
    assert planned_percent(project, D(2024, 2, 1)) == 100


def test_staged_milestones_bend_the_planned_curve():
    # Main structure (45 %) is due after 20 of 100 days, so day 20 already plans 45 %, not 20 %.
    project = make_project(
        planned_start=D(2024, 1, 1),
        planned_finish=D(2024, 4, 10),
        milestones=(milestone("Main structure", D(2024, 1, 21), stage="main-structure"),),
    )
    assert planned_percent(project, D(2024, 1, 21)) == 45
    assert planned_percent(project, D(2024, 1, 11)) == Decimal("22.5")


def test_planned_curve_follows_the_baseline_not_the_rescheduled_date():
    project = make_project(
        planned_start=D(2024, 1, 1),
        planned_finish=D(2024, 4, 10),
        milestones=(milestone("Main structure", D(2024, 3, 1), stage="main-structure", baseline=D(2024, 1, 21)),),
    )
    assert planned_percent(project, D(2024, 1, 21)) == 45


def test_actual_percent_is_the_latest_entry_on_or_before_the_date():
    project = make_project(progress=(report(D(2024, 3, 1), Decimal(20)), report(D(2024, 6, 1), Decimal(35))))
    assert actual_percent(project, D(2024, 2, 1)) is None
    assert actual_percent(project, D(2024, 5, 31)) == 20
    assert actual_percent(project, D(2024, 6, 1)) == 35


def test_actual_percent_is_100_once_actually_finished():
    project = make_project(actual_finish=D(2024, 5, 1), progress=(report(D(2024, 3, 1), Decimal(80)),))
    assert actual_percent(project, D(2024, 5, 1)) == 100
    assert actual_percent(project, D(2024, 4, 30)) == 80


def test_work_packages_weight_the_overall_percent():
    # The county hospital's packages: 100, 100, 35, 20 with weights 20, 15, 45, 20.
    project = make_project(
        work_packages=(
            package("secondary structure", Decimal(20), Decimal(100)),
            package("plastering", Decimal(15), Decimal(100)),
            package("MEP installation", Decimal(45), Decimal(35)),
            package("facade insulation", Decimal(20), Decimal(20)),
        )
    )
    assert work_package_percent(project) == Decimal("54.75")  # exact: 54.8 would move earned value
    assert work_package_percent(make_project()) is None
    thirds = make_project(work_packages=(package("a", 1, 100), package("b", 1, 0), package("c", 1, 0)))
    assert work_package_percent(thirds) == Decimal("33.3333")  # a repeating share: to four places


def test_overdue_means_due_before_the_date_and_not_done_by_then():
    project = make_project(
        milestones=(
            milestone("Land", D(2024, 3, 1)),
            milestone("Design", D(2024, 4, 1), done=D(2024, 3, 30)),
            milestone("Tender", D(2024, 5, 1), done=D(2024, 5, 20)),
            milestone("Groundbreaking", D(2024, 6, 1)),
        )
    )
    late = overdue_milestones(project, D(2024, 5, 10))
    assert [(item.milestone.name, item.days_late, item.number) for item in late] == [("Land", 70, 1), ("Tender", 9, 3)]
    # Due on the date itself is not yet late.
    assert [item.milestone.name for item in overdue_milestones(project, D(2024, 6, 1))] == ["Land"]


def test_slippage_is_due_minus_baseline_for_open_milestones():
    project = make_project(
        milestones=(
            milestone("Land", D(2024, 4, 1), baseline=D(2024, 3, 1)),
            milestone("Design", D(2024, 9, 1), baseline=D(2024, 4, 1), done=D(2024, 9, 1)),
        )
    )
    assert project.milestones[0].slippage_days == 31
    assert max_slippage_days(project) == 31


def test_next_milestone_and_current_stage():
    project = make_project(
        milestones=(
            milestone("Approval", D(2024, 1, 10), done=D(2024, 1, 9), stage="approval"),
            milestone("Land", D(2024, 3, 1), stage="land"),
            milestone("Design", D(2024, 2, 1), stage="design"),
        )
    )
    number, upcoming = next_milestone(project, D(2024, 1, 20))
    assert (number, upcoming.name) == (3, "Design")
    assert current_stage(project, D(2024, 1, 20)) == "Project approval"
    assert current_stage(project, D(2024, 1, 1)) == "—"


def test_status_not_started_before_anything_happens():
    project = make_project(planned_start=D(2025, 1, 1), planned_finish=D(2026, 1, 1))
    assert standing(project, D(2024, 6, 1), TEN).status is Status.NOT_STARTED


def test_status_on_track_when_close_to_plan():
    project = make_project(
        planned_start=D(2024, 1, 1),
        planned_finish=D(2024, 1, 11),
        progress=(report(D(2024, 1, 6), Decimal(45)),),
    )
    result = standing(project, D(2024, 1, 6), TEN)
    assert result.status is Status.ON_TRACK
    assert result.variance == -5


def test_status_at_risk_when_behind_by_more_than_the_threshold():
    project = make_project(
        planned_start=D(2024, 1, 1),
        planned_finish=D(2024, 1, 11),
        progress=(report(D(2024, 1, 6), Decimal(39)),),
    )
    result = standing(project, D(2024, 1, 6), TEN)
    assert result.status is Status.AT_RISK
    assert "behind plan by 11 points" in result.reasons[0]


def test_status_at_risk_when_a_milestone_is_due_soon_with_earlier_ones_open():
    project = make_project(
        planned_start=D(2024, 1, 1),
        planned_finish=D(2025, 1, 1),
        milestones=(
            milestone("Land", D(2024, 6, 10)),
            milestone("Design", D(2024, 6, 12)),
        ),
        progress=(report(D(2024, 6, 1), Decimal(40)),),
    )
    result = standing(project, D(2024, 6, 1), TEN, window_days=14)
    assert result.status is Status.AT_RISK
    assert "“Design” due 2024-06-12 with 1 earlier milestone open" in result.reasons


def test_status_overdue_with_a_late_milestone_or_past_the_planned_finish():
    late = make_project(milestones=(milestone("Land", D(2024, 3, 1)),))
    assert standing(late, D(2024, 3, 2), TEN).status is Status.OVERDUE
    past = make_project(
        planned_start=D(2023, 1, 1), planned_finish=D(2024, 1, 1), progress=(report(D(2024, 1, 1), Decimal(90)),)
    )
    assert standing(past, D(2024, 1, 2), TEN).status is Status.OVERDUE


def test_status_completed_wins_and_respects_the_as_of_date():
    project = make_project(
        actual_finish=D(2024, 5, 1), milestones=(milestone("Land", D(2024, 3, 1), done=D(2024, 4, 1)),)
    )
    assert standing(project, D(2024, 5, 1), TEN).status is Status.COMPLETED
    # As of March the land milestone was still late.
    assert standing(project, D(2024, 3, 15), TEN).status is Status.OVERDUE
