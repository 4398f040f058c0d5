"""Report files as an office opens them: the extension picks the format, CSV for Excel carries a BOM and one
table per file, a name that contradicts the format is refused before anything is written."""

from __future__ import annotations

from cli_helpers import rejected, run
from openpyxl import load_workbook


def test_the_extension_picks_the_format(db, tmp_path):
    for name, start in [("r.html", b"<!DOCTYPE html"), ("r.json", b"{"), ("r.xlsx", b"PK")]:
        run(db, "report", "progress", "-o", str(tmp_path / name))
        assert (tmp_path / name).read_bytes().startswith(start), name
    assert load_workbook(tmp_path / "r.xlsx").sheetnames


def test_a_csv_file_carries_the_mark_excel_needs_unless_told_not_to(db, tmp_path):
    run(db, "project", "list", "-o", str(tmp_path / "list.csv"))
    assert (tmp_path / "list.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    run(db, "project", "list", "-o", str(tmp_path / "plain.csv"), "--no-bom")
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"Code,")


def test_a_report_with_several_tables_writes_one_csv_per_table(db, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    run(db, "report", "funding", "--by-project", "-o", str(out / "funding.csv"))
    written = sorted(path.name for path in out.iterdir())
    assert written[0] == "funding-1-By-funding-source.csv" and len(written) == 4, written
    for path in out.iterdir():
        lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
        assert lines[0] and "," in lines[0] and not any(line == "" for line in lines[:-1]), path.name  # one table
    run(db, "report", "funding", "--by-project", "--section", "2", "-o", str(tmp_path / "one.csv"))
    assert (tmp_path / "one.csv").exists()


def test_a_name_that_contradicts_the_format_is_refused(db, tmp_path):
    rejected(db, "report", "progress", "-f", "csv", "-o", str(tmp_path / "r.html"), match="r.html")
    assert not (tmp_path / "r.html").exists()


def test_csv_on_the_terminal_asks_which_table(db):
    line = rejected(db, "report", "funding", "--by-project", "-f", "csv", match="--section")
    assert "1 " in line
