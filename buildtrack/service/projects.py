"""Projects as a whole: add, edit, remove, import; the settings; the interchange format; ``check``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.funding import money_findings
from buildtrack.domain.model import Project, Settings, replace
from buildtrack.domain.validate import project_problems, settings_problems
from buildtrack.i18n import _
from buildtrack.service.core import ServiceCore, check_expected, ordered
from buildtrack.storage.base import Commit
from buildtrack.storage.interchange import export_document, parse_document


@dataclass(frozen=True)
class Check:
    """What ``check`` found: one line per problem, and what the portfolio holds."""

    problems: list[str]
    projects: int
    milestones: int
    changes: int
    explained: list[str]  # exceptions accepted with a reason (a correction, paid above received): listed, not failed


class ProjectChanges(ServiceCore):
    def next_code(self, prefix: str = "P") -> str:
        """The next free code like P-022 (one above the highest number in use with that prefix)."""
        numbers = [int(code.rpartition("-")[2]) for code in self.store.codes() if code.startswith(f"{prefix}-")]
        return f"{prefix}-{max(numbers, default=0) + 1:03d}"

    def add_project(self, project: Project, with_chain: bool = False) -> Project:
        """Save a new project (revision 0), optionally with the standard milestone chain."""
        if self.store.project(project.code) is not None:
            raise InvalidInput(_("project {code} already exists").format(code=project.code))
        new = ordered(self.with_chain(project) if with_chain else project)  # type: ignore[attr-defined]
        self._check(new, self.store.settings())
        self._commit(Commit(puts=(new,), records=(self._record("add project", None, new),)))
        return replace(new, revision=1)

    def update_project(
        self, typed: str, expected: dict[str, object] | None = None, seen: int | None = None, **fields: object
    ) -> Project:
        """Change plain project fields (name, dates, total investment …); the code cannot change.

        ``expected`` holds the values the person saw: if someone else changed one of those fields
        meanwhile, the change is refused with both values named, so neither side's edit is lost.
        """
        if "code" in fields:
            raise InvalidInput(_("a project's code cannot change: it is how everything refers to it"))

        def mutate(project: Project) -> Project:
            check_expected(project, expected or {}, project)
            return replace(project, **fields)

        return self._change(typed, "edit project", mutate, seen=seen)

    def remove_project(self, typed: str, seen: int | None = None) -> Project:
        project = self.project(typed)
        self._refuse_if_moved_on(project, seen)
        self._commit(Commit(deletes=(project,), records=(self._record("remove project", project, None),)))
        return project

    def update_settings(self, settings: Settings) -> None:
        problems = settings_problems(settings)
        if problems:
            raise InvalidInput(problems[0])
        extra = {"session": self.session} if self.session else {}
        record = ChangeRecord(at=self.clock(), user=self.user, project="", action="edit settings", extra=extra)
        self._commit(Commit(settings=settings, records=(record,)))

    def import_projects(self, projects: Iterable[Project], settings: Settings | None) -> tuple[int, int]:
        """Create new projects and update existing ones by code, all in one commit; (created, updated)."""
        current = self.portfolio()
        rules = settings or current.settings
        puts, records, created = [], [], 0
        for project in projects:
            old = current.projects.get(project.code)
            new = ordered(replace(project, revision=old.revision if old else 0))
            self._check(new, rules)
            if old is not None and new == old:
                continue
            created += old is None
            puts.append(new)
            records.append(self._record("import", old, new))
        self._commit(Commit(puts=tuple(puts), settings=settings, records=tuple(records)))
        return created, len(puts) - created

    def check(self) -> Check:
        """Everything wrong with the stored data: damaged records, broken rules, unreadable log lines."""
        portfolio, problems = self.store.inspect()
        problems = problems + settings_problems(portfolio.settings)
        explained = []
        for project in portfolio.sorted_projects():
            problems += project_problems(project, portfolio.settings)
            for finding in money_findings(project):
                if finding.reason:
                    explained.append(_("{text} (reason: {reason})").format(text=finding.text, reason=finding.reason))
                else:
                    problems.append(finding.text)
        records = self.changes()
        problems += [
            _("change log line {number} cannot be read").format(number=number)
            for number in self.store.unreadable_log_lines()
        ]
        milestones = sum(len(project.milestones) for project in portfolio.projects.values())
        return Check(problems, len(portfolio.projects), milestones, len(records), explained)

    def export_interchange(self) -> bytes:
        """The whole portfolio in the documented JSON interchange format."""
        return export_document(self.portfolio())

    def read_interchange(self, data: bytes, take_settings: bool = False) -> tuple[Settings, list[Project]]:
        """Settings and projects from an export, every problem listed (``DecodeError``); nothing is saved."""
        return parse_document(data, self.portfolio(), self.today(), take_settings)
