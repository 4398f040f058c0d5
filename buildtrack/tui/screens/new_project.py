"""The new-project form: every field validated by the shared field parsers, optionally with the standard chain."""

from __future__ import annotations

from buildtrack.domain.fields import PROJECT_FIELDS, parse_field
from buildtrack.domain.model import Project
from buildtrack.i18n import _
from buildtrack.tui.messages import Edit
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec

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


def new_project(app) -> None:
    """Ask for the fields, then add the project through the service and open it."""
    service = app.workspace.service
    defaults = {"code": service.next_code(), "facility_type": "other", "kind": "new-build"}
    fields = tuple(
        FormField(
            spec.name,
            spec.label,
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
    spec = FormSpec(_("New project"), fields, submit=_("Create"))

    def create(values: dict, form: FormDialog) -> None:
        chain = values.pop("chain")
        values = {key: value for key, value in values.items() if value is not None}
        project = Project(**values)
        app.post_message(
            Edit(
                lambda _confirmed: service.add_project(project, with_chain=chain),
                _("Created {code} {name}").format(code=project.code, name=project.display_name()),
                form,
                then=lambda: app.open_project(project.code),
            )
        )

    app.push_screen(FormDialog(spec, create))
