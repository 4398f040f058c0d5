"""The database file's line layout: one project per line, read per line, written from unchanged pieces."""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal

import pytest
import tinydb
from conftest import milestone

from buildtrack.domain.errors import StoreError
from buildtrack.domain.model import Project, Settings
from buildtrack.service import PortfolioService
from buildtrack.storage import line_layout as layout
from buildtrack.storage.file_store import create_store, memory_store, open_store

DAY = dt.date(2026, 11, 23)


def _portfolio_file(tmp_path, count=3):
    path = tmp_path / "portfolio.json"
    service = PortfolioService(create_store(path, Settings()), "ana", lambda: DAY)
    for number in range(1, count + 1):
        service.add_project(
            Project(
                code=f"P-{number:03d}",
                name=f"Clinic {number}",
                name_zh=f"卫生院{number}",
                milestones=(milestone("Approval", DAY),),
            )
        )
    return path, service


def test_each_project_sits_on_its_own_line_and_the_file_is_one_json_object(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    lines = path.read_bytes().splitlines()
    assert lines[0].startswith(b'{"settings":{"1":') and lines[0].endswith(b'"projects":{')
    assert [line[:6] for line in lines[1:4]] == [b'"1":{"', b'"2":{"', b'"3":{"']
    assert lines[-1] == b"}}"
    assert len(json.loads(path.read_text("utf-8"))["projects"]) == 3
    assert len(tinydb.TinyDB(path).table("projects")) == 3


def test_reading_and_writing_back_gives_the_same_bytes(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    data = path.read_bytes()
    tables = layout.read_tables(data)
    assert isinstance(tables.projects["2"], memoryview)  # a view into the file, not a parsed copy
    assert layout.join_tables(tables.others, tables.projects) == data


def test_an_empty_portfolio_is_laid_out_too(tmp_path):
    path = tmp_path / "empty.json"
    create_store(path, Settings())
    assert path.read_bytes().count(b"\n") == 2
    assert layout.read_tables(path.read_bytes()).projects == {}
    assert open_store(path).load().projects == {}


def test_a_file_written_by_tinydb_itself_opens_and_is_laid_out_at_the_next_save(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    raw = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps(raw, indent=4), encoding="utf-8")  # another layout entirely
    service = PortfolioService(open_store(path), "bo", lambda: DAY)
    assert sorted(service.portfolio().projects) == ["P-001", "P-002", "P-003"]
    service.record_progress("P-002", Decimal(40), DAY)
    assert path.read_bytes().count(b"\n") == 5  # header, three projects, closing line
    assert open_store(path).load().projects["P-002"].progress[-1].percent == 40


def test_only_a_bounded_first_line_is_read_to_see_whether_the_file_changed(tmp_path, monkeypatch):
    path, service = _portfolio_file(tmp_path)
    storage = service.store.file
    assert storage.read_head()["settings"]["1"]["generation"] == 3
    path.write_text(json.dumps(json.loads(path.read_text("utf-8"))), encoding="utf-8")  # one line, as TinyDB writes
    assert storage.read_head() is None  # not laid out: the caller reads the whole file instead
    path.write_bytes(layout.encode_raw(json.loads(path.read_text("utf-8"))))
    monkeypatch.setattr(type(storage), "HEAD_LIMIT", 100)  # a first line longer than the limit is not a header
    assert storage.read_head() is None
    assert sorted(open_store(path).load().projects) == ["P-001", "P-002", "P-003"]


def test_a_change_to_one_project_rewrites_its_line_alone(tmp_path):
    path, _ = _portfolio_file(tmp_path, count=5)
    before = path.read_bytes().split(b"\n")
    service = PortfolioService(open_store(path), "bo", lambda: DAY)
    service.record_progress("P-004", Decimal(30), DAY)
    after = path.read_bytes().split(b"\n")
    assert [i for i, (old, new) in enumerate(zip(before, after, strict=True)) if old != new] == [0, 4]  # header, P-004
    assert service.next_code() == "P-006"


def test_a_line_that_is_not_json_is_refused_even_when_another_project_is_changed(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    damaged = path.read_bytes().replace(b'"name":"Clinic 3"', b'"name":"Clinic 3",,', 1)
    path.write_bytes(damaged)
    service = PortfolioService(open_store(path), "bo", lambda: DAY)
    with pytest.raises(StoreError, match="not valid JSON"):
        service.record_progress("P-001", Decimal(10), DAY)
    assert path.read_bytes() == damaged


def test_a_bad_value_in_another_project_is_kept_as_it_was_and_named_where_it_is_read(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    path.write_bytes(path.read_bytes().replace(b'"due":"2026-11-23"', b'"due":"never"', 3))  # in each project …
    path.write_bytes(path.read_bytes().replace(b'"due":"never"', b'"due":"2026-11-23"', 2))  # … then only P-003
    service = PortfolioService(open_store(path), "bo", lambda: DAY)
    service.record_progress("P-001", Decimal(10), DAY)  # P-003's line is carried over as it was
    assert b'"due":"never"' in path.read_bytes().split(b"\n")[3]
    with pytest.raises(StoreError, match="P-003.*never"):
        open_store(path).load()  # reports, the UI and check say where the damage is
    with pytest.raises(StoreError, match="P-003.*never"):
        service.record_progress("P-003", Decimal(10), DAY)  # the damaged project itself is never saved over


def test_two_projects_joined_on_one_line_by_hand_still_open(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    path.write_bytes(path.read_bytes().replace(b',\n"3":', b',"3":'))
    assert sorted(open_store(path).load().projects) == ["P-001", "P-002", "P-003"]


def test_a_line_cut_short_is_refused_and_left_untouched(tmp_path):
    path, _ = _portfolio_file(tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2][:40]
    path.write_bytes(b"\n".join(lines))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not valid JSON"):
        open_store(path).load()
    assert path.read_bytes() == before


def test_a_change_is_noticed_even_when_the_file_looks_the_same_to_stat(tmp_path, monkeypatch):
    path, service = _portfolio_file(tmp_path)
    other = PortfolioService(open_store(path), "bo", lambda: DAY)
    monkeypatch.setattr(type(service.store.file), "stamp", lambda self: ("same",))
    service.portfolio()  # remembers the file under the constant stamp
    other.record_progress("P-001", Decimal(10), DAY)
    assert service.portfolio().projects["P-001"].progress[-1].percent == 10  # the first line's generation differs


def test_a_save_writes_every_byte_even_when_the_kernel_takes_a_few_at_a_time(tmp_path, monkeypatch):
    path, service = _portfolio_file(tmp_path)
    real = os.writev
    monkeypatch.setattr(os, "writev", lambda fd, pieces: real(fd, [bytes(memoryview(pieces[0])[:7])]))
    service.record_progress("P-003", Decimal(55), DAY)
    monkeypatch.undo()
    assert open_store(path).load().projects["P-003"].progress[-1].percent == 55
    assert layout.read_tables(path.read_bytes()) is not None


def test_the_memory_store_keeps_the_same_bytes_as_a_file():
    store = memory_store(Settings())
    PortfolioService(store, "ana", lambda: DAY).add_project(Project(code="P-001", name="Clinic"))
    data = store.file.read_bytes()
    assert data.count(b"\n") == 3 and b'\n"1":{"code":"P-001"' in data


def test_a_save_works_where_the_system_has_no_writev(tmp_path, monkeypatch):
    """Windows has no os.writev: the pieces are written one after another, and the file is the same."""
    path, service = _portfolio_file(tmp_path)
    monkeypatch.delattr(os, "writev")
    service.record_progress("P-003", Decimal(55), DAY)
    monkeypatch.undo()
    assert open_store(path).load().projects["P-003"].progress[-1].percent == 55
    assert layout.read_tables(path.read_bytes()) is not None
