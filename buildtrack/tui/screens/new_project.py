"""The new-project form: every field validated by the shared field parsers, optionally with the standard chain."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from buildtrack.domain.dates import format_date
from buildtrack.domain.fields import PROJECT_FIELDS, parse_field
from buildtrack.domain.model import Project
from buildtrack.domain.money import editable_money
from buildtrack.i18n import _
from buildtrack.service.paste import FIELDS, change_lines, unsaved_lines
from buildtrack.tui.messages import Edit
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec, Paste

_HINTS = {
    "total_investment": "8500万, 1.2亿, 3,500,000",
    "planned_start": "2026-03-01",
    "planned_finish": "2027-06-30",
    "kind": _("new-build, expansion, relocation, renovation, equipment, other"),
    "facility_type": _("township health centre, general hospital, …"),
}


def _parser(name: str, today):
    def parse(text: str):
        return parse_field(name, text, today())  # a Chinese name alone is enough: the service checks names

    return parse


def _shown(value: object) -> str:
    """A value read from a pasted sentence as the form's field would hold it typed."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return format_date(value) if isinstance(value, dt.date) else str(value)


def project_paste(service, held: dict) -> Paste:
    """The new-project form's paste box: the project's own figures go into their fields (to check and change
    before Create); funding lines, work packages, percent and stage are kept in ``held`` and saved with it."""

    def paste(text: str) -> tuple[dict[str, str], list[str]]:
        understood = service.read_report(text)
        fills = {name: getattr(understood, name) for name in FIELDS if getattr(understood, name) is not None}
        shown = {name: editable_money(v) if name == "total_investment" else _shown(v) for name, v in fills.items()}
        held["rest"] = dataclasses.replace(understood, **dict.fromkeys(FIELDS))
        blank = Project(code="-")
        unit = service.settings().display_unit
        lines = change_lines(blank, service.pasted(blank, held["rest"]), service.settings()) + unsaved_lines(
            understood, unit
        )
        return shown, lines

    return paste


def new_project(app) -> None:
    """Ask for the fields, then add the project through the service and open it."""
    service = app.workspace.service
    held: dict = {}
    defaults = {"code": service.next_code(), "facility_type": "other", "kind": "new-build"}
    fields = tuple(
        FormField(
            spec.name,
            _(spec.label),
            defaults.get(spec.name, ""),
            _parser(spec.name, service.today),
            _HINTS.get(spec.name, ""),
        )
        for spec in PROJECT_FIELDS
    ) + (
        FormField(
            "chain", _("Add the standard milestone chain (needs planned start and finish)"), "yes", checkbox=True
        ),
    )
    spec = FormSpec(_("New project"), fields, submit=_("Create"), paste=project_paste(service, held))

    def create(values: dict, form: FormDialog) -> None:
        chain = values.pop("chain")
        values = {key: value for key, value in values.items() if value is not None}
        project = Project(**values)
        if "rest" in held:  # what a pasted sentence said beyond the form's fields
            project = service.pasted(project, held["rest"])
        app.post_message(
            Edit(
                lambda _confirmed: service.add_project(project, with_chain=chain),
                _("Created {code} {name}").format(code=project.code, name=project.display_name()),
                form,
                then=lambda: app.open_project(project.code),
            )
        )

    app.push_screen(FormDialog(spec, create))
