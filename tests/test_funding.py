"""Funding totals by project, source and category, and the consistency checks."""

import datetime as dt
from decimal import Decimal

from conftest import line, make_project

from buildtrack.domain.funding import (
    by_category,
    by_source,
    funding_problems,
    line_totals,
    money_findings,
    share,
    unfunded_gap,
)
from buildtrack.domain.model import FundingLine, MoneyEntry, MoneyKind, SourceCategory, replace

WAN = 10_000 * 100


def tcm_hospital():
    """The county TCM hospital: 1.2亿 total, 8500万 bonds and 3500万 matching funds."""
    return make_project(
        total_investment=12_000 * WAN,
        funding=(
            line("special-bond", planned=8500 * WAN, received=6000 * WAN, paid=4200 * WAN),
            line("fiscal-matching", planned=3500 * WAN, received=1500 * WAN, paid=1100 * WAN),
        ),
    )


def test_project_totals_shares_and_unspent():
    totals = line_totals(tcm_hospital().funding)
    assert (totals.planned, totals.received, totals.paid) == (12_000 * WAN, 7500 * WAN, 5300 * WAN)
    assert totals.unspent == 2200 * WAN
    assert totals.received_share == Decimal("62.5")
    assert totals.paid_share == Decimal("70.7")


def test_shares_of_zero_are_unknown_not_an_error():
    assert share(5, 0) is None
    assert line_totals([]).received_share is None


def test_unfunded_gap():
    assert unfunded_gap(tcm_hospital()) == 0
    assert unfunded_gap(make_project(total_investment=100 * WAN)) == 100 * WAN
    assert unfunded_gap(make_project()) is None


def test_totals_by_source_and_category(settings):
    other = make_project("P-002", funding=(line("special-bond", planned=1000 * WAN, received=0),))
    sources = by_source([tcm_hospital(), other])
    assert sources["special-bond"].planned == 9500 * WAN
    assert sources["special-bond"].projects == 2
    categories = by_category([tcm_hospital(), other], settings)
    assert categories[SourceCategory.BOND].planned == 9500 * WAN
    assert categories[SourceCategory.FISCAL].received == 1500 * WAN


def test_a_project_counts_once_per_category_even_with_two_sources_of_it(settings):
    project = make_project(funding=(line("fiscal-matching", planned=5), line("fiscal-earmarked", planned=7)))
    fiscal = by_category([project], settings)[SourceCategory.FISCAL]
    assert (fiscal.projects, fiscal.planned) == (1, 12)


def test_checks_flag_paid_above_received_and_planned_above_total():
    project = make_project(
        total_investment=100 * WAN,
        funding=(line("special-bond", planned=150 * WAN, received=10 * WAN, paid=20 * WAN),),
    )
    problems = funding_problems(project)
    assert problems == [
        "P-001: special-bond paid 200,000.00 元 exceeds received 100,000.00 元",
        "P-001: planned funding exceeds total investment by 500,000.00 元",
    ]
    assert funding_problems(tcm_hospital()) == []


def test_findings_name_the_reason_of_the_entry_that_crossed_each_limit():
    """Replaying a line's entries: the entry that took paid above received carries the reason shown; a
    correction is listed with its own; the same excess with no reason (an imported file) is a problem."""
    day = dt.date(2026, 3, 1)
    entries = (
        MoneyEntry(id="e1", kind=MoneyKind.RECEIVED, on=day, amount=60 * WAN),
        MoneyEntry(id="e2", kind=MoneyKind.PAID, on=day, amount=50 * WAN),
        MoneyEntry(id="e3", kind=MoneyKind.PAID, on=day, amount=20 * WAN, reason="县财政垫付"),
        MoneyEntry(id="e4", kind=MoneyKind.RECEIVED, on=day, amount=-5 * WAN, reason="重复录入"),
    )
    project = make_project(funding=(FundingLine(id="f1", source="bond", planned=60 * WAN, entries=entries),))
    findings = {finding.text: finding.reason for finding in money_findings(project)}
    assert findings == {
        "P-001: bond received corrected by -50,000.00 元 on 2026-03-01": "重复录入",
        "P-001: bond paid 700,000.00 元 exceeds received 550,000.00 元": "县财政垫付",
    }
    assert funding_problems(project) == []
    unexplained = replace(entries[2], reason="")
    imported = make_project(
        funding=(FundingLine(id="f1", source="bond", planned=50 * WAN, entries=(*entries[:2], unexplained)),)
    )
    assert funding_problems(imported) == [
        "P-001: bond paid 700,000.00 元 exceeds received 600,000.00 元",
        "P-001: bond received 600,000.00 元 exceeds planned 500,000.00 元",
    ]
