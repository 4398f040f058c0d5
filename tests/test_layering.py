"""The domain stays pure and the CLI stays light: checked on the source and on a real import."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "buildtrack"
FORBIDDEN = {"textual", "tinydb", "click", "tabulate", "rich"}
RENDERERS = {"render.py", "spreadsheet.py"}  # formatting with tabulate and openpyxl is their job
PURE_REPORTS = sorted(p for p in (PACKAGE / "reports").glob("*.py") if p.name not in RENDERERS)


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted((PACKAGE / "domain").glob("*.py")) + PURE_REPORTS, ids=lambda p: p.name)
def test_domain_and_report_builders_import_no_ui_storage_or_output_library(path):
    assert not imported_roots(path) & FORBIDDEN


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_importing_the_domain_and_builders_loads_none_of_them():
    modules = " ".join(f"buildtrack.domain.{p.stem}" for p in (PACKAGE / "domain").glob("*.py"))
    modules += " " + " ".join(f"buildtrack.reports.{p.stem}" for p in PURE_REPORTS)
    statement = "; ".join(f"import {name}" for name in modules.split())
    assert not loaded_after(statement) & FORBIDDEN


def test_the_cli_does_not_import_textual_unless_the_ui_opens():
    assert "textual" not in loaded_after("import buildtrack.cli")
