"""Pasting a work report's sentence in the TUI: the new-project form, the funding form and P on a project.
Every case checks what the form shows before saving and what the saved file holds after."""

import asyncio

from test_tui_project import run
from textual.widgets import Input
from tui_helpers import TODAY, fill, make_app, saved

WAN = 10_000_00
REPORT = "总投资1.2亿元，其中专项债券8500万元、财政配套3500万元，建筑面积3000平方米，床位50张，二次结构完成100%，安装完成35%，天气晴"


async def paste(pilot, text: str) -> str:
    box = pilot.app.screen.query_one("#paste", Input)
    box.value = text
    box.focus()
    await pilot.press("enter")
    await pilot.pause()
    return str(pilot.app.screen.query_one("#paste-result").render())


def test_the_new_project_form_fills_its_fields_from_a_pasted_report_and_saves_the_rest_on_create(tmp_path):
    app = make_app(tmp_path)

    async def main():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            shown = await paste(pilot, REPORT)
            assert "天气晴" in shown and "二次结构" in shown  # what was left, and what will be saved beside the fields
            field = pilot.app.screen.query_one("#field-total_investment", Input)
            assert field.value == "1.2亿" and pilot.app.screen.query_one("#field-beds", Input).value == "50"
            assert "P-022" not in saved(tmp_path).projects  # nothing saved by pasting
            await fill(pilot, name_zh="新城卫生院", planned_start="2026-03-01", planned_finish="2027-06-30")
            project = saved(tmp_path).projects["P-022"]
            assert (project.total_investment, project.beds, project.floor_area_m2) == (12_000 * WAN, 50, 3000)
            assert {f.source: f.planned for f in project.funding} == {
                "special-bond": 8500 * WAN,
                "fiscal-matching": 3500 * WAN,
            }
            assert [(w.name, w.percent) for w in project.work_packages] == [("二次结构", 100), ("安装", 35)]

    asyncio.run(main())


def test_the_funding_form_takes_one_source_and_its_totals_and_refuses_several(tmp_path):
    async def scenario(pilot):
        await pilot.press("2", "a")
        await pilot.pause()
        refused = await paste(pilot, "专项债券8500万元、财政配套3500万元")
        assert "2" in refused and pilot.app.screen.query_one("#field-source", Input).value == ""
        await paste(pilot, "单位自筹300万元，已到位200万元，已支付50万元")
        values = {name: pilot.app.screen.query_one(f"#field-{name}", Input).value for name in ("source", "planned")}
        assert values == {"source": "self-raised", "planned": "300万"}
        await fill(pilot)
        line = next(f for f in saved(tmp_path).projects["P-011"].funding if f.source == "self-raised")
        assert (line.planned, line.received, line.paid) == (300 * WAN, 200 * WAN, 50 * WAN)
        assert line.entries[-1].on == TODAY

    run(tmp_path, "P-011", scenario)


def test_p_on_a_project_previews_every_change_and_saves_against_the_revision_seen(tmp_path):
    async def scenario(pilot):
        await pilot.press("P")
        await pilot.pause()
        pilot.app.screen.query_one("#field-text", Input).value = "总投资1.25亿元，主体已封顶，工程形象进度完成62%"
        await pilot.pause()
        preview = str(pilot.app.screen.query_one("#error-text").render())
        assert "12,000.00 万元 → 12,500.00 万元" in preview and "主体已封顶" in preview
        assert saved(tmp_path).projects["P-011"].total_investment == 12_000 * WAN  # not saved while typing
        await pilot.press("ctrl+s")
        await pilot.pause()
        project = saved(tmp_path).projects["P-011"]
        assert project.total_investment == 12_500 * WAN and project.reported_stage == "主体已封顶"
        assert project.progress[-1].percent == 62 and project.progress[-1].on == TODAY

    run(tmp_path, "P-011", scenario)
