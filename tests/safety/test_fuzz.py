"""Arbitrary text at every command and arbitrary JSON at import: one line, a known exit code, the file unchanged."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buildtrack.cli import cli

# Every command that takes typed arguments, with the shape of its arguments; None marks a fuzzed value.
COMMANDS = [
    ["project", "add", "--name", None, "--total-investment", None, "--planned-start", None],
    ["project", "edit", None, "--beds", None, "--planned-finish", None],
    ["project", "edit", "P-001", "--kind", None, "--facility-type", None, "--floor-area-m2", None],
    ["project", "show", None],
    ["project", "list", "--status", None, "--as-of", None],
    ["project", "remove", None, "--yes"],
    ["funding", "set", None, None, "--planned", None, "--received", None],
    ["funding", "remove", "P-011", None],
    ["milestone", "add", None, None, "--due", None, "--stage", None],
    ["milestone", "done", "P-011", None, "--on", None],
    ["milestone", "undo", None, None],
    ["milestone", "move", "P-011", None, "--to", None, "--reason", None],
    ["milestone", "remove", None, None],
    ["progress", "set", None, None, "--on", None],
    ["workpackage", "set", "P-011", None, "--weight", None, "--percent", None],
    ["workpackage", "remove", None, None],
    ["source", "add", None, "--name", None, "--category", None],
    ["settings", "set", "--unit", None, "--threshold", None],
    ["report", "overdue", "--within", None, "--as-of", None, "--group-by", None],
    ["report", "funding", "--source", None, "--leader", None],
    ["log", "--project", None, "--since", None],
    ["restore", None],
]
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=24) | st.sampled_from(
    [
        "",
        "-",
        "P-011",
        "1",
        "0",
        "-5",
        "1e9",
        "8500万",
        "2024-02-30",
        "05/06/2024",
        "today",
        "+2w",
        "%",
        "县中医院",
        "1,2345",
        "999999999999999999亿",
        "NaN",
        "\x00",
        "--help",
        "'; DROP TABLE",
        "=cmd|' /C calc'!A0",
    ]
)


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("fuzz") / "portfolio.json"
    assert CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-23", "check"]).exit_code == 0
    return path


def _digest(path):
    """What must not change when a command is refused: the file's bytes, or the server's commit generation."""
    if isinstance(path, str):
        from buildtrack.storage.postgres import PostgresStore

        store = PostgresStore(path)
        try:
            return store.generation()
        finally:
            store.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_and_check(path, args, one_reason: bool = True) -> int:
    """Run a command; a refusal leaves the file byte-for-byte and explains itself in ``Error:`` lines."""
    before = _digest(path)
    result = CliRunner().invoke(cli, ["--db", str(path), "--today", "2026-11-23", *args], input="n\n")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert result.exit_code in (0, 1, 2, 3), (args, result.output)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert _digest(path) == before, args  # a refused command wrote nothing
        lines = result.stderr.strip().splitlines()
        reasons = [line for line in lines if line.startswith("Error:")]
        if result.stderr.strip() != "Aborted!":
            assert reasons and (len(reasons) == 1 or not one_reason), (args, result.stderr)
            assert all(line.startswith(("Error:", "Usage:", "Try ")) or not line.strip() for line in lines), lines
    return result.exit_code


def fuzz_settings(full: bool):
    return settings(
        max_examples=600 if full else 60,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.mark.parametrize("backend", ["file", "postgres"])
@pytest.mark.parametrize("shape", COMMANDS, ids=lambda shape: " ".join(part for part in shape[:2] if part))
def test_every_command_survives_arbitrary_arguments(request, tmp_path, sample_db, shape, full, figures, backend):
    if backend == "postgres":  # the sample pushed to a new server database
        path = request.getfixturevalue("pg_url")
        for step in (["db", "init", path], ["db", "push", str(sample_db), path]):
            assert CliRunner().invoke(cli, step).exit_code == 0
    else:
        path = tmp_path / "portfolio.json"
        shutil.copy(sample_db, path)
        shutil.copy(sample_db.with_name("portfolio.changes.jsonl"), tmp_path / "portfolio.changes.jsonl")
    outcomes = []

    @fuzz_settings(full)
    @given(st.lists(TEXT, min_size=shape.count(None), max_size=shape.count(None)))
    def case(values):
        filled = iter(values)
        args = [next(filled) if part is None else part for part in shape]
        outcomes.append(run_and_check(path, args))

    case()
    key = f"fuzzed commands ({backend})"
    figures[key] = figures.get(key, 0) + len(outcomes)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)
PROJECT_KEYS = [
    "code",
    "name",
    "planned_start",
    "total_investment_fen",
    "funding",
    "milestones",
    "progress",
    "beds",
    "kind",
]


@st.composite
def interchange_documents(draw):
    """Mostly well-formed envelopes with hostile projects, sometimes anything at all."""
    if draw(st.booleans()):
        return draw(JSON)
    projects = draw(st.lists(st.dictionaries(st.sampled_from(PROJECT_KEYS), JSON, max_size=6), max_size=4))
    return {"format": "buildtrack-portfolio", "version": 1, "projects": projects}


def test_import_survives_arbitrary_json(tmp_path, sample_db, full, figures):
    path = tmp_path / "portfolio.json"
    shutil.copy(sample_db, path)
    document = tmp_path / "import.json"
    count = {"cases": 0, "refused": 0}

    @fuzz_settings(full)
    @given(interchange_documents())
    def case(doc):
        document.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        code = run_and_check(path, ["import", str(document)], one_reason=False)  # one line per problem
        count["cases"] += 1
        count["refused"] += code != 0

    case()
    figures["fuzzed imports"] = f"{count['cases']} documents, {count['refused']} refused with nothing written"
