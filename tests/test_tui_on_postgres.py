"""The UI suites again with the portfolio on the PostgreSQL test server (the same sample, pushed): every Pilot
test that saves, refuses, undoes or hears another program's change, on the other store. They run in an
interpreter of their own, where ``tui_helpers`` opens the server database instead of the file."""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SUITES = ["test_tui_instruments.py", "test_tui_paste.py", "test_tui_portfolio.py", "test_tui_project.py"]
SUITES += ["test_tui_reports.py", "test_tui_safety.py"]  # the snapshots compare pictures: one store is enough


def test_the_ui_suites_pass_on_postgresql(pg_server):
    command = [sys.executable, "-m", "pytest", *(str(HERE / suite) for suite in SUITES), "-q", "-p", "no:cacheprovider"]
    environment = os.environ | {"BUILDTRACK_TEST_BACKEND": "postgres", "BUILDTRACK_TEST_PG": pg_server}
    done = subprocess.run(command, env=environment, cwd=HERE.parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1], done.stdout[-500:]
