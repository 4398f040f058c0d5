"""What every change shares: reading through the one door, committing with the revision seen, the log record.

Each change re-reads the project, applies one edit, checks the rules, and commits it with the revision
it read, so a concurrent change by someone else is refused instead of overwritten. A caller that showed
the project to a person passes the revision that person saw (``seen``): if the project moved on since,
the change is refused and the message says what changed, by whom and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import FieldChange, diff_projects, show_value
from buildtrack.domain.errors import ConflictError, InvalidInput
from buildtrack.domain.logwords import action_words, field_words
from buildtrack.domain.lookup import find_project
from buildtrack.domain.model import Portfolio, Project, Settings, replace
from buildtrack.domain.validate import project_problems
from buildtrack.i18n import _
from buildtrack.ids import random_id
from buildtrack.reports.periodic import Period
from buildtrack.storage.base import Commit, Store


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


class ServiceCore:
    """Validated, logged changes to one portfolio on behalf of one user (see ``PortfolioService``)."""

    def __init__(
        self,
        store: Store,
        user: str,
        today: Callable[[], dt.date],
        clock: Callable[[], dt.datetime] = local_now,
        new_id: Callable[[str], str] = random_id,
        session: str = "",
    ):
        self.store = store
        self.user = user
        self.today = today
        self.clock = clock
        self.new_id = new_id
        self.session = session  # marks this program's changes in the log (the UI undoes its own)
        self.touched: tuple[str, ...] = ()  # the codes the last commit saved or removed
        self.touched_settings = False

    # reading: the one door to the present and the past -----------------------------------------
    def portfolio(self) -> Portfolio:
        return self.store.load()

    def portfolio_as_of(self, day: dt.date) -> Portfolio:
        """The portfolio as it stood at the end of ``day``: the one way anything gets a past portfolio."""
        return self.store.portfolio_as_of(day) if day < self.today() else self.store.load()

    def settings(self) -> Settings:
        """The portfolio's settings: language, approval checklist, light rules."""
        return self.store.settings()

    def changes(self) -> list[ChangeRecord]:
        """The change log, oldest first."""
        return self.store.changes()

    def period(self, start: dt.date, end: dt.date) -> Period:
        """The portfolio at the end of the day before ``start`` and at the end of ``end``, and what was logged between."""
        logged = [record for record in self.changes() if record.project and start <= record.at.date() <= end]
        logged.sort(key=lambda record: (record.at, record.generation))
        eve = start - dt.timedelta(days=1)
        return Period(start, end, self.portfolio_as_of(eve), self.portfolio_as_of(end), tuple(logged))

    def project(self, typed: str) -> Project:
        """A project by code or unambiguous name prefix (``NotFound`` with a suggestion otherwise)."""
        exact = self.store.project(typed.strip().upper())
        return exact if exact is not None else find_project(self.portfolio().sorted_projects(), typed)

    def stored(self, code: str) -> Project | None:
        """The project of exactly ``code`` as saved, or None when there is none (nothing guessed)."""
        return self.store.project(code)

    def fingerprint(self) -> tuple[int, ...]:
        """A cheap token that changes whenever someone may have saved (the UI polls it)."""
        return self.store.fingerprint()

    def listen(self, heard: Callable[[int], None]) -> Callable[[], None] | None:
        """Be told of every commit by anyone as it happens (a server store); None: ask ``fingerprint`` instead."""
        return self.store.listen(heard)

    def generation(self) -> int:
        """The store's commit number: greater after anyone's save."""
        return self.store.generation()

    @property
    def where(self) -> str:
        return self.store.where

    def tidy(self) -> None:
        """Housekeeping after saves, when nobody waits for it (compressing older backups)."""
        self.store.tidy_backups()

    # committing ------------------------------------------------------------------------------
    def _record(
        self, action: str, old: Project | None, new: Project | None, reason: str = "", **extra: Any
    ) -> ChangeRecord:
        if self.session:
            extra["session"] = self.session
        code = (new or old).code  # type: ignore[union-attr]
        return ChangeRecord(
            at=self.clock(),
            user=self.user,
            project=code,
            action=action,
            changes=summary(old, new),
            reason=reason,
            extra=extra,
        )

    def _commit(self, commit: Commit) -> None:
        """Save one commit and remember what it touched, so a screen can refresh just that (at 10,000
        projects re-reading everything after each save costs half a second)."""
        self.store.commit(commit)
        self.touched = tuple(project.code for project in (*commit.puts, *commit.deletes))
        self.touched_settings = commit.settings is not None

    def _check(self, project: Project, settings: Settings) -> None:
        problems = project_problems(project, settings)
        if problems:
            raise InvalidInput(problems[0])

    def _change(
        self, typed: str, action: str, mutate: Callable[[Project], Project], reason: str = "", seen: int | None = None
    ) -> Project:
        """Apply ``mutate`` to the project named ``typed`` and commit it; returns the saved project.

        ``seen`` is the revision the person was shown: the change is refused if the project has moved on.
        """
        old = self.project(typed)
        self._refuse_if_moved_on(old, seen)
        new = ordered(mutate(old))
        if new == old:
            raise InvalidInput(
                _("{code}: nothing to change ({action} leaves it as it is)").format(code=old.code, action=action)
            )
        self._check(new, self.store.settings())
        self._commit(Commit(puts=(new,), records=(self._record(action, old, new, reason),)))
        return replace(new, revision=new.revision + 1)

    def _refuse_if_moved_on(self, project: Project, seen: int | None) -> None:
        if seen is None or project.revision == seen:
            return
        raise ConflictError(
            _("{code} was changed since you saw it ({describe_since}); nothing was saved").format(
                code=project.code, describe_since=self.describe_since(project.code, seen)
            )
        )

    def describe_since(self, code: str, revision: int, now: dt.datetime | None = None) -> str:
        """What changed in a project after ``revision``, by whom and when: "进度 8% → 40%，李四，2 分钟前"."""
        later = [record for record in self.changes() if record.project == code and record.revision > revision]
        if not later:
            return _("it was removed or replaced")
        now = now or self.clock()
        parts = [describe_record(record, now) for record in later[-3:]]
        more = _(" and {count} earlier changes").format(count=len(later) - 3) if len(later) > 3 else ""
        return " · ".join(parts) + more

    def _id(self, prefix: str, taken: Iterable[str]) -> str:
        used = set(taken)
        while (candidate := self.new_id(prefix)) in used:
            pass
        return candidate

    def _not_future(self, day: dt.date, what: str) -> dt.date:
        if day > self.today():
            raise InvalidInput(
                _("{what} {day} is in the future (today is {today})").format(
                    what=what, day=day.isoformat(), today=self.today().isoformat()
                )
            )
        return day


def describe_record(record: ChangeRecord, now: dt.datetime) -> str:
    """One logged change in a line: its first fields old → new (or its action), who, how long ago."""
    fields = "; ".join(
        f"{field_words(c.field)} {c.old or '—'} → {c.new or '—'}" for c in record.changes[:2]
    ) or action_words(record.action)
    return _("{what}, by {user}, {when}").format(what=fields, user=record.user, when=_ago(now, record.at))


def _ago(now: dt.datetime, then: dt.datetime) -> str:
    seconds = max(int((now - then).total_seconds()), 0) if now.tzinfo and then.tzinfo else 0
    if seconds < 90:
        return _("just now")
    if seconds < 5400:
        return _("{minutes} min ago").format(minutes=seconds // 60)
    if seconds < 129600:
        return _("{hours} h ago").format(hours=seconds // 3600)
    return then.strftime("%Y-%m-%d %H:%M")


def ordered(project: Project) -> Project:
    """Milestones in baseline order (numbers stay put when one is rescheduled), dated entries by date."""
    return replace(
        project,
        milestones=tuple(sorted(project.milestones, key=lambda m: m.baseline_due)),
        progress=tuple(sorted(project.progress, key=lambda entry: entry.on)),
        completions=tuple(sorted(project.completions, key=lambda entry: entry.month)),
        annual_plans=tuple(sorted(project.annual_plans, key=lambda plan: plan.year)),
    )


def summary(old: Project | None, new: Project | None) -> tuple[FieldChange, ...]:
    """Field changes for an edit; one line naming the project when it is created or removed."""
    if old is None and new is not None:
        return (FieldChange("project", "", f"{new.code} {new.names()}"),)
    if new is None and old is not None:
        return (FieldChange("project", f"{old.code} {old.names()}", ""),)
    return tuple(diff_projects(old, new))


def replace_at(items: tuple[Any, ...], index: int, item: object) -> tuple[Any, ...]:
    return items[:index] + (item,) + items[index + 1 :]


def check_expected(project: Project, expected: dict[str, object], holder: object) -> None:
    """Refuse when a field the person was editing was changed by someone else since they saw it."""
    for name, seen in expected.items():
        now = getattr(holder, name)
        if now != seen:
            raise ConflictError(
                _(
                    "{code}: {name} was changed by someone else to {value} while you edited it (you saw "
                    "{value2}); your value was not saved"
                ).format(
                    code=project.code,
                    name=name,
                    value=show_value(name, now) or "empty",
                    value2=show_value(name, seen) or "empty",
                )
            )
