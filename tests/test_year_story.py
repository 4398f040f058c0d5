"""A year at a county dispatch office, with exact figures: dated tranches in and out and a correction with
its reason, an annual plan 31.7 % done when 序时进度 is 33.3 % (green) and another 15 points behind (yellow),
a problem raised at one dispatch meeting and closed at the next, an approval about to lapse; every state
reproduced by an as-of date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pg_server as pg_server_module
import pytest

from buildtrack.domain.funding import line_totals, money_findings
from buildtrack.domain.investment import investment_progress
from buildtrack.domain.lights import Light, grade
from buildtrack.domain.model import MoneyKind, Project
from buildtrack.domain.schedule import standing
from buildtrack.reports.approvals import approvals_report
from buildtrack.reports.investment import investment_report
from buildtrack.reports.weekly import weekly_bulletin
from buildtrack.service import PortfolioService
from buildtrack.storage.file_store import create_store

D = dt.date
WAN = 10_000_00


@pytest.fixture(scope="module", params=["file", "postgres"])
def year(request, tmp_path_factory):
    """The year as the office lived it, each step typed in on its own day (in a file, and on the server)."""
    from buildtrack.domain.catalogue import DEFAULT_SOURCES
    from buildtrack.domain.model import Settings

    clock = {"now": dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)}
    settings = Settings(sources=DEFAULT_SOURCES)
    if request.param == "postgres":
        from buildtrack.storage.postgres import PostgresStore, init_schema

        url = pg_server_module.new_database(request.getfixturevalue("pg_server"))
        init_schema(url, settings)
        store = PostgresStore(url)
    else:
        store = create_store(tmp_path_factory.mktemp("year") / "p.json", settings)
    service = PortfolioService(store, "li", lambda: clock["now"].date(), lambda: clock["now"])

    def on(day: dt.date) -> None:
        clock["now"] = dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)

    service.add_project(Project(code="A-1", name_zh="县医院新院区", leader="王建国", total_investment=30_000 * WAN))
    service.add_project(Project(code="B-1", name_zh="县妇幼保健院", leader="李红梅", total_investment=5_000 * WAN))
    service.set_annual_plan("A-1", 2026, 12_000 * WAN)
    service.set_annual_plan("B-1", 2026, 1_000 * WAN)
    service.set_line("A-1", "special-bond", planned=20_000 * WAN)
    service.set_approval("A-1", "construction-permit", "县建许〔2025〕7号", D(2025, 5, 1), D(2026, 5, 15))
    on(D(2026, 1, 10))
    service.record_money("A-1", "special-bond", MoneyKind.RECEIVED, 500 * WAN, D(2026, 1, 10), "县财建〔2026〕1号")
    work = {"A-1": (1_000, 900, 1_000, 904), "B-1": (50, 40, 50, 43)}  # 万元 for January to April
    for month in range(1, 5):
        on(D(2026, month + 1, 5))  # each month's figure is reported early the next month
        for code, amounts in work.items():
            service.record_completion(code, D(2026, month, 1), amounts[month - 1] * WAN)
        if month == 1:
            on(D(2026, 2, 10))
            service.record_money("A-1", "special-bond", MoneyKind.PAID, 200 * WAN, D(2026, 2, 10))
        if month == 2:
            on(D(2026, 3, 2))  # the dispatch meeting of 2 March
            service.add_problem(
                "A-1", "临时用电未接入", "县供电公司", "刘强", D(2026, 3, 9), D(2026, 3, 2), D(2026, 3, 2)
            )
            on(D(2026, 3, 9))  # the next meeting closes it
            service.close_problem("A-1", "临时用电", "已接入临时电源", D(2026, 3, 9))
            on(D(2026, 3, 15))
            service.record_money(
                "A-1", "special-bond", MoneyKind.RECEIVED, 300 * WAN, D(2026, 3, 15), "县财建〔2026〕2号"
            )
            on(D(2026, 3, 20))
            tranche = service.project("A-1").funding[0].entries[-1]
            service.correct_money("A-1", tranche.id, "重复拨付，县财政局收回", D(2026, 3, 20))
    return service


def light(service, code: str, day: dt.date) -> tuple[Light, tuple[str, ...]]:
    portfolio = service.portfolio_as_of(day)
    project, settings = portfolio.projects[code], portfolio.settings
    state = standing(project, day, settings.at_risk_threshold, settings.due_soon_days)
    graded = grade(project, day, state, settings.lights)
    return graded.light, graded.reasons


def test_the_annual_plan_against_the_time_elapsed_on_30_april(year):
    day = D(2026, 4, 30)
    a = investment_progress(year.portfolio_as_of(day).projects["A-1"], day)
    b = investment_progress(year.portfolio_as_of(day).projects["B-1"], day)
    assert (a.planned, a.completed, a.share, a.elapsed, a.gap) == (
        12_000 * WAN,
        3_804 * WAN,
        Decimal("31.7"),
        Decimal("33.3"),
        Decimal("-1.6"),
    )
    assert (b.completed, b.share, b.gap) == (183 * WAN, Decimal("18.3"), Decimal("-15.0"))
    assert light(year, "A-1", day)[0] is Light.GREEN  # 1.6 points behind: within the default 10
    colour, reasons = light(year, "B-1", day)
    assert colour is Light.YELLOW and any("15" in reason for reason in reasons)
    rows = {row["code"]: row for row in investment_report(year.portfolio_as_of(day), day).sections[0].rows}
    assert (rows["A-1"]["share"], rows["A-1"]["gap"], rows["B-1"]["gap"]) == (
        Decimal("31.7"),
        Decimal("-1.6"),
        Decimal("-15.0"),
    )


def test_before_april_was_reported_the_share_was_lower(year):
    """As of 31 March the April figure does not exist yet (it belongs to April)."""
    a = investment_progress(year.portfolio_as_of(D(2026, 3, 31)).projects["A-1"], D(2026, 3, 31))
    assert (a.completed, a.share, a.elapsed) == (2_900 * WAN, Decimal("24.2"), Decimal("25.0"))


def test_tranches_in_and_out_and_a_correction_with_its_reason(year):
    def money(day):
        return line_totals(year.portfolio_as_of(day).projects["A-1"].funding)

    assert (money(D(2026, 1, 9)).received, money(D(2026, 1, 10)).received) == (0, 500 * WAN)
    assert money(D(2026, 2, 10)).paid == 200 * WAN
    assert money(D(2026, 3, 16)).received == 800 * WAN  # before the correction
    after = money(D(2026, 3, 31))
    assert (after.received, after.paid) == (500 * WAN, 200 * WAN)
    entries = year.project("A-1").funding[0].entries
    assert [entry.amount for entry in entries] == [500 * WAN, 200 * WAN, 300 * WAN, -300 * WAN]
    findings = money_findings(year.project("A-1"))
    assert any("重复拨付" in finding.reason for finding in findings)  # explained, so check accepts it


def test_a_problem_raised_at_one_meeting_and_closed_at_the_next(year):
    def is_open(day):
        return [p.open_on(day) for p in year.portfolio_as_of(day).projects["A-1"].problems]

    assert (is_open(D(2026, 3, 1)), is_open(D(2026, 3, 5)), is_open(D(2026, 3, 10))) == ([], [True], [False])
    raised_week = weekly_bulletin(year.period(D(2026, 3, 2), D(2026, 3, 8)))
    closed_week = weekly_bulletin(year.period(D(2026, 3, 9), D(2026, 3, 15)))
    assert "临时用电未接入" in _text(raised_week, "raised") and "临时用电未接入" not in _text(raised_week, "closed")
    assert "临时用电未接入" in _text(closed_week, "closed")


def test_an_approval_about_to_lapse_is_listed(year):
    report = approvals_report(year.portfolio_as_of(D(2026, 4, 30)), D(2026, 4, 30), within_days=30)
    lapsing = [row for section in report.sections for row in section.rows if row.get("valid_until")]
    assert [(row["code"], row["valid_until"], row["days_left"]) for row in lapsing] == [("A-1", D(2026, 5, 15), 15)]
    later = approvals_report(year.portfolio_as_of(D(2026, 3, 1)), D(2026, 3, 1), within_days=30)
    assert not [row for section in later.sections for row in section.rows if row.get("valid_until")]


def _text(report, word: str) -> str:
    """The rows of the report's sections whose title mentions ``word``, as text."""
    return " ".join(str(row) for s in report.sections if word in s.title.lower() for row in s.rows)
