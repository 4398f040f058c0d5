"""As of a past date, one algorithm: plain fields as logged then, dated facts on their own dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from buildtrack.domain.dates import month_range
from buildtrack.domain.model import MoneyKind, Project
from buildtrack.domain.schedule import actual_percent
from buildtrack.reports.monthly import monthly_review
from buildtrack.reports.progress import progress_report
from buildtrack.reports.weekly import weekly_bulletin
from buildtrack.service import PortfolioService

D = dt.date


@pytest.fixture
def late(store):
    """A project whose 20 November report was typed in on 5 December, with a leader changed that day (on each
    store: memory, file, PostgreSQL)."""
    clock = {"now": dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)}
    service = PortfolioService(store, "li", lambda: clock["now"].date(), lambda: clock["now"])
    service.add_project(
        Project(
            code="P-001",
            name_zh="仁里镇卫生院",
            leader="王伟",
            total_investment=100_000_000,
            planned_start=D(2026, 1, 1),
            planned_finish=D(2027, 12, 31),
        )
    )
    service.set_line("P-001", "special-bond", planned=80_000_000)
    service.record_progress("P-001", Decimal(10), D(2026, 11, 2))
    clock["now"] = dt.datetime(2026, 12, 5, 16, 0, tzinfo=dt.UTC)
    service.record_progress("P-001", Decimal(40), D(2026, 11, 20), "from the site visit")
    service.record_money("P-001", "special-bond", MoneyKind.RECEIVED, 5_000_000, D(2026, 11, 19), "县财建〔2026〕9号")
    service.update_project("P-001", leader="李四")
    return service


def progress_rows(report):
    return {row["code"]: row for row in report.sections[0].rows}


def test_a_report_typed_in_late_belongs_to_its_own_date(late):
    then = late.portfolio_as_of(D(2026, 11, 22)).projects["P-001"]
    assert actual_percent(then, D(2026, 11, 22)) == 40
    assert (
        progress_rows(progress_report(late.portfolio_as_of(D(2026, 11, 22)), D(2026, 11, 22)))["P-001"]["actual"] == 40
    )
    assert then.funding[0].received == 5_000_000  # money received on 19 November, entered on 5 December
    assert then.leader == "王伟"  # a plain field: as it was logged then


def test_the_week_of_the_report_shows_it_and_the_week_it_was_typed_does_not(late):
    def moved(end):
        report = weekly_bulletin(late.period(end - dt.timedelta(days=6), end))
        sections = {section.title: section.rows for section in report.sections}
        return sections["Progress reported"], sections["Money received and paid"]

    progress, money = moved(D(2026, 11, 22))
    assert [(row["from"], row["to"]) for row in progress] == [(10, 40)]
    assert [(row["received"], row["paid"]) for row in money] == [(5_000_000, 0)]
    assert moved(D(2026, 12, 5)) == ((), ())


def test_the_month_of_the_report_counts_it(late):
    november = monthly_review(late.period(*month_range("2026-11"))).sections[0].rows[0]
    assert (november["start"], november["end"], november["received"]) == (None, 40, 5_000_000)
    december = monthly_review(late.period(*month_range("2026-12"))).sections[0].rows[0]
    assert (december["start"], december["received"]) == (40, 0)


def test_facts_dated_after_the_day_are_left_out_even_when_typed_before_it(store):
    clock = {"now": dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)}
    service = PortfolioService(store, "li", lambda: clock["now"].date(), lambda: clock["now"])
    service.add_project(Project(code="P-001", name="Clinic", planned_start=D(2026, 1, 1), planned_finish=D(2027, 1, 1)))
    service.record_progress("P-001", Decimal(30), D(2026, 11, 25))
    clock["now"] = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    assert late_progress(service, D(2026, 11, 24)) == ()
    assert [entry.percent for entry in late_progress(service, D(2026, 11, 26))] == [30]


def late_progress(service, day):
    return service.portfolio_as_of(day).projects["P-001"].progress
