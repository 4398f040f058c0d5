"""Spreadsheet ledgers: headers in English or Chinese, units from headers, exact round trips, located problems."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from buildtrack.cli import cli
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.model import Settings
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


@pytest.fixture
def sample_db(tmp_path) -> Path:
    path = tmp_path / "sample.json"
    run(path, "check")
    return path


@pytest.fixture
def empty_db(tmp_path) -> Path:
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
    assert {p.name for p in tmp_path.glob("first*.csv")} == {
        "first.csv",
        "first.funding.csv",
        "first.milestones.csv",
        "first.progress.csv",
    }
    run(empty_db, "import", str(tmp_path / "first.csv"))
    run(empty_db, "export", "-f", "csv", "-o", str(tmp_path / "second.csv"))
    for suffix in ("", ".funding", ".milestones", ".progress"):
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
        and row["Total investment (yuan)"].number_format == "#,##0.00"
    )
    assert isinstance(row["Planned start"].value, dt.datetime) and row["Planned start"].number_format == "yyyy-mm-dd"
    assert isinstance(row["Percent complete (%)"].value, float)
    assert projects.column_dimensions["C"].width >= 20  # wide enough for the Chinese names
    assert set(book.sheetnames) == {"Projects", "Funding", "Milestones", "Progress"}


def test_formula_looking_text_is_stored_as_text(empty_db, tmp_path):
    run(empty_db, "project", "add", "--name", '=HYPERLINK("http://x","y")', "--leader", "@boss")
    target = tmp_path / "ledger.xlsx"
    run(empty_db, "export", "-f", "xlsx", "-o", str(target))
    row = load_workbook(target)["Projects"][2]
    assert row[1].data_type == "s" and row[1].value.startswith("=HYPERLINK")
    run(empty_db, "export", "-f", "csv", "-o", str(tmp_path / "ledger.csv"))
    assert "'=HYPERLINK" in (tmp_path / "ledger.csv").read_text()
    run(empty_db, "import", str(target))  # and it reads back as the same name
    assert open_store(empty_db).load().projects["P-001"].name.startswith("=HYPERLINK")


def test_the_chinese_example_ledger_imports(empty_db):
    result = run(empty_db, "import", str(DATA / "ledger-example-zh.xlsx"))
    assert "21 created" in result.output and "'序号'" in result.stderr  # the serial column is reported, not guessed
    projects = open_store(empty_db).load().projects
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
    before = hashlib.sha256(empty_db.read_bytes()).hexdigest()
    result = run(empty_db, "import", str(broken_ledger(tmp_path)), expect=1)
    errors = result.stderr.splitlines()
    assert any("项目 row 3, column C (总投资（万元）): amount 'lots' is not a number" in line for line in errors)
    assert any("项目 row 3, column D (计划开工): date '05/06/2026' is ambiguous" in line for line in errors)
    assert any("项目 row 4, column E (完成比例): percent '150' is above 100" in line for line in errors)
    assert any("项目 row 5" in line and "P-001 appears again (first in row 2)" in line for line in errors)
    assert any("项目 row 4, column name: a name is required" in line for line in errors)
    assert errors[-1].startswith("Error: 5 problems found; nothing was imported")
    assert hashlib.sha256(empty_db.read_bytes()).hexdigest() == before


def test_skip_invalid_imports_the_good_rows_and_writes_the_rest_to_a_rejects_file(empty_db, tmp_path):
    ledger = broken_ledger(tmp_path)
    result = run(empty_db, "import", str(ledger), "--skip-invalid")
    assert "1 created" in result.output
    tcm = open_store(empty_db).load().projects["P-001"]
    assert (tcm.total_investment, tcm.funding[0].planned, tcm.progress[0].percent) == (
        120_000_000_00,
        85_000_000_00,
        35,
    )
    rejects = list(csv.reader((tmp_path / "broken.rejects.csv").open(encoding="utf-8")))
    assert [row[0] for row in rejects[1:]] == ["P-002", "P-003"]
    assert "ambiguous" in rejects[1][-1]


def test_dry_run_shows_the_plan_and_writes_nothing(sample_db, tmp_path):
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    book = load_workbook(target)
    book["Projects"]["H2"] = "周静"  # leader of P-001
    book.save(target)
    before = hashlib.sha256(sample_db.read_bytes()).hexdigest()
    output = run(sample_db, "import", str(target), "--dry-run").output
    lines = {line.split()[1]: line.split() for line in output.splitlines() if line.startswith(("update", "unchanged"))}
    assert lines["P-001"][0] == "update" and lines["P-001"][-1] == "leader"
    assert lines["P-002"][0] == "unchanged" and len(lines) == 21
    assert hashlib.sha256(sample_db.read_bytes()).hexdigest() == before


def test_reimport_updates_by_code_and_logs_instead_of_duplicating(sample_db, tmp_path):
    target = tmp_path / "ledger.xlsx"
    run(sample_db, "export", "-f", "xlsx", "-o", str(target))
    book = load_workbook(target)
    book["Projects"]["H2"] = "周静"
    book.save(target)
    assert "0 created, 1 updated, 20 unchanged" in run(sample_db, "import", str(target)).output
    store = open_store(sample_db)
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
    project = open_store(empty_db).load().projects["P-007"]
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
    assert converted[10][9].replace(",", "").startswith("1127818900")
