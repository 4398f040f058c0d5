"""Funding lines and the dated money received (到位) and paid (支付) on them.

Money is never overwritten: each tranche is an entry with its date and document number, and a correction
is an entry too (a negative amount with its reason). An entry that would take paid above received,
received above planned, or lower a total, is saved only with a reason the person gives (the UI asks and
names both amounts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.errors import InvalidInput, NeedsConfirmation, NotFound
from buildtrack.domain.model import FundingLine, MoneyEntry, MoneyKind, Project, replace
from buildtrack.domain.money import MoneyUnit, format_money_with_unit
from buildtrack.i18n import N_, _
from buildtrack.service.core import ServiceCore, check_expected, replace_at

_KIND_WORDS = {MoneyKind.RECEIVED: N_("received"), MoneyKind.PAID: N_("paid")}  # log actions keep them in English


@dataclass(frozen=True)
class Tranche:
    """What a money entry says besides its amount: the day, the document number (文号), a note, and the
    reason when it lowers a total or passes a limit."""

    on: dt.date
    doc_no: str = ""
    note: str = ""
    reason: str = ""


class FundingChanges(ServiceCore):
    def remove_funding(self, typed: str, source: str, seen: int | None = None) -> Project:
        """Remove a funding line that has no money entries (their history is never thrown away)."""

        def mutate(project: Project) -> Project:
            index = _line_index(project, source)
            if index is None:
                raise NotFound(_("{code} has no funding line from {source!r}").format(code=project.code, source=source))
            if project.funding[index].entries:
                raise InvalidInput(
                    _(
                        "{code}: the {source} line has money entries; reverse them instead of removing the line, "
                        "so the history stays"
                    ).format(code=project.code, source=source)
                )
            return replace(project, funding=project.funding[:index] + project.funding[index + 1 :])

        return self._change(typed, f"remove funding {source}", mutate, seen=seen)

    def record_money(
        self,
        typed: str,
        source: str,
        kind: MoneyKind,
        amount: int,
        on: dt.date | None = None,
        doc_no: str = "",
        note: str = "",
        reason: str = "",
        seen: int | None = None,
    ) -> Project:
        """Add one dated entry of money received or paid on the line of ``source`` (created if missing)."""
        if amount == 0:
            raise InvalidInput(_("an amount of zero moves no money"))
        tranche = Tranche(on or self.today(), doc_no, note, reason)
        self._not_future(tranche.on, _("the date of the money"))
        return self._change(
            typed,
            f"{_KIND_WORDS[kind]} {source}",
            lambda project: self._with_money(project, source, kind, amount, tranche),
            reason.strip(),
            seen,
        )

    def set_line(
        self,
        typed: str,
        source: str,
        planned: int | None = None,
        totals: dict[MoneyKind, int] | None = None,
        tranche: Tranche | None = None,
        line_note: str | None = None,
        expected: dict[str, object] | None = None,
        seen: int | None = None,
    ) -> Project:
        """Set a line's planned amount and note, and bring its received and paid totals to ``totals`` with one
        dated entry per difference (ledgers, ``funding set`` and the UI's form give totals): one commit, so a
        refusal of any part (a reason missing, a conflict) saves none of it."""
        tranche = tranche or Tranche(self.today())
        self._not_future(tranche.on, _("the date of the money"))
        changes = {key: value for key, value in (("planned", planned), ("note", line_note)) if value is not None}

        def mutate(project: Project) -> Project:
            index = _line_index(project, source)
            if index is None:
                line = replace(FundingLine(id=self._id("f", (x.id for x in project.funding)), source=source), **changes)
                project = replace(project, funding=project.funding + (line,))
            else:
                check_expected(project, expected or {}, project.funding[index])
                line = replace(project.funding[index], **changes)
                project = replace(project, funding=replace_at(project.funding, index, line))
            for kind, total in (totals or {}).items():
                current = line.received if kind is MoneyKind.RECEIVED else line.paid
                if total != current:
                    project = self._with_money(project, source, kind, total - current, tranche)
            return project

        return self._change(typed, f"set funding {source}", mutate, tranche.reason.strip(), seen)

    def _with_money(self, project: Project, source: str, kind: MoneyKind, amount: int, tranche: Tranche) -> Project:
        index = _line_index(project, source)
        funding = project.funding
        if index is None:
            funding += (FundingLine(id=self._id("f", (line.id for line in funding)), source=source),)
            index = len(funding) - 1
        line = funding[index]
        taken = (entry.id for each in funding for entry in each.entries)
        entry = MoneyEntry(
            id=self._id("e", taken),
            kind=kind,
            on=tranche.on,
            amount=amount,
            doc_no=tranche.doc_no.strip(),
            note=tranche.note.strip(),
            reason=tranche.reason.strip(),
        )
        updated = replace(line, entries=line.entries + (entry,))
        _needs_reason(project, line, updated, entry, self.store.settings().display_unit)
        return replace(project, funding=replace_at(funding, index, updated))

    def correct_money(
        self, typed: str, entry_id: str, reason: str, on: dt.date | None = None, seen: int | None = None
    ) -> Project:
        """Reverse one entry with a correcting entry of the opposite amount; the reason is required."""
        if not reason.strip():
            raise InvalidInput(_("a reason is required to correct a money entry"))
        project = self.project(typed)
        for line in project.funding:
            for entry in line.entries:
                if entry.id == entry_id:
                    return self.record_money(
                        project.code,
                        line.source,
                        entry.kind,
                        -entry.amount,
                        on,
                        entry.doc_no,
                        f"reverses {entry.id} of {entry.on.isoformat()}",
                        reason,
                        seen,
                    )
        raise NotFound(_("{code} has no money entry {entry_id!r}").format(code=project.code, entry_id=entry_id))


def _line_index(project: Project, source: str) -> int | None:
    return next((i for i, line in enumerate(project.funding) if line.source == source or line.id == source), None)


def _needs_reason(
    project: Project, before: FundingLine, after: FundingLine, entry: MoneyEntry, unit: MoneyUnit
) -> None:
    """An entry that lowers a total or passes a limit needs the person's reason, naming both amounts in the
    unit the screen shows."""
    if entry.reason:
        return
    word = _(_KIND_WORDS[entry.kind])
    old_total = before.received if entry.kind is MoneyKind.RECEIVED else before.paid
    new_total = after.received if entry.kind is MoneyKind.RECEIVED else after.paid
    where = f"{project.code} {after.source}"
    if entry.amount < 0:
        raise NeedsConfirmation(
            _("{where}: {word} would go down from {amount} to {amount2}; give the reason for the correction").format(
                where=where,
                word=word,
                amount=format_money_with_unit(old_total, unit),
                amount2=format_money_with_unit(new_total, unit),
            )
        )
    if after.paid > after.received:
        raise NeedsConfirmation(
            _("{where}: paid {amount} would exceed received {amount2}; give the reason").format(
                where=where,
                amount=format_money_with_unit(after.paid, unit),
                amount2=format_money_with_unit(after.received, unit),
            )
        )
    if after.received > after.planned:
        raise NeedsConfirmation(
            _("{where}: received {amount} would exceed planned {amount2}; give the reason").format(
                where=where,
                amount=format_money_with_unit(after.received, unit),
                amount2=format_money_with_unit(after.planned, unit),
            )
        )
