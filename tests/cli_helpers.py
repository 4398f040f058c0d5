"""Running the command line in tests: every failure one line on stderr, the database left as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from buildtrack.cli import cli

TODAY = "2026-11-23"
ADD_COUNTY_REWARD = (
    "source",
    "add",
    "county-reward",
    "--name",
    "County reward funds",
    "--name-zh",
    "县级奖补资金",
    "--category",
    "fiscal",
)  # a source the standard catalogue lacks


def run(db: Path | str, *args: str, expect: int = 0, stdin: str | None = None):
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY, *args], input=stdin)
    assert result.exit_code == expect, result.output
    assert "Traceback" not in result.output
    return result


def stored(target: Path | str):
    """The store of a test database, opened afresh as another program would: a file, or a server database."""
    if isinstance(target, str):
        from buildtrack.storage.postgres import PostgresStore

        return PostgresStore(target)
    from buildtrack.storage.file_store import open_store

    return open_store(target)


def digest(path: Path | str) -> str:
    """What a refused command must leave as it was: the file's bytes, or the server database's generation."""
    if isinstance(path, str):
        from buildtrack.storage.postgres import PostgresStore

        store = PostgresStore(path)
        try:
            return f"generation {store.generation()}"
        finally:
            store.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rejected(db: Path | str, *args: str, match: str, expect: int = 1) -> str:
    """Run a command that must fail: one line on stderr, the database byte-for-byte unchanged."""
    before = digest(db)
    result = run(db, *args, expect=expect)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    if expect == 2:  # click's usage errors add a usage line and a hint before the reason
        lines = [line for line in lines if line.startswith("Error:")]
    assert len(lines) == 1, result.stderr
    assert match in lines[0], lines[0]
    assert digest(db) == before
    return lines[0]
