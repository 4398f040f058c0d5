"""The words people read for the domain's fixed values: statuses, lights, stages, categories, kinds.

Values are stored by their keys ("on track", "main-structure", "bond"); these are the labels shown for
them, in the current language. A standard milestone keeps its stage, so its name follows the language too.
"""

from __future__ import annotations

from enum import Enum

from buildtrack.i18n import NP_, in_language, pgettext

# with a context, so that one English word can mean two things (the status "completed", a column "Completed")
_STATUS = {
    "not started": NP_("status", "not started"),
    "on track": NP_("status", "on track"),
    "at risk": NP_("status", "at risk"),
    "overdue": NP_("status", "overdue"),
    "completed": NP_("status", "completed"),
}
_LIGHT = {
    "green": NP_("light", "green"),
    "yellow": NP_("light", "yellow"),
    "red": NP_("light", "red"),
}
_STAGE = {
    "proposal": NP_("stage", "Proposal & feasibility"),
    "approval": NP_("stage", "Project approval"),
    "land": NP_("stage", "Land"),
    "design": NP_("stage", "Design"),
    "tendering": NP_("stage", "Tendering"),
    "site-preparation": NP_("stage", "Site preparation"),
    "groundbreaking": NP_("stage", "Groundbreaking"),
    "foundation": NP_("stage", "Foundation"),
    "main-structure": NP_("stage", "Main structure / topping out"),
    "secondary-structure": NP_("stage", "Secondary structure"),
    "installation": NP_("stage", "MEP installation"),
    "fit-out": NP_("stage", "Fit-out"),
    "acceptance": NP_("stage", "Completion acceptance"),
    "in-use": NP_("stage", "In use"),
}
_CATEGORY = {
    "bond": NP_("category", "bond"),
    "fiscal": NP_("category", "fiscal"),
    "central": NP_("category", "central"),
    "assistance": NP_("category", "assistance"),
    "donation": NP_("category", "donation"),
    "grant": NP_("category", "grant"),
    "self-raised": NP_("category", "self-raised"),
    "private": NP_("category", "private"),
    "other": NP_("category", "other"),
}
_KIND = {
    "new-build": NP_("kind", "new build"),
    "expansion": NP_("kind", "expansion"),
    "relocation": NP_("kind", "relocation"),
    "renovation": NP_("kind", "renovation"),
    "equipment": NP_("kind", "equipment"),
    "other": NP_("kind", "other"),
}
_FACILITY = {
    "general hospital": NP_("facility", "general hospital"),
    "TCM hospital": NP_("facility", "TCM hospital"),
    "MCH hospital": NP_("facility", "MCH hospital"),
    "CDC": NP_("facility", "CDC"),
    "township health centre": NP_("facility", "township health centre"),
    "community health centre": NP_("facility", "community health centre"),
    "village clinic": NP_("facility", "village clinic"),
    "emergency centre": NP_("facility", "emergency centre"),
    "other": NP_("facility", "other"),
}
_MONEY = {"received": NP_("money", "received"), "paid": NP_("money", "paid")}
TABLES = {
    "status": _STATUS,
    "light": _LIGHT,
    "stage": _STAGE,
    "category": _CATEGORY,
    "kind": _KIND,
    "facility": _FACILITY,
    "money": _MONEY,
}


def label(table: str, value: str | Enum | None) -> str:
    """The word shown for ``value`` of ``table`` ("status", "stage" …) in the current language; the value
    itself when it is not one of the fixed ones (a custom facility type, say)."""
    if value is None:
        return ""
    key = str(value.value) if isinstance(value, Enum) else value
    marked = TABLES[table].get(key)
    return pgettext(*marked) if marked is not None else key


def from_label(table: str, typed: str) -> str | None:
    """The key whose label (in either language) or key is ``typed``, or None."""
    wanted = typed.strip().lower()
    for language in ("en", "zh"):
        catalogue = in_language(language)
        for key, (context, message) in TABLES[table].items():
            if wanted in (key.lower(), catalogue.pgettext(context, message).lower()):
                return key
    return None
