"""The project screen's instrument tabs (6 money, 7 problems, 8 approvals, 9 plan): each action checked in
the saved file, and each key shown only on its tab."""

import datetime as dt

from test_tui_safety import form_problem, run
from tui_helpers import TODAY, fill, saved

from buildtrack.domain.model import MoneyKind
from buildtrack.tui.widgets.form import FormDialog

D = dt.date
WAN = 10_000_00


def footer_actions(pilot) -> set[str]:
    return {active.binding.action for active in pilot.app.screen.active_bindings.values() if active.enabled}


def test_money_is_recorded_as_a_dated_tranche_and_corrected_by_a_reversal(tmp_path):
    async def scenario(pilot):
        await pilot.press("6")
        await pilot.pause()
        assert {"add_money", "correct_money"} <= footer_actions(pilot)
        assert "done" not in footer_actions(pilot)  # a milestone key does nothing here, so it is not offered
        await pilot.press("a")
        await fill(pilot, source="special-bond", kind="到位", amount="200万", doc_no="县财建〔2026〕9号")
        line = saved(tmp_path).projects["P-011"].funding[0]
        entry = line.entries[-1]
        assert (entry.kind, entry.amount, entry.on, entry.doc_no) == (
            MoneyKind.RECEIVED,
            200 * WAN,
            TODAY,
            "县财建〔2026〕9号",
        )
        table = pilot.app.screen.query_one("#money-table")
        table.move_cursor(row=[r.key.value for r in table.ordered_rows].index(entry.id))
        await pilot.press("delete")
        await fill(pilot, reason="重复拨付")
        after = saved(tmp_path).projects["P-011"].funding[0]
        assert after.entries[-1].amount == -200 * WAN and after.entries[-1].reason == "重复拨付"
        assert after.received == line.received - 200 * WAN

    run(tmp_path, "P-011", scenario)


def test_a_problem_is_raised_closed_and_reopened(tmp_path):
    async def scenario(pilot):
        await pilot.press("7", "a")
        await fill(pilot, description="临时用电未接入", unit="县供电公司", person="刘强", deadline="+2w")
        problem = saved(tmp_path).projects["P-011"].problems[-1]
        assert (problem.description, problem.deadline, problem.raised_on) == ("临时用电未接入", D(2026, 12, 7), TODAY)
        pilot.app.screen.query_one("#open-problems").focus()
        await pilot.press("d")
        await fill(pilot, resolution="已接入临时电源")
        closed = saved(tmp_path).projects["P-011"].problems[-1]
        assert closed.closed_on == TODAY and closed.resolution == "已接入临时电源"
        pilot.app.screen.query_one("#closed-problems").focus()
        await pilot.press("u")
        await fill(pilot, reason="复查发现未通电")
        assert saved(tmp_path).projects["P-011"].problems[-1].closed_on is None

    run(tmp_path, "P-011", scenario)


def test_an_approval_and_the_annual_plan_with_work_done(tmp_path):
    async def scenario(pilot):
        await pilot.press("8")
        await pilot.pause()
        await pilot.press("e")
        await fill(pilot, doc_no="县发改〔2026〕12号", issued="2026-03-01", valid="2028-03-01")
        approvals = saved(tmp_path).projects["P-011"].approvals
        assert any(a.doc_no == "县发改〔2026〕12号" and a.issued_on == D(2026, 3, 1) for a in approvals)
        await pilot.press("9", "e")
        await fill(pilot, year="2026", planned="3000万")
        plans = saved(tmp_path).projects["P-011"].annual_plans
        assert [(p.year, p.planned) for p in plans if p.year == 2026] == [(2026, 3000 * WAN)]
        await pilot.press("a")
        await fill(pilot, month="2026-12", amount="300万")
        assert "not begun" in form_problem(pilot)  # December has not begun on 23 November
        await fill(pilot, month="2026-10", amount="300万")
        assert not isinstance(pilot.app.screen, FormDialog)
        months = {c.month: c.amount for c in saved(tmp_path).projects["P-011"].completions}
        assert months[D(2026, 10, 1)] == 300 * WAN

    run(tmp_path, "P-011", scenario)
