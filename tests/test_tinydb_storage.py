"""Scripts reach the file through TinyDB itself, with buildtrack's lock, checks, change log and backups behind it."""

from __future__ import annotations

import pytest
import tinydb
from conftest import make_project
from tinydb import Query

from buildtrack.domain.errors import ConflictError, StoreError
from buildtrack.domain.model import replace
from buildtrack.storage import open_tinydb
from buildtrack.storage.backups import list_backups
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, open_store
from buildtrack.storage.line_layout import read_header


@pytest.fixture
def path(tmp_path, settings):
    path = tmp_path / "portfolio.json"
    create_store(path, settings).commit(Commit(puts=(make_project("P-001"), make_project("P-002"))))
    return path


def test_a_tinydb_update_is_saved_as_a_buildtrack_change(path):
    with open_tinydb(path, user="script-user") as db:
        db.table("projects").update({"leader": "刘洋"}, Query().code == "P-002")
    store = open_store(path)
    project = store.load().projects["P-002"]
    assert project.leader == "刘洋" and project.revision == 2  # the revision moves: a stale buildtrack save is refused
    assert store.load().projects["P-001"].revision == 1
    last = store.changes()[-1]
    assert (last.user, last.project, last.action) == ("script-user", "P-002", "edit with TinyDB")
    assert [(c.field, c.old, c.new) for c in last.changes] == [("leader", "", "刘洋")]
    assert read_header(path.read_bytes()) is not None  # still one project per line
    assert list_backups(path)  # the file it replaced was kept


def test_inserting_and_removing_through_tinydb_are_logged_and_undoable(path):
    with open_tinydb(path) as db:
        db.table("projects").insert({"code": "P-003", "name": "Village clinic"})
        db.table("projects").remove(Query().code == "P-001")
    store = open_store(path)
    assert sorted(store.load().projects) == ["P-002", "P-003"]
    assert [record.action for record in store.changes()[-2:]] == ["edit with TinyDB"] * 2
    assert tinydb.TinyDB(path).table("projects").get(Query().code == "P-003")["name"] == "Village clinic"


def test_a_document_that_does_not_fit_the_schema_is_refused_and_nothing_is_written(path):
    before = path.read_bytes()
    with open_tinydb(path) as db, pytest.raises(StoreError, match="P-001: beds: expected a whole number"):
        db.table("projects").update({"beds": "many"}, Query().code == "P-001")
    assert path.read_bytes() == before


def test_a_project_changed_by_someone_else_since_tinydb_read_it_is_refused(path):
    table = open_tinydb(path).table("projects")
    read = table.storage.read()  # what the script saw
    other = open_store(path)
    project = other.load().projects["P-001"]
    other.commit(Commit(puts=(replace(project, leader="Bob"),)))
    read["projects"]["1"]["leader"] = "Alice"
    with pytest.raises(ConflictError, match="P-001 was changed by someone else"):
        table.storage.write(read)
    assert open_store(path).load().projects["P-001"].leader == "Bob"
