"""The dispatch meeting's instruments from the command line: problems, approvals, annual plans, work done."""

from __future__ import annotations

import json

from cli_helpers import rejected, run


def project(db, code: str) -> dict:
    """The project as the interchange export writes it (what is stored, not a report of it)."""
    exported = json.loads(run(db, "export", "-f", "json").stdout)
    return next(item for item in exported["projects"] if item["code"] == code)


def test_a_problem_is_raised_closed_and_reopened(db):
    raised = ("--raised", "2026-11-16", "--meeting", "2026-11-16")
    out = run(
        db, "problem", "add", "P-003", "消防验收资料不全", "--unit", "县住建局", "--deadline", "2026-12-10", *raised
    )
    assert "P-003: problem" in out.stdout and "2026-12-10" in out.stdout
    problems = run(db, "report", "problems", "-f", "json").stdout
    assert "消防验收资料不全" in problems
    run(db, "problem", "close", "P-003", "消防", "--resolution", "已补齐", "--on", "2026-11-20")
    closed = [p for p in project(db, "P-003")["problems"] if p["description"] == "消防验收资料不全"]
    assert closed[0]["closed_on"] == "2026-11-20" and closed[0]["resolution"] == "已补齐"
    run(db, "problem", "reopen", "P-003", closed[0]["id"], "--reason", "复查发现缺页")
    reopened = [p for p in project(db, "P-003")["problems"] if p["id"] == closed[0]["id"]]
    assert reopened[0]["closed_on"] is None


def test_a_problem_without_an_owner_or_closed_in_the_future_is_refused(db):
    rejected(db, "problem", "add", "P-003", "缺资料", "--deadline", "2026-12-10", match="owner")
    run(
        db,
        "problem",
        "add",
        "P-003",
        "缺资料",
        "--person",
        "王伟",
        "--deadline",
        "2026-12-10",
        "--raised",
        "2026-11-02",
    )
    rejected(db, "problem", "close", "P-003", "缺资料", "--resolution", "ok", "--on", "2026-12-01", match="future")
    rejected(db, "problem", "close", "P-003", "没有这个", "--resolution", "ok", match="no problem")


def test_an_approval_is_found_by_its_chinese_name(db):
    run(db, "approval", "set", "P-005", "施工许可", "--doc", "临建许字〔2026〕12号", "--issued", "2026-03-02")
    approvals = project(db, "P-005")["approvals"]
    permit = [a for a in approvals if a["doc_no"] == "临建许字〔2026〕12号"]
    assert permit and permit[0]["issued_on"] == "2026-03-02"
    assert "construction-permit" in run(db, "approval", "kinds").stdout
    rejected(db, "approval", "set", "P-005", "营业执照", "--doc", "x", match="not in the checklist")


def test_work_done_asks_before_replacing_another_figure_for_the_month(db):
    run(db, "plan", "set", "P-001", "2026", "1.2亿")
    run(db, "completion", "set", "P-001", "2026年10月", "800万")
    rejected(db, "completion", "set", "P-001", "2026-10", "900万", match="replace it with")
    run(db, "completion", "set", "P-001", "2026-10", "900万", "--replace")
    shown = project(db, "P-001")
    assert {"month": "2026-10-01", "amount_fen": 900_000_000, "note": ""} in shown["completions"]
    assert {"year": 2026, "planned_fen": 12_000_000_000, "note": ""} in shown["annual_plans"]
    rejected(db, "completion", "set", "P-001", "2027-01", "1万", match="has not begun")
    rejected(db, "completion", "set", "P-001", "2026-13", "1万", match="must look like", expect=1)
