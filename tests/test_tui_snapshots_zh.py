"""The main screens in Chinese at 80×24 and 120×40, compared with their own snapshots.

They run in a second interpreter: the UI's key labels (the footer, the help) are translated when Textual's
screens are first imported, as when ``buildtrack`` starts in Chinese, and this interpreter imported them in
English. ``pytest --snapshot-update`` updates them too; they live in tests/zh/, out of this session's sight, so
this session never counts them as unused.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_the_main_screens_in_chinese(request):
    command = [sys.executable, "-m", "pytest", str(HERE / "zh" / "snapshots_zh.py"), "-q", "-p", "no:cacheprovider"]
    if request.config.getoption("--snapshot-update", default=False):
        command.append("--snapshot-update")
    done = subprocess.run(
        command, env=os.environ | {"BUILDTRACK_TEST_LANG": "zh"}, cwd=HERE.parent, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
