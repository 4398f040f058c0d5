"""A city's report over several counties shows one subtotal row per county, for a rollup of county files
(a project without a county counts under its file's name) and for projects that name their county."""

from cli_helpers import TODAY, run
from click.testing import CliRunner

from buildtrack.cli import cli


def test_a_rollup_of_county_files_subtotals_each_county(tmp_path):
    jia, yi = tmp_path / "甲县.json", tmp_path / "乙县.json"
    for db, total in ((jia, "500万"), (yi, "300万")):
        run(db, "init", str(db))
        run(db, "project", "add", "--name-zh", "卫生院", "--total-investment", total)
        run(db, "funding", "set", "P-001", "special-bond", "--planned", total)
    result = CliRunner().invoke(
        cli, ["--today", TODAY, "--db", str(jia), "--db", str(yi), "report", "funding", "-f", "csv", "--section", "3"]
    )
    assert result.exit_code == 0, result.output
    section = result.output.replace('"', "")
    assert "甲县,1,0," in section and "乙县,1,0," in section
    assert "Total,2,0,,800,800,0,0" in section


def test_one_county_has_no_county_section(tmp_path):
    db = tmp_path / "one.json"
    run(db, "init", str(db))
    run(db, "project", "add", "--name-zh", "卫生院", "--county", "甲县")
    assert "By county" not in run(db, "report", "progress").output
