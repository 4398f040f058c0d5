"""Figures pasted from a work report, applied to a project in one commit (``project parse`` and the forms' paste box).

The text is read by ``domain.sentences``; here what it understood becomes the project's fields, funding lines'
planned amounts, work packages, an overall percent reported today (kept beside the packages, never replaced
by their mean) and the reported stage. ``pasted`` returns the project as it would be, so a person sees every
change, old and new side by side, before ``apply_pasted`` saves it.
"""

from __future__ import annotations

from decimal import Decimal

from buildtrack.domain.diff import diff_projects
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.logwords import field_words
from buildtrack.domain.model import FundingLine, Project, Settings, WorkPackage, replace
from buildtrack.domain.money import MoneyUnit, format_money_with_unit
from buildtrack.domain.sentences import Understood, understand
from buildtrack.domain.stages import with_stage_reached
from buildtrack.i18n import _
from buildtrack.service.core import replace_at
from buildtrack.service.schedule import ScheduleChanges

_HIDDEN = ("id", "source", "name", "weight", "on", "note")  # parts of a new item its label already says (or noise)
FIELDS = ("total_investment", "planned_start", "planned_finish", "floor_area_m2", "beds", "floors")
REPORT_NOTE = "work report"


class PasteChanges(ScheduleChanges):
    def read_report(self, text: str) -> Understood:
        """What ``text`` says (see ``domain.sentences``); refused in one line when it names no figure at all."""
        understood = understand(text, self.settings(), self.today())
        if not understood.found_anything():
            raise InvalidInput(_("found no figures in the text (总投资…, 专项债券…万元, 床位…张, 安装完成35%)"))
        return understood

    def pasted(self, project: Project, understood: Understood) -> Project:
        """``project`` with everything ``understood`` says applied (not saved)."""
        fields = {name: getattr(understood, name) for name in FIELDS if getattr(understood, name) is not None}
        project = replace(project, **fields)
        for source, planned in understood.funding:
            project = self._with_planned(project, source, planned)
        if understood.packages:
            project = self._with_package_progress(self._with_packages(project, understood.packages))
        if understood.percent is not None:
            project = self._with_progress(project, self.today(), understood.percent, REPORT_NOTE)
        if understood.stage:
            project = replace(project, reported_stage=understood.stage, reported_stage_on=self.today())
            project = with_stage_reached(project, understood.stage, self.today())
        return project

    def apply_pasted(self, typed: str, understood: Understood, seen: int | None = None) -> Project:
        """Save what ``understood`` says on the project named ``typed`` (refused if it moved on from ``seen``)."""
        return self._change(typed, "paste work report", lambda project: self.pasted(project, understood), seen=seen)

    def _with_planned(self, project: Project, source: str, planned: int) -> Project:
        index = next((i for i, line in enumerate(project.funding) if line.source == source), None)
        if index is None:
            line = FundingLine(id=self._id("f", (x.id for x in project.funding)), source=source, planned=planned)
            return replace(project, funding=project.funding + (line,))
        return replace(
            project, funding=replace_at(project.funding, index, replace(project.funding[index], planned=planned))
        )

    def _with_packages(self, project: Project, packages: tuple[tuple[str, Decimal], ...]) -> Project:
        current = list(project.work_packages)
        for name, percent in packages:
            index = next((i for i, package in enumerate(current) if package.name == name), None)
            if index is None:
                current.append(WorkPackage(id=self._id("w", (p.id for p in current)), name=name, percent=percent))
            else:
                current[index] = replace(current[index], percent=percent)
        return replace(project, work_packages=tuple(current))


def change_lines(before: Project, after: Project, settings: Settings) -> list[str]:
    """Each change from ``before`` to ``after`` as "label: old → new", money in the settings' unit and funding
    lines by their source's name: what a person confirms."""
    unit, lines = settings.display_unit, []
    sources = {source.key: source.display_name() for source in settings.sources}
    for change in diff_projects(before, after):
        leaf = change.field.rsplit(".", 1)[-1]
        if leaf in _HIDDEN and not change.old:
            continue
        old, new = (_in_unit(leaf, value, unit) for value in (change.old, change.new))
        lines.append(f"{field_words(change.field, sources)}: {old + ' → ' if old else ''}{new}")
    return lines


def _in_unit(leaf: str, shown: str, unit: MoneyUnit) -> str:
    """The log's yuan figure (1,000,000.00) in the screen's unit (100.00 万元)."""
    if leaf not in ("total_investment", "planned") or not shown:
        return shown
    return format_money_with_unit(int(Decimal(shown.replace(",", "")) * 100), unit)


def unsaved_lines(understood: Understood, unit: MoneyUnit) -> list[str]:
    """What the text says that a paste does not save, and sums that disagree: shown beside the changes."""
    lines = [
        _("not saved: {name} {amount} is not a source in the catalogue (add it with 'source add')").format(
            name=name, amount=format_money_with_unit(amount, unit)
        )
        for name, amount in understood.unknown_sources
    ]
    for word, amount in ((_("received"), understood.received), (_("paid"), understood.paid)):
        if amount is not None:
            lines.append(
                _("not saved here: {what} {amount} is recorded per source as dated money (the funding form)").format(
                    what=word, amount=format_money_with_unit(amount, unit)
                )
            )
    lines += understood.disagreements(unit)
    return lines + [_("left: {text}").format(text=text) for text in understood.left]
