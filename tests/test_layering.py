"""The layers hold at run time too: the pure modules load no UI or output library, the CLI no Textual.

The import rules themselves are import-linter contracts in ``pyproject.toml`` (``lint-imports``, run by CI).
"""

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "buildtrack"
FORBIDDEN = {"textual", "tinydb", "click", "tabulate", "rich", "openpyxl"}
RENDERERS = {"render.py", "spreadsheet.py"}  # formatting with tabulate and openpyxl is their job


def loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_importing_the_domain_and_builders_loads_none_of_them():
    pure = [f"buildtrack.domain.{p.stem}" for p in (PACKAGE / "domain").glob("*.py")]
    pure += [f"buildtrack.reports.{p.stem}" for p in (PACKAGE / "reports").glob("*.py") if p.name not in RENDERERS]
    assert not loaded_after("; ".join(f"import {name}" for name in pure)) & FORBIDDEN


def test_the_cli_does_not_import_textual_unless_the_ui_opens():
    assert "textual" not in loaded_after("import buildtrack.cli")
