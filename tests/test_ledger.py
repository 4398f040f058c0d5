"""Spreadsheet ledgers: headers in English or Chinese, units from headers, exact round trips, located problems."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pg_server as pg_server_module
import pytest
from cli_helpers import ADD_COUNTY_REWARD, digest, stored
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from buildtrack.cli import cli
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.model import Settings, replace
from buildtrack.ledger.headers import ColumnMeaning, parse_mapping, recognise
from buildtrack.storage.file_store import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
TODAY = "2026-11-23"
SETTINGS = Settings(sources=DEFAULT_SOURCES)


def run(db: Path, *args: str, expect: int = 0):
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY, *args])
    assert result.exit_code == expect, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture(params=["file", "postgres"])
def backend(request) -> str:
    """Every ledger test imports into (and exports from) a file and a server database."""
    return request.param


@pytest.fixture
def sample_db(request, tmp_path, backend) -> Path | str:
    path = tmp_path / "sample.json"
    run(path, "check")
    if backend == "file":
        return path
    url = request.getfixturevalue("pg_url")
    run(path, "db", "init", url)
    run(path, "db", "push", str(path), url)
    return url


@pytest.fixture
def empty_db(request, tmp_path, backend) -> Path | str:
    if backend == "postgres":
        url = pg_server_module.new_database(request.getfixturevalue("pg_server"))
        run(tmp_path / "x.json", "db", "init", url)
        return url
    path = tmp_path / "empty.json"
    run(path, "init", str(path))
    return path


def cells(path: Path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book.worksheets}


@pytest.mark.parametrize(
    "header, meaning",
    [
        ("总投资（万元）", ColumnMeaning("total_investment", 10_000)),
        ("Total investment (yuan)", ColumnMeaning("total_investment", 1)),
        ("计划总投资(亿元)", ColumnMeaning("total_investment", 100_000_000)),
        ("项目名称", ColumnMeaning("name_zh")),
        ("责任领导", ColumnMeaning("leader")),
        ("形象进度", ColumnMeaning("stage")),
        ("完成比例（%）", ColumnMeaning("percent")),
        ("专项债券", ColumnMeaning("source_planned", source="special-bond")),
        ("财政配套（万元）", ColumnMeaning("source_planned", 10_000, source="fiscal-matching")),
        ("资金来源2", ColumnMeaning("pair_source", pair=2)),
        ("金额2（万元）", ColumnMeaning("pair_amount", 10_000, pair=2)),
    ],
)
def test_headers_in_english_or_chinese_with_their_units(header, meaning):
    assert recognise(header, SETTINGS, {}) == meaning


def test_user_mapping_for_other_headers():
    assert recognise("项目负责人", SETTINGS, parse_mapping(["项目负责人=leader"])) == ColumnMeaning("leader")
    assert recognise("项目负责人", SETTINGS, {}) is None


def test_xlsx_round_trip_is_exact(sample_db, empty_db, tmp_path):
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(first))
    assert "21 created" in run(empty_db, "import", str(first)).output
    run(empty_db, "export", "-f", "xlsx", "-o", str(second))
    assert cells(first) == cells(second)


def test_csv_round_trip_is_exact(sample_db, empty_db, tmp_path):
    run(sample_db, "export", "-f", "csv", "-o", str(tmp_path / "first.csv"))
    roles = ("funding", "milestones", "progress", "money", "problems", "approvals", "plans", "work_done", "packages")
    roles += ("sources",)
    assert {p.name for p in tmp_path.glob("first*.csv")} == {"first.csv"} | {f"first.{role}.csv" for role in roles}
    run(empty_db, "import", str(tmp_path / "first.csv"))
    run(empty_db, "export", "-f", "csv", "-o", str(tmp_path / "second.csv"))
    for suffix in ("", *(f".{role}" for role in roles)):
        assert (tmp_path / f"first{suffix}.csv").read_text() == (tmp_path / f"second{suffix}.csv").read_text()


def test_exported_xlsx_has_real_types_formats_and_a_frozen_header(sample_db, tmp_path):
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    book = load_workbook(target)
    projects = book["Projects"]
    assert projects.freeze_panes == "A2"
    header = [cell.value for cell in projects[1]]
    row = dict(zip(header, projects[11], strict=False))  # P-010, the county hospital
    assert row["Code"].value == "P-010"
    assert (
        row["Total investment (yuan)"].value == 1_127_818_900
        and row["Total investment (yuan)"].number_format == "#,##0.00####"
    )
    assert isinstance(row["Planned start"].value, dt.datetime) and row["Planned start"].number_format == "yyyy-mm-dd"
    assert isinstance(row["Percent complete (%)"].value, float)
    assert projects.column_dimensions["C"].width >= 20  # wide enough for the Chinese names
    assert set(book.sheetnames) == {"Projects", "Funding", "Milestones", "Progress", "Money", "Problems"} | {
        "Approvals",
        "Annual plans",
        "Work done",
        "Work packages",
        "Funding sources",
    }


def test_formula_looking_text_is_stored_as_text(empty_db, tmp_path):
    run(empty_db, "project", "add", "--name", '=HYPERLINK("http://x","y")', "--leader", "@boss")
    target = tmp_path / "ledger.xlsx"
    run(empty_db, "export", "-f", "xlsx", "-o", str(target))
    row = load_workbook(target)["Projects"][2]
    assert row[1].data_type == "s" and row[1].value.startswith("=HYPERLINK")
    run(empty_db, "export", "-f", "csv", "-o", str(tmp_path / "ledger.csv"))
    assert "'=HYPERLINK" in (tmp_path / "ledger.csv").read_text()
    run(empty_db, "import", str(target))  # and it reads back as the same name
    assert stored(empty_db).load().projects["P-001"].name.startswith("=HYPERLINK")


def test_the_chinese_example_ledger_imports(empty_db):
    result = run(empty_db, "import", str(DATA / "ledger-example-zh.xlsx"))
    assert "21 created" in result.output and "'序号'" not in result.stderr  # row numbers: recognised, not stored
    projects = stored(empty_db).load().projects
    tcm = projects["P-011"]
    assert tcm.name_zh.startswith("县中医院") and tcm.total_investment == 120_000_000_00
    assert {line.source: line.planned for line in tcm.funding} == {
        "special-bond": 85_000_000_00,
        "fiscal-matching": 35_000_000_00,
    }
    assert projects["P-010"].total_investment == 1_127_818_900_00
    assert len(projects["P-010"].milestones) == 14


def test_the_english_example_ledger_imports(empty_db):
    assert "21 created" in run(empty_db, "import", str(DATA / "ledger-example-en.xlsx")).output


def broken_ledger(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "项目"
    sheet.append(["项目编号", "项目名称", "总投资（万元）", "计划开工", "完成比例", "专项债券"])
    sheet.append(["P-001", "县中医院病房楼", "1.2亿", "2026-03-01", 35, "8500万"])
    sheet.append(["P-002", "仁里镇卫生院", "lots", "05/06/2026", 35, None])
    sheet.append(["P-003", "", 100, "2026-03-01", 150, None])
    sheet.append(["P-001", "again", 1, None, None, None])
    path = tmp_path / "broken.xlsx"
    book.save(path)
    return path


def test_a_broken_ledger_reports_every_problem_with_row_and_column_and_writes_nothing(empty_db, tmp_path):
    before = digest(empty_db)
    result = run(empty_db, "import", str(broken_ledger(tmp_path)), expect=1)
    errors = result.stderr.splitlines()
    assert any("项目 row 3, column C (总投资（万元）): amount 'lots' is not a number" in line for line in errors)
    assert any("项目 row 3, column D (计划开工): date '05/06/2026' is ambiguous" in line for line in errors)
    assert any("项目 row 4, column E (完成比例): percent '150' is above 100" in line for line in errors)
    assert any("项目 row 5" in line and "P-001 appears again (first in row 2)" in line for line in errors)
    assert any("项目 row 4, column name: a name is required" in line for line in errors)
    assert errors[-1].startswith("Error: 5 problems found; nothing was imported")
    assert digest(empty_db) == before


def test_skip_invalid_imports_the_good_rows_and_writes_the_rest_to_a_rejects_file(empty_db, tmp_path):
    ledger = broken_ledger(tmp_path)
    result = run(empty_db, "import", str(ledger), "--skip-invalid")
    assert "1 created" in result.output
    tcm = stored(empty_db).load().projects["P-001"]
    assert (tcm.total_investment, tcm.funding[0].planned, tcm.progress[0].percent) == (
        120_000_000_00,
        85_000_000_00,
        35,
    )
    rejects = list(csv.reader((tmp_path / "broken.rejects.csv").open(encoding="utf-8-sig")))
    assert [row[0] for row in rejects[1:]] == ["P-002", "P-003"]
    assert "ambiguous" in rejects[1][-1]


def test_dry_run_shows_the_plan_and_writes_nothing(sample_db, tmp_path):
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    book = load_workbook(target)
    book["Projects"]["I2"] = "周静"  # leader of P-001
    book.save(target)
    before = digest(sample_db)
    output = run(sample_db, "import", str(target), "--dry-run").output
    lines = {line.split()[1]: line.split() for line in output.splitlines() if line.startswith(("update", "unchanged"))}
    assert lines["P-001"][0] == "update" and lines["P-001"][-1] == "leader"
    assert lines["P-002"][0] == "unchanged" and len(lines) == 21
    assert digest(sample_db) == before


def test_reimport_updates_by_code_and_logs_instead_of_duplicating(sample_db, tmp_path):
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    book = load_workbook(target)
    book["Projects"]["I2"] = "周静"
    book.save(target)
    assert "0 created, 1 updated, 20 unchanged" in run(sample_db, "import", str(target)).output
    store = stored(sample_db)
    assert len(store.load().projects) == 21 and store.load().projects["P-001"].leader == "周静"
    last = store.changes()[-1]
    assert (last.action, last.project, [c.field for c in last.changes]) == ("import", "P-001", ["leader"])


def test_map_option_and_amounts_typed_as_text(empty_db, tmp_path):
    path = tmp_path / "office.csv"
    path.write_text(
        "编号,项目名称,项目负责人,总投资,专项债券,到位资金\nP-007,河沙镇卫生院,赵敏,195万,1.2亿,3000万\n",
        encoding="utf-8",
    )
    run(empty_db, "import", str(path), "--map", "编号=code", "--map", "项目负责人=leader")
    project = stored(empty_db).load().projects["P-007"]
    assert (project.leader, project.total_investment) == ("赵敏", 1_950_000_00)
    assert (project.funding[0].planned, project.funding[0].received) == (120_000_000_00, 30_000_000_00)
    run(empty_db, "import", str(path), "--map", "编号=colour", expect=1)


def test_libreoffice_reads_the_export_like_we_do(sample_db, tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice (Debian package libreoffice-calc) is not installed")
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    subprocess.run(
        [office, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(target)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = list(csv.reader((tmp_path / "ledger.csv").open(encoding="utf-8", errors="replace")))
    assert converted[0][:3] == ["Code", "Name", "Chinese name"]
    assert [row[0] for row in converted[1:]] == [f"P-{n:03d}" for n in range(1, 22)]
    assert converted[10][11].replace(",", "").startswith("1127818900")


def with_every_instrument(db: Path) -> None:
    """Tranches with a correction, a problem raised and one closed, approvals, a plan, work done, packages."""
    run(db, "funding", "set", "P-001", "special-bond", "--planned", "100万")
    run(db, "funding", "receive", "P-001", "special-bond", "10万", "--on", "2026-10-08", "--doc", "县财建〔2026〕9号")
    run(db, "funding", "pay", "P-001", "special-bond", "4万", "--on", "2026-10-20")
    raised = ("--raised", "2026-11-16", "--meeting", "2026-11-16")
    run(db, "problem", "add", "P-003", "消防验收资料不全", "--unit", "县住建局", "--deadline", "2026-12-10", *raised)
    run(db, "problem", "add", "P-003", "临时用电未接入", "--unit", "县供电公司", "--deadline", "2026-11-20", *raised)
    run(db, "problem", "close", "P-003", "临时用电", "--resolution", "已接入", "--on", "2026-11-19")
    run(db, "approval", "set", "P-005", "施工许可", "--doc", "临建许字〔2026〕12号", "--issued", "2026-03-02")
    run(db, "plan", "set", "P-001", "2026", "1.2亿")
    run(db, "completion", "set", "P-001", "2026-10", "800万")
    run(db, "workpackage", "set", "P-001", "二次结构", "--weight", "2", "--percent", "100")
    run(db, "workpackage", "set", "P-001", "安装", "--percent", "35.25")


def bare(items) -> list:
    return [replace(item, id="") for item in items]


@pytest.mark.parametrize("fmt, name", [("xlsx", "ledger.xlsx"), ("csv", "ledger.csv")])
def test_every_instrument_round_trips_through_the_ledger(sample_db, empty_db, tmp_path, fmt, name):
    with_every_instrument(sample_db)
    run(sample_db, "export", "-f", fmt, "-o", str(tmp_path / name))
    run(empty_db, "import", str(tmp_path / name))
    before, after = stored(sample_db).load(), stored(empty_db).load()
    for code in ("P-001", "P-003", "P-005"):
        old, new = before.projects[code], after.projects[code]
        for collection in ("problems", "approvals", "work_packages"):  # ids are the database's own
            assert bare(getattr(new, collection)) == bare(getattr(old, collection)), collection
        assert new.annual_plans == old.annual_plans and new.completions == old.completions
        assert [bare(line.entries) for line in new.funding] == [bare(line.entries) for line in old.funding]
    preview = run(sample_db, "import", str(tmp_path / name), "--dry-run").output.splitlines()
    assert sum(line.startswith("unchanged ") for line in preview) == 21  # its own export changes nothing


def test_an_instrument_sheet_with_a_future_tranche_or_no_deadline_is_refused(empty_db, tmp_path):
    ledger = tmp_path / "ledger.xlsx"
    book = Workbook()
    book.active.title = "项目"
    book.active.append(["项目编号", "项目名称", "总投资（万元）"])
    book.active.append(["P-001", "县医院", 100])
    money = book.create_sheet("资金拨付")
    money.append(["项目编号", "资金来源", "类型", "日期", "金额（万元）"])
    money.append(["P-001", "专项债券", "到位", "2027-01-05", 50])
    problems = book.create_sheet("问题清单")
    problems.append(["项目编号", "问题描述", "提出日期"])
    problems.append(["P-001", "用地未交付", "2026-11-01"])
    book.save(ledger)
    before = digest(empty_db)
    result = run(empty_db, "import", str(ledger), expect=1)
    assert "future" in result.output and "deadline" in result.output
    assert digest(empty_db) == before


def test_a_gbk_csv_from_excel_on_chinese_windows_imports(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_bytes("项目编号,项目名称,总投资（万元）,建设性质\nP-001,城关镇卫生院,310萬,改扩建\n".encode("gbk"))
    run(empty_db, "import", str(ledger))
    project = stored(empty_db).load().projects["P-001"]
    assert (project.name_zh, project.total_investment, project.kind.value) == (
        "城关镇卫生院",
        3_100_000_00,
        "expansion",
    )
    result = run(empty_db, "import", str(ledger), "--encoding", "klingon", expect=1)
    assert "not a text encoding" in result.output


def office_ledger(path: Path, total: str) -> Path:
    """As an office types it: 序号, names without codes, 万元 source columns and a 合计 row at the bottom."""
    book = Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    sheet.append(["序号", "项目名称", "总投资（万元）", "专项债券（万元）", "财政配套（万元）"])
    sheet.append([1, "城关镇卫生院迁建", 1200, 800, 400])
    sheet.append([2, "县妇幼保健院门诊楼", 3000, 2000, 1000])
    sheet.append(["合计", "", total, 2800, 1400])
    book.save(path)
    return path


def test_a_total_row_is_not_a_project_and_its_sums_are_checked(empty_db, tmp_path):
    out = run(empty_db, "import", str(office_ledger(tmp_path / "ok.xlsx", "4200"))).output
    projects = stored(empty_db).load().projects
    assert sorted(p.name_zh for p in projects.values()) == ["县妇幼保健院门诊楼", "城关镇卫生院迁建"], out
    assert sum(p.total_investment for p in projects.values()) == 4200 * 10_000_00  # not doubled by the 合计 row


def test_a_total_row_that_disagrees_stops_the_import(empty_db, tmp_path):
    before = digest(empty_db)
    result = run(empty_db, "import", str(office_ledger(tmp_path / "bad.xlsx", "4300")), expect=1)
    assert "row 4" in result.output and "4,300.00 万元" in result.output and "4,200.00 万元" in result.output
    assert "序号" not in result.output  # the office's row numbers are recognised, not reported as unknown
    assert digest(empty_db) == before


@pytest.mark.parametrize(
    "written, done_through, not_done",
    [
        ("主体封顶", "main-structure", "secondary-structure"),  # topped out: the main structure itself is done
        ("基础施工中", "groundbreaking", "foundation"),  # under way: only the stages before it
        ("已竣工", "acceptance", "in-use"),
        ("投入使用", "in-use", None),
    ],
)
def test_stage_words_mark_the_right_milestones_and_the_text_is_kept(
    empty_db, tmp_path, written, done_through, not_done
):
    run(empty_db, "project", "add", "--code", "P-001", "--name-zh", "县医院", "--planned-start", "2025-01-01")
    run(empty_db, "project", "edit", "P-001", "--planned-finish", "2026-12-31")
    run(empty_db, "milestone", "chain", "P-001")
    ledger = tmp_path / "台账.csv"
    ledger.write_text(f"项目编号,项目名称,形象进度\nP-001,县医院,{written}\n", encoding="utf-8")
    run(empty_db, "import", str(ledger))
    project = stored(empty_db).load().projects["P-001"]
    done = {m.stage for m in project.milestones if m.done_on is not None}
    assert done_through in done and (not_done is None or not_done not in done), done
    assert project.reported_stage == written and project.reported_stage_on is not None


def test_a_stage_text_naming_no_stage_is_kept_and_listed(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text("项目编号,项目名称,形象进度\nP-001,县医院,正在办理前置审批\n", encoding="utf-8")
    result = run(empty_db, "import", str(ledger), "--dry-run")
    assert "names no standard stage" in result.output
    run(empty_db, "import", str(ledger))
    assert stored(empty_db).load().projects["P-001"].reported_stage == "正在办理前置审批"


def test_a_bare_start_or_finish_date_is_actual_once_passed_and_planned_before(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text("项目编号,项目名称,开工时间,竣工时间\nP-001,县医院,2025-03-01,2027-06-30\n", encoding="utf-8")
    run(empty_db, "import", str(ledger))
    project = stored(empty_db).load().projects["P-001"]
    assert (project.actual_start, project.planned_finish, project.actual_finish) == (
        dt.date(2025, 3, 1),
        dt.date(2027, 6, 30),
        None,
    )


def test_a_future_actual_date_and_two_columns_for_one_field_are_refused(empty_db, tmp_path):
    before = digest(empty_db)
    future = tmp_path / "future.csv"
    future.write_text("项目编号,项目名称,实际竣工\nP-001,县医院,2027-06-30\n", encoding="utf-8")
    assert "in the future" in run(empty_db, "import", str(future), expect=1).output
    twice = tmp_path / "twice.csv"
    twice.write_text("项目编号,项目名称,总投资,计划总投资\nP-001,县医院,100,120\n", encoding="utf-8")
    assert "mean the same field" in run(empty_db, "import", str(twice), expect=1).output
    assert digest(empty_db) == before


def test_one_received_column_over_several_sources_is_spread_by_plan_and_said(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "项目编号,项目名称,专项债券（万元）,财政配套（万元）,到位资金（万元）\nP-001,县医院,200,100,100\n",
        encoding="utf-8",
    )
    out = run(empty_db, "import", str(ledger)).output
    lines = {line.source: line for line in stored(empty_db).load().projects["P-001"].funding}
    assert (lines["special-bond"].received, lines["fiscal-matching"].received) == (66_666_667, 33_333_333)
    assert sum(line.received for line in lines.values()) == 100 * 10_000_00  # to the fen
    assert "spread over the project's sources" in out


def test_money_with_no_source_to_go_to_is_refused(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text("项目编号,项目名称,到位资金（万元）\nP-001,县医院,100\n", encoding="utf-8")
    assert "no funding source to go to" in run(empty_db, "import", str(ledger), expect=1).output


def test_a_title_row_and_two_heading_rows_under_merged_cells(empty_db, tmp_path):
    """The shape county bureaus use: a merged title, then 资金来源（万元） spanning one column per source."""
    path = tmp_path / "台账.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    sheet.append(["示例县2026年卫生健康重点项目台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "项目名称", "总投资（万元）", "资金来源（万元）", None, "形象进度"])
    sheet.merge_cells("D2:E2")
    sheet.append([None, None, None, "专项债券", "财政配套", None])
    sheet.append([1, "城关镇卫生院迁建", 1200, 800, 400, "主体封顶"])
    sheet.append(["合计", None, 1200, 800, 400, None])
    book.save(path)
    out = run(empty_db, "import", str(path)).output
    project = next(iter(stored(empty_db).load().projects.values()))
    planned = {line.source: line.planned for line in project.funding}
    assert (project.name_zh, project.total_investment) == ("城关镇卫生院迁建", 1200 * 10_000_00), out
    assert planned == {"special-bond": 800 * 10_000_00, "fiscal-matching": 400 * 10_000_00}
    assert project.reported_stage == "主体封顶"


def test_traditional_characters_and_a_column_mapped_to_a_source(empty_db, tmp_path):
    ledger = tmp_path / "臺賬.csv"
    ledger.write_text(
        "項目名稱,總投資（萬元）,國債資金（萬元）,某某幫扶資金（萬元）,責任單位\n縣醫院,500,300,200,縣衛健局\n",
        encoding="utf-8",
    )
    out = run(empty_db, "import", str(ledger), "--map", "某某幫扶資金（萬元）=source:paired-assistance").output
    project = next(iter(stored(empty_db).load().projects.values()))
    planned = {line.source: line.planned for line in project.funding}
    assert project.name_zh == "縣醫院" and project.implementing_unit == "縣衛健局", out  # kept as written
    assert planned == {"treasury-bond": 300 * 10_000_00, "paired-assistance": 200 * 10_000_00}
    assert (
        "not a source"
        in run(empty_db, "import", str(ledger), "--map", "某某幫扶資金（萬元）=source:nope", expect=1).output
    )


def test_a_money_column_of_an_unknown_source_adds_the_source_instead_of_dropping_the_money(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text("项目名称,总投资（万元）,东西部协作帮扶资金（万元）\n县医院,500,120\n", encoding="utf-8")
    preview = run(empty_db, "import", str(ledger), "--dry-run").output
    assert "added as a new source" in preview and "assistance" in preview
    run(empty_db, "import", str(ledger))
    portfolio = stored(empty_db).load()
    source = portfolio.settings.source("东西部协作帮扶资金")
    assert source is not None and source.category.value == "assistance" and source.name_zh == "东西部协作帮扶资金"
    project = next(iter(portfolio.projects.values()))
    assert [(line.source, line.planned) for line in project.funding] == [("东西部协作帮扶资金", 120 * 10_000_00)]


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.csv"])
def test_a_ledger_rebuilds_a_portfolio_with_its_own_sources_in_an_empty_file(sample_db, tmp_path, name):
    run(sample_db, *ADD_COUNTY_REWARD)
    run(sample_db, "funding", "set", "P-001", "county-reward", "--planned", "20万")
    run(sample_db, "export", "-f", name.rsplit(".", 1)[1], "-o", str(tmp_path / name))
    empty = tmp_path / "fresh.json"
    CliRunner().invoke(cli, ["--db", str(empty), "init", str(empty)])
    run(empty, "import", str(tmp_path / name))
    rebuilt = open_store(empty).load()
    assert rebuilt.settings.source("county-reward").name_zh == "县级奖补资金"
    assert "county-reward" in {line.source for line in rebuilt.projects["P-001"].funding}


def test_other_sheets_may_name_projects_when_there_are_no_codes(empty_db, tmp_path):
    path = tmp_path / "台账.xlsx"
    book = Workbook()
    book.active.title = "项目"
    book.active.append(["项目名称", "总投资（万元）"])
    book.active.append(["城关镇卫生院", 500])
    funding = book.create_sheet("资金")
    funding.append(["项目名称", "资金来源", "计划金额（万元）"])
    funding.append(["城关镇卫生院", "专项债券", 300])
    funding.append(["不存在的项目", "专项债券", 100])
    book.save(path)
    assert "exact name of a listed project" in run(empty_db, "import", str(path), expect=1).output
    funding.delete_rows(3)
    book.save(path)
    run(empty_db, "import", str(path))
    project = next(iter(stored(empty_db).load().projects.values()))
    assert [(line.source, line.planned) for line in project.funding] == [("special-bond", 300 * 10_000_00)]


def test_scope_text_fills_area_beds_and_floors_and_every_project_field_survives_a_round_trip(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "项目名称,县（市、区）,建设内容及规模,存在问题,形象进度\n"
        "城关镇卫生院迁建,示例县,新建综合楼建筑面积3000平方米，设置床位50张，地上五层，地下一层,土地手续未办结,主体封顶\n",
        encoding="utf-8",
    )
    run(empty_db, "import", str(ledger))
    project = next(iter(stored(empty_db).load().projects.values()))
    assert (project.floor_area_m2, project.beds, project.floors) == (3000, 50, 5)
    assert (project.county, project.current_problems) == ("示例县", "土地手续未办结")
    assert project.scope.startswith("新建综合楼") and project.reported_stage_on == dt.date(2026, 11, 23)
    run(empty_db, "export", "-f", "xlsx", "-o", str(tmp_path / "out.xlsx"))
    fresh = tmp_path / "fresh.json"
    run(fresh, "init", str(fresh))
    CliRunner().invoke(cli, ["--db", str(fresh), "--today", "2026-12-01", "import", str(tmp_path / "out.xlsx")])
    rebuilt = next(iter(open_store(fresh).load().projects.values()))
    assert replace(rebuilt, revision=project.revision) == project  # the stage keeps the date it was reported


def test_a_reported_overall_percent_is_kept_beside_the_work_packages(empty_db, tmp_path):
    path = tmp_path / "台账.xlsx"
    book = Workbook()
    book.active.title = "项目"
    book.active.append(["项目编号", "项目名称", "完成比例（%）"])
    book.active.append(["QY-2024-01", "县医院", 60])
    packages = book.create_sheet("分项工程")
    packages.append(["项目编号", "分项工程", "权重", "完成比例（%）"])
    packages.append(["QY-2024-01", "二次结构", 1, 100])
    packages.append(["QY-2024-01", "安装", 1, 35])
    book.save(path)
    run(empty_db, "import", str(path))
    project = stored(empty_db).load().projects["QY-2024-01"]
    assert [(w.name, w.percent) for w in project.work_packages] == [("二次结构", 100), ("安装", 35)]
    assert [(e.percent, e.note) for e in project.progress] == [(60, "ledger import")]  # not the packages' 67.5


@pytest.mark.parametrize("name", ["台账.xlsx", "台账.csv"])
def test_a_chinese_export_reads_as_an_office_ledger_and_round_trips_to_the_fen(sample_db, empty_db, tmp_path, name):
    run(sample_db, "export", "--chinese", "-o", str(tmp_path / name))
    if name.endswith(".csv"):
        lines = (tmp_path / "台账.funding.csv").read_text(encoding="utf-8-sig").splitlines()
        assert lines[:2] == [
            "项目编号,资金来源,计划金额（万元）,到位资金（万元）,已支付（万元）,备注",
            "P-001,国债资金,60,60,52,",
        ]
        assert "P-001,项目建议书/可研,项目建议书/可研," in (tmp_path / "台账.milestones.csv").read_text(
            encoding="utf-8-sig"
        )
    assert "21 unchanged" in run(sample_db, "import", str(tmp_path / name)).output  # the same milestones, same ids
    run(empty_db, "import", str(tmp_path / name))
    before, after = stored(sample_db).load(), stored(empty_db).load()
    for code, project in before.projects.items():
        rebuilt = after.projects[code]
        assert [(f.source, f.planned, f.received, f.paid) for f in rebuilt.funding] == [
            (f.source, f.planned, f.received, f.paid) for f in project.funding
        ]
        assert rebuilt.total_investment == project.total_investment
        assert [(m.stage, m.due, m.done_on) for m in rebuilt.milestones] == [
            (m.stage, m.due, m.done_on) for m in project.milestones
        ]


def test_a_chinese_export_leaves_out_an_english_name_column_nobody_filled(empty_db, tmp_path):
    run(empty_db, "project", "add", "--name-zh", "城关镇卫生院", "--total-investment", "1234.5678万")
    run(empty_db, "export", "--chinese", "-o", str(tmp_path / "台账.xlsx"))
    sheet = load_workbook(tmp_path / "台账.xlsx")["项目"]
    headers = [cell.value for cell in sheet[1]]
    assert "英文名称" not in headers and sheet.cell(2, headers.index("总投资（万元）") + 1).value == 1234.5678


def test_the_rejects_file_heads_its_rows_with_the_headings_read_not_the_title_above_them(empty_db, tmp_path):
    ledger = tmp_path / "台账.csv"
    ledger.write_text(
        "某县卫生健康项目台账,,\n项目编号,项目名称,总投资（万元）\nP-001,县医院,500\nP-002,中医院,五百\n",
        encoding="utf-8",
    )
    run(empty_db, "import", str(ledger), "--skip-invalid")
    rejects = list(csv.reader((tmp_path / "台账.rejects.csv").open(encoding="utf-8-sig")))
    assert rejects[0] == ["项目编号", "项目名称", "总投资（万元）", "problems"]
    assert rejects[1][:3] == ["P-002", "中医院", "五百"] and "五百" in rejects[1][3]
