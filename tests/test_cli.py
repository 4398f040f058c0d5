"""Every command works on the sample, and every bad input is one line on stderr with a non-zero exit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from cli_helpers import ADD_COUNTY_REWARD, digest, rejected, run
from click.testing import CliRunner

from buildtrack.cli import EXIT_CONFLICT, cli


def test_first_use_creates_the_database_from_the_sample(tmp_path):
    path = tmp_path / "portfolio.json"
    result = CliRunner().invoke(cli, ["--db", str(path), "project", "list", "-f", "csv"])
    assert result.exit_code == 0
    assert "created" in result.stderr and "bundled sample portfolio (21 projects)" in result.stderr
    assert result.stdout.count("\nP-0") == 21


def test_the_default_database_lives_in_the_users_data_folder_not_here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["project", "list"])
    assert result.exit_code == 0
    where = tmp_path / "user-data" / "buildtrack" / "portfolio.json"
    assert where.exists() and str(where) in result.stderr  # said where, on first use
    assert not (tmp_path / "data").exists()  # the current folder is left alone
    (tmp_path / "data").mkdir()
    (where.parent / "portfolio.json").rename(tmp_path / "data" / "portfolio.json")
    assert CliRunner().invoke(cli, ["project", "list"]).exit_code == 0  # an earlier version's file still opens
    assert not where.exists()
    monkeypatch.setenv("BUILDTRACK_DB", str(tmp_path / "other.json"))
    assert CliRunner().invoke(cli, ["project", "list"]).exit_code == 0
    assert (tmp_path / "other.json").exists()


def test_every_command_has_help():
    def walk(command: click.Command, path: list[str]):
        assert command.help, f"{' '.join(path)} has no help"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, path + [name])

    walk(cli, ["buildtrack"])


def test_init_creates_an_empty_portfolio_and_refuses_to_overwrite(tmp_path):
    path = tmp_path / "county.json"
    run(path, "init", str(path), "--name", "某县卫健委")
    assert "0 projects" in run(path, "check").output
    rejected(path, "init", str(path), match="already exists")


def test_project_add_edit_show_remove(db):
    out = run(
        db,
        "project",
        "add",
        "--name",
        "Xincheng clinic",
        "--name-zh",
        "新城卫生院",
        "--total-investment",
        "8500万",
        "--planned-start",
        "2026-03-01",
        "--planned-finish",
        "2027年6月30日",
        "--leader",
        "王伟",
        "--chain",
    ).output
    assert "added P-022 Xincheng clinic with 14 milestones" in out
    run(db, "project", "edit", "新城", "--location", "新城镇", "--beds", "60")
    shown = run(db, "project", "show", "P-022").output
    assert "新城镇" in shown and "85,000,000.00 元" in shown and re.search(r"^Beds +60$", shown, re.M)
    assert "removed P-022" in run(db, "project", "remove", "P-022", stdin="y\n").output
    rejected(db, "project", "show", "P-022", match="no project 'P-022'")


def test_project_remove_asks_and_aborts_without_consent(db):
    before = digest(db)
    run(db, "project", "remove", "P-001", expect=1, stdin="n\n")
    assert digest(db) == before


def test_project_bad_inputs(db):
    rejected(db, "project", "add", "--leader", "x", match="a name is required")
    assert "县医院" in run(db, "project", "add", "--name-zh", "县医院").stdout  # a Chinese name alone is enough
    rejected(db, "project", "add", "--name", "X", "--total-investment", "1,2345", match="ambiguous separators")
    rejected(db, "project", "add", "--name", "X", "--planned-start", "05/06/2026", match="ambiguous")
    rejected(db, "project", "add", "--name", "X", "--code", "P-001", match="already exists")
    rejected(db, "project", "add", "--name", "X", "--code", "14", match="must look like P-014")
    rejected(db, "project", "add", "--name", "X", "--kind", "castle", match="kind 'castle' is not one of")
    rejected(db, "project", "edit", "P-041", "--leader", "x", match="did you mean P-014")
    rejected(db, "project", "edit", "P-001", match="nothing to change")
    rejected(db, "project", "edit", "P-001", "--planned-finish", "2020-01-01", match="is before planned_start")


def test_project_list_filters_and_formats(db):
    out = run(db, "project", "list", "--status", "completed", "-f", "json").output
    assert [row["code"] for row in json.loads(out)["sections"][0]["rows"]] == ["P-007", "P-008", "P-009"]
    rejected(db, "project", "list", "--status", "late", match="status 'late' is not one of", expect=1)


def test_project_list_shows_and_filters_the_light(db):
    """The sample on its day: two yellow (behind plan), two red (a milestone long late)."""
    out = run(db, "project", "list", "--light", "red,yellow", "-f", "json").output
    rows = json.loads(out)["sections"][0]["rows"]
    assert [(row["code"], row["light"]) for row in rows] == [
        ("P-001", "yellow"),
        ("P-002", "red"),
        ("P-010", "yellow"),
        ("P-015", "red"),
    ]
    chinese = run(db, "--lang", "zh", "project", "list", "--light", "红灯").output
    assert "红灯" in chinese and "P-002" in chinese and "P-001" not in chinese


def test_funding_set_and_remove(db):
    run(
        db, "funding", "set", "P-010", "special-bond", "--planned", "5亿", "--received", "1.2亿", "--paid", "80,000,000"
    )
    shown = run(db, "project", "show", "P-010", "-f", "json").output
    line = json.loads(shown)["sections"][1]["rows"][0]
    assert (line["planned"], line["received"], line["paid"]) == (500_000_000, 120_000_000, 80_000_000)
    run(db, "funding", "set", "P-010", "专项债券", "--paid", "9000万")  # the Chinese name works as well as the key
    line = json.loads(run(db, "project", "show", "P-010", "-f", "json").output)["sections"][1]["rows"][0]
    assert (line["source"], line["paid"]) == ("special-bond", 90_000_000)
    rejected(db, "funding", "remove", "P-010", "special-bond", match="has money entries; reverse them")
    run(db, "funding", "set", "P-010", "grant-aid", "--planned", "100万")
    run(db, "funding", "remove", "P-010", "grant-aid")
    rejected(db, "funding", "remove", "P-010", "grant-aid", match="no funding line")
    rejected(db, "funding", "set", "P-010", "lottery", "--planned", "1", match="not in the catalogue")
    rejected(db, "funding", "set", "P-010", "special-bond", "--planned", "-5", match="negative", expect=2)
    rejected(db, "funding", "set", "P-010", "special-bond", match="nothing to set")


def test_sources_and_settings(db):
    run(db, *ADD_COUNTY_REWARD)
    assert "county-reward" in run(db, "source", "list").output
    rejected(db, "source", "add", "county-reward", "--name", "again", match="already exists")
    rejected(db, "source", "add", "Bad Key", "--name", "x", match="lower-case")
    run(db, "settings", "set", "--unit", "yi", "--threshold", "15")
    assert "display unit: yi (亿元)" in run(db, "settings", "show").output
    assert "Planned (亿元)" in run(db, "report", "funding").output


def section(report_json: str, title: str) -> dict:
    """One section of a JSON report, by its (English) title."""
    return next(item for item in json.loads(report_json)["sections"] if item["title"] == title)


def test_milestone_lifecycle(db):
    run(db, "milestone", "add", "P-021", "Equipment delivered", "--due", "+3w", "--stage", "installation")
    shown = run(db, "project", "show", "P-021", "-f", "json").output
    names = [row["name"] for row in section(shown, "Milestones")["rows"]]
    number = str(names.index("Equipment delivered") + 1)
    run(db, "milestone", "done", "P-021", "Equipment", "--on", "2026-11-20")
    run(db, "milestone", "undo", "P-021", number)
    run(db, "milestone", "move", "P-021", number, "--to", "2027-01-31", "--reason", "supplier late")
    shown = section(run(db, "project", "show", "P-021", "-f", "json").output, "Milestones")["rows"]
    moved = shown[int(number) - 1]
    assert (moved["due"], moved["baseline_due"], moved["slip"]) == ("2027-01-31", "2026-12-14", 48)
    run(db, "milestone", "remove", "P-021", number)
    rejected(db, "milestone", "move", "P-021", "1", "--to", "2027-01-01", match="Missing option '--reason'", expect=2)
    rejected(db, "milestone", "done", "P-021", "99", match="has no milestone 99")
    rejected(db, "milestone", "add", "P-021", "X", "--due", "May 2027", match="incomplete", expect=2)
    rejected(db, "milestone", "add", "P-021", "X", "--due", "2027-01-01", "--stage", "roofing", match="stage 'roofing'")
    rejected(db, "milestone", "chain", "P-021", match="nothing to change")


def test_progress_and_work_packages(db):
    run(db, "progress", "set", "P-011", "35.5%", "--on", "2026-11-20", "--note", "site visit")
    rows = json.loads(run(db, "report", "progress", "-f", "json").output)["sections"][0]["rows"]
    assert next(row for row in rows if row["code"] == "P-011")["actual"] == 35.5
    out = run(db, "workpackage", "set", "P-011", "Main structure", "--weight", "2", "--percent", "60").output
    assert "overall 60%" in out
    run(db, "workpackage", "set", "P-011", "Fit-out", "--percent", "0")
    assert "removed; overall 60%" in run(db, "workpackage", "remove", "P-011", "Fit-out").output
    rejected(db, "progress", "set", "P-011", "120", match="above 100", expect=2)
    rejected(db, "workpackage", "set", "P-011", "X", "--weight", "0", match="positive", expect=2)
    rejected(db, "workpackage", "remove", "P-011", "Nothing", match="no work package")


def _as_json(db: Path, name: str) -> dict:
    return json.loads(run(db, "report", name, "-f", "json").output)


@pytest.mark.parametrize("name", ["progress", "funding", "overdue"])
@pytest.mark.parametrize("fmt", ["text", "grid", "markdown", "html", "csv"])
def test_every_report_in_every_format_holds_every_section_row_and_code(db, name, fmt):
    """Each format carries the same report: every section title, as many rows, every code (JSON is the reference)."""
    reference = _as_json(db, name)
    if fmt == "csv":
        tables = [
            run(db, "report", name, "-f", "csv", "--section", str(n)).output
            for n in range(1, 1 + len(reference["sections"]))
        ]
        for table, section in zip(tables, reference["sections"], strict=True):
            lines = table.splitlines()
            assert len(lines) == 1 + len(section["rows"]) + (section["totals"] is not None)
            for row in section["rows"]:
                label = row.get("code") or row.get("source") or row.get("category")
                assert label in table, (section["title"], label)
        return
    out = run(db, "report", name, "-f", fmt).output
    for section in reference["sections"]:
        assert section["title"] in out
        for row in section["rows"]:
            label = row.get("code") or row.get("source") or row.get("category")
            assert label in out, (section["title"], label)
    if fmt == "html":
        assert out.count("<table") == sum(1 for s in reference["sections"] if s["rows"])
        body_rows = sum(len(s["rows"]) + (s["totals"] is not None) for s in reference["sections"] if s["rows"])
        assert out.count("<tr") - out.count("<thead><tr") == body_rows


def test_the_json_report_has_exact_yuan_and_the_documented_shape(db):
    report = _as_json(db, "funding")
    assert (report["report"], report["amounts_in"]) == ("Funding summary", "yuan")
    by_source = report["sections"][0]
    bond = next(row for row in by_source["rows"] if row["source"] == "special-bond")
    assert (
        bond["planned"]
        == sum(
            line["planned_fen"]
            for project in json.loads(run(db, "export").output)["projects"]
            for line in project["funding"]
            if line["source"] == "special-bond"
        )
        / 100
    )


def test_report_options(db, tmp_path):
    out = run(db, "report", "overdue", "--as-of", "2026-11-23", "--within", "2w", "--group-by", "leader").output
    assert "Overdue milestones — Leader: 李红梅" in out
    assert "Due in the next 14 days" in out
    assert "Planned funding by project and source" in run(db, "report", "funding", "--by-project").output
    target = tmp_path / "funding.html"
    result = run(db, "report", "funding", "-f", "html", "-o", str(target))
    assert f"wrote {target}" in result.stderr and target.read_text().startswith("<!DOCTYPE html>")
    rejected(db, "report", "overdue", "--within", "soon", match="--within 'soon'")
    rejected(db, "report", "progress", "--as-of", "31/12/2026", match="ambiguous", expect=2)
    rejected(db, "report", "progress", "-o", str(tmp_path / "missing" / "x.txt"), match="No such file or directory")


def test_report_as_of_a_past_date(db):
    rows = json.loads(run(db, "report", "progress", "--as-of", "2024-01-01", "-f", "json").output)["sections"][0][
        "rows"
    ]
    assert {row["code"]: row["status"] for row in rows}["P-007"] == "on track"


def test_log_filters_by_project_and_date(db):
    run(db, "project", "edit", "P-003", "--leader", "赵敏")
    out = run(db, "log", "--project", "P-003", "--since", "today").output
    assert "project edited  Responsible leader" in out and "赵敏" in out and "P-001" not in out
    rejected(db, "log", "--since", "2026-12-01", "--until", "2026-11-01", match="is before --since")


def test_undo_reverts_my_last_change(db):
    run(db, "project", "edit", "P-003", "--leader", "赵敏")
    assert "undid project edited on P-003" in run(db, "undo").output
    assert "王建国" in run(db, "project", "show", "P-003").output
    assert "redid project edited on P-003" in run(db, "redo").output
    assert "赵敏" in run(db, "project", "show", "P-003").output


def test_export_import_round_trip_and_bad_import(db, tmp_path):
    exported = tmp_path / "export.json"
    run(db, "export", "-o", str(exported))
    fresh = tmp_path / "fresh.json"
    run(fresh, "init", str(fresh))
    assert "21 created" in run(fresh, "import", str(exported), "--settings").output
    second = tmp_path / "export2.json"
    run(fresh, "export", "-o", str(second))
    assert json.loads(second.read_text()) == json.loads(exported.read_text())
    assert "0 created, 0 updated" in run(fresh, "import", str(exported)).output

    broken = json.loads(exported.read_text())
    broken["projects"][0]["planned_start"] = "soon"
    broken["projects"][3]["funding"] = [{"id": "f9", "source": "lottery"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken))
    before = digest(fresh)
    result = run(fresh, "import", str(bad), expect=1)
    errors = result.stderr.splitlines()
    assert "P-001: planned_start" in errors[0] and "P-004: funding: source 'lottery'" in errors[1]
    assert "2 problems found; nothing was imported" in errors[-1]
    assert digest(fresh) == before
    assert "would create 0" in run(fresh, "import", str(exported), "--dry-run").output


def test_check_lists_what_was_accepted_with_a_reason_and_fails_on_what_was_not(db):
    rejected(db, "funding", "set", "P-001", "treasury-bond", "--paid", "9999万", match="would exceed received")
    run(
        db, "funding", "set", "P-001", "treasury-bond", "--paid", "9999万", "--reason", "paid from the county's advance"
    )
    accepted = run(db, "check")
    assert "Accepted with a reason (1):" in accepted.stdout
    assert "P-001: treasury-bond paid 99,990,000.00 元 exceeds received 600,000.00 元" in accepted.stdout
    assert "(reason: paid from the county's advance)" in accepted.stdout
    run(db, "project", "edit", "P-001", "--total-investment", "1万")
    result = run(db, "check", expect=1)
    assert "P-001: planned funding exceeds total investment by 590,000.00 元" in result.stdout
    assert "1 problems" in result.stderr


@pytest.mark.parametrize(
    "content, match",
    [
        (b"", "is empty"),
        (b"{not json", "not valid JSON"),
        (b'{"hello": "world"}', "not a buildtrack database"),
    ],
)
def test_a_damaged_database_is_one_line_and_untouched(tmp_path, content, match):
    path = tmp_path / "portfolio.json"
    path.write_bytes(content)
    rejected(path, "report", "progress", match=match)
    assert path.read_bytes() == content


def test_a_missing_folder_or_a_bad_today_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "no" / "p.json"), "check"])
    assert result.exit_code == 1 and "does not exist" in result.stderr
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "p.json"), "--today", "someday", "report", "progress"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "not a date" in result.stderr


def test_a_conflict_exits_with_its_own_code(db, monkeypatch):
    from buildtrack.domain.errors import ConflictError
    from buildtrack.storage.file_store import FileStore
    from buildtrack.storage.postgres import PostgresStore

    def conflict(self, commit):
        raise ConflictError("P-003 was changed by someone else since you read it")

    monkeypatch.setattr(FileStore, "commit", conflict)
    monkeypatch.setattr(PostgresStore, "commit", conflict)
    rejected(db, "project", "edit", "P-003", "--leader", "x", match="P-003 was changed", expect=EXIT_CONFLICT)


def test_kind_and_facility_type_in_the_offices_words(db):
    run(db, "project", "add", "--name-zh", "城关镇卫生院", "--kind", "改扩建", "--facility-type", "乡镇卫生院")
    shown = run(db, "project", "list", "-f", "json").stdout
    assert "城关镇卫生院" in shown
    line = rejected(db, "--lang", "zh", "project", "add", "--name-zh", "X", "--kind", "翻新", match="翻新")
    assert "新建" in line and "new-build" not in line  # the choices in the reader's language
