"""The service validates, saves and logs each change, and undoes the user's last one."""

import datetime as dt
from decimal import Decimal

import pytest
from conftest import TODAY, make_project

from buildtrack.domain.errors import ConflictError, InvalidInput, NeedsConfirmation, NotFound
from buildtrack.domain.model import MoneyKind, replace
from buildtrack.service import PortfolioService

WAN = 1_000_000


def test_add_project_with_the_standard_chain_spread_between_start_and_finish(service):
    saved = service.add_project(make_project(), with_chain=True)
    assert len(saved.milestones) == 14
    assert saved.milestones[0].due == dt.date(2024, 1, 1)
    assert saved.milestones[-1].due == dt.date(2025, 12, 31)
    assert [m.stage for m in saved.milestones][:3] == ["proposal", "approval", "land"]


def test_rules_are_checked_before_saving(service):
    with pytest.raises(InvalidInput, match="planned_finish: 2023-01-01 is before planned_start"):
        service.add_project(make_project(planned_finish=dt.date(2023, 1, 1)))
    with pytest.raises(InvalidInput, match="source 'lottery' is not in the catalogue"):
        service.add_project(make_project())
        service.set_line("P-001", "lottery", planned=5)
    assert service.project("P-001").funding == ()


def test_funding_lines_are_created_then_updated(service):
    service.add_project(make_project())
    service.set_line("P-001", "special-bond", planned=8500 * WAN)
    saved = service.record_money("P-001", "special-bond", MoneyKind.RECEIVED, 3000 * WAN, doc_no="川财建〔2024〕12号")
    assert [(line.source, line.planned, line.received) for line in saved.funding] == [
        ("special-bond", 8500 * WAN, 3000 * WAN)
    ]
    entry = saved.funding[0].entries[0]
    assert (entry.on, entry.doc_no) == (TODAY, "川财建〔2024〕12号")
    with pytest.raises(NotFound, match="no funding line from 'grant-aid'"):
        service.remove_funding("P-001", "grant-aid")


def test_milestone_done_defaults_to_today_and_undo_reopens_it(service):
    service.add_project(make_project())
    service.add_milestone("P-001", "Land", dt.date(2024, 5, 1), stage="land")
    assert service.mark_done("P-001", "land").milestones[0].done_on == TODAY
    assert service.undo_done("P-001", "1").milestones[0].done_on is None
    with pytest.raises(InvalidInput, match="not marked done"):
        service.undo_done("P-001", "1")


def test_reschedule_keeps_the_baseline_needs_a_reason_and_logs_it(service, store):
    service.add_project(make_project())
    service.add_milestone("P-001", "Land", dt.date(2024, 5, 1))
    with pytest.raises(InvalidInput, match="a reason is required"):
        service.reschedule("P-001", "1", dt.date(2024, 7, 1), "  ")
    moved = service.reschedule("P-001", "1", dt.date(2024, 7, 1), "land acquisition delayed")
    assert (moved.milestones[0].due, moved.milestones[0].baseline_due) == (dt.date(2024, 7, 1), dt.date(2024, 5, 1))
    last = store.changes()[-1]
    assert (last.action, last.reason, last.user) == ("milestone moved", "land acquisition delayed", "alice")
    assert [(c.field, c.old, c.new) for c in last.changes] == [("milestones[Land].due", "2024-05-01", "2024-07-01")]


def test_milestones_stay_in_baseline_order_so_numbers_survive_a_reschedule(service):
    service.add_project(make_project())
    service.add_milestone("P-001", "Design", dt.date(2024, 6, 1))
    service.add_milestone("P-001", "Land", dt.date(2024, 3, 1))
    moved = service.reschedule("P-001", "1", dt.date(2024, 9, 1), "late")
    assert [m.name for m in moved.milestones] == ["Land", "Design"]


def test_progress_replaces_an_entry_of_the_same_date(service):
    service.add_project(make_project())
    service.record_progress("P-001", Decimal(20), dt.date(2024, 3, 1))
    with pytest.raises(NeedsConfirmation, match="already has a report on 2024-03-01: 20%; replace it with 25%"):
        service.record_progress("P-001", Decimal(25), dt.date(2024, 3, 1), "corrected")
    saved = service.record_progress("P-001", Decimal(25), dt.date(2024, 3, 1), "corrected", replace_entry=True)
    assert [(e.percent, e.note) for e in saved.progress] == [(Decimal(25), "corrected")]


def test_work_packages_record_the_weighted_percent_as_todays_progress(service):
    service.add_project(make_project())
    service.set_work_package("P-001", "MEP installation", weight=Decimal(3), percent=Decimal(40))
    saved = service.set_work_package("P-001", "Fit-out", percent=Decimal(0))
    assert saved.progress[-1].on == TODAY
    assert saved.progress[-1].percent == Decimal(30)
    assert service.remove_work_package("P-001", "Fit-out").progress[-1].percent == Decimal(40)


def test_a_change_that_changes_nothing_is_refused(service):
    service.add_project(make_project())
    with pytest.raises(InvalidInput, match="nothing to change"):
        service.update_project("P-001", name=make_project().name)


def test_two_users_editing_the_same_project_conflict_instead_of_overwriting(service, store):
    service.add_project(make_project())
    bob = PortfolioService(store, "bob", lambda: TODAY)
    stale = service.project("P-001")
    bob.update_project("P-001", leader="Bob")
    with pytest.raises(ConflictError):
        store.commit(
            __import__("buildtrack.storage.base", fromlist=["Commit"]).Commit(puts=(replace(stale, leader="Alice"),))
        )
    assert service.project("P-001").leader == "Bob"


def test_undo_reverts_the_users_last_change_then_the_one_before(service):
    service.add_project(make_project())
    service.update_project("P-001", leader="王伟")
    service.update_project("P-001", location="仁里镇")
    service.undo_last()
    assert (service.project("P-001").leader, service.project("P-001").location) == ("王伟", "")
    service.undo_last()
    assert service.project("P-001").leader == ""
    service.undo_last()
    with pytest.raises(NotFound):
        service.project("P-001")


def test_undo_refuses_when_someone_changed_the_project_since(service, store):
    service.add_project(make_project())
    service.update_project("P-001", leader="王伟")
    PortfolioService(store, "bob", lambda: TODAY).update_project("P-001", location="城区")
    with pytest.raises(ConflictError, match="changed again"):
        service.undo_last()


def test_redo_puts_back_what_undo_took_and_a_new_change_ends_the_redo(service):
    service.add_project(make_project())
    service.update_project("P-001", leader="王伟")
    service.undo_last()
    assert service.project("P-001").leader == ""
    service.redo_last()
    assert service.project("P-001").leader == "王伟"
    service.undo_last()  # the redone change can be undone again
    assert service.project("P-001").leader == ""
    service.update_project("P-001", location="城区")
    with pytest.raises(NotFound, match="redo"):
        service.redo_last()


def test_a_window_undoes_its_own_changes_first(store):
    """The UI passes its session: a change the same person made from the command line is not its to undo."""
    window = PortfolioService(store, "ana", lambda: TODAY, session="window-1")
    command_line = PortfolioService(store, "ana", lambda: TODAY)
    window.add_project(make_project())
    window.update_project("P-001", leader="王伟")
    command_line.update_project("P-001", location="城区")
    step = window.undoable(session="window-1")
    assert step is None or step.records[0].action == "edit project"
    assert [c.field for c in step.records[0].changes] == ["leader"]
    assert [c.field for c in window.undoable().records[0].changes] == ["location"]
    with pytest.raises(ConflictError, match="changed again"):
        window.apply_step(step)  # the command line's change stands on top of it
    window.apply_step(window.undoable())
    window.apply_step(window.undoable(session="window-1"))
    assert (window.project("P-001").leader, window.project("P-001").location) == ("", "")


def test_undo_restores_a_removed_project(service):
    service.add_project(make_project())
    service.remove_project("P-001")
    service.undo_last()
    assert service.project("P-001").name == make_project().name


def test_next_code_is_one_above_the_highest(service):
    assert service.next_code() == "P-001"
    service.add_project(make_project("P-009"))
    assert service.next_code() == "P-010"
