"""The synthetic portfolio generator is deterministic and its data and history are consistent."""

import datetime as dt

from click.testing import CliRunner

from buildtrack.cli import cli
from buildtrack.demo import AS_OF
from buildtrack.domain.schedule import overdue_milestones
from buildtrack.storage.file_store import open_store


def generate(path, projects=40, seed=3):
    result = CliRunner().invoke(
        cli, ["demo", "generate", "--projects", str(projects), "--seed", str(seed), "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    return path


def test_the_same_seed_gives_the_same_files(tmp_path):
    first, second = generate(tmp_path / "a.json"), generate(tmp_path / "b.json")
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.changes.jsonl").read_bytes() == (tmp_path / "b.changes.jsonl").read_bytes()


def test_projects_are_realistic_and_the_file_checks_clean(tmp_path):
    path = generate(tmp_path / "demo.json")
    assert CliRunner().invoke(cli, ["--db", str(path), "check"]).exit_code == 0
    projects = list(open_store(path).load().projects.values())
    assert all(len(p.milestones) == 20 and 2 <= len(p.funding) <= 5 and p.name_zh for p in projects)
    milestones = sum(len(p.milestones) for p in projects)
    late = sum(len(overdue_milestones(p, AS_OF)) for p in projects)
    assert 0.08 < late / milestones < 0.25  # about 15 % overdue on the fixed date


def test_the_history_rebuilds_earlier_states(tmp_path):
    store = open_store(generate(tmp_path / "demo.json"))
    now, early = store.load(), store.portfolio_as_of(dt.date(2024, 1, 1))
    done = lambda portfolio: sum(1 for p in portfolio.projects.values() for m in p.milestones if m.done_on)  # noqa: E731
    assert done(early) < done(now)
    assert all(
        m.done_on is None or m.done_on <= dt.date(2024, 1, 1) for p in early.projects.values() for m in p.milestones
    )
    assert (
        CliRunner().invoke(cli, ["demo", "generate", "--projects", "5", "-o", str(tmp_path / "demo.json")]).exit_code
        == 1
    )
