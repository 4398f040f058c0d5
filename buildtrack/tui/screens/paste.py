"""Reading a sentence from a work report into the project screen: the funding form's paste box (one source's
planned amount, 到位 and 支付 into the fields) and ``P``, the whole report read into the project.

A mixin of ``ProjectScreen``, like ``InstrumentActions``: it uses the screen's form and save helpers, and saves
against the revision on screen.
"""

from __future__ import annotations

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.money import editable_money
from buildtrack.domain.sentences import Understood
from buildtrack.i18n import _
from buildtrack.service.paste import change_lines, unsaved_lines
from buildtrack.tui.screens.project_base import ProjectBase
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec


class PasteActions(ProjectBase):
    def funding_paste(self, text: str) -> tuple[dict[str, str], list[str]]:
        """The funding form's paste box: one source's planned amount, and 到位/支付 totals, into the fields."""
        understood = self.service.read_report(text)
        if len(understood.funding) > 1:
            raise InvalidInput(
                _("the text names {count} sources and a funding line takes one: paste it with P on the project").format(
                    count=len(understood.funding)
                )
            )
        fills = {
            name: editable_money(v)
            for name, v in (("received", understood.received), ("paid", understood.paid))
            if v is not None
        }
        if understood.funding:
            fills |= {"source": understood.funding[0][0], "planned": editable_money(understood.funding[0][1])}
        if not fills:
            raise InvalidInput(_("the text names no source, 到位 or 支付 amount for a funding line"))
        return fills, [_("left: {text}").format(text=text) for text in understood.left]

    def action_paste_report(self) -> None:
        """A sentence from a work report read into this project: every change shown (old → new) while it is typed,
        saved only on Save, against the revision on screen."""
        project = self.project
        unit = self.app.workspace.portfolio.settings.display_unit

        def preview(understood: Understood) -> str:
            after = self.service.pasted(project, understood)
            return "\n".join(
                change_lines(project, after, self.app.workspace.portfolio.settings) + unsaved_lines(understood, unit)
            )

        field = FormField(
            "text", _("Text"), "", self.service.read_report, _("总投资1.2亿元，其中专项债券8500万元…"), preview=preview
        )
        spec = FormSpec(_("Paste from a work report"), (field,))

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.apply_pasted(self.code, values["text"], seen=self.seen),
                _("Saved what the report says"),
                form,
            )

        self._form(spec, save)
