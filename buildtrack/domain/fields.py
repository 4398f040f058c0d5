"""Project fields as people type them: one parser per field, shared by the CLI options and the TUI form.

A parser turns text into the stored value or raises ``InvalidInput`` with a one-line reason, so both
front ends validate a field the same way before anything is saved.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from buildtrack.domain.dates import format_date, parse_optional_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.labels import label
from buildtrack.domain.model import Project, check_code
from buildtrack.domain.money import format_money_with_unit, parse_money
from buildtrack.domain.percent import canonical
from buildtrack.domain.text import text_problem
from buildtrack.domain.words import facility_type_from_words, kind_from_words
from buildtrack.i18n import N_, _

_CLEAR = ("", "-", "none")


def _text(text: str) -> str:
    """One line of plain text (a name, a leader, a place): no control or format characters."""
    if reason := text_problem(text.strip()):
        raise InvalidInput(reason)
    return text.strip()


def _lines(text: str) -> str:
    """Free text that may run over several lines (notes, scope, problems)."""
    if reason := text_problem(text.strip(), multiline=True):
        raise InvalidInput(reason)
    return text.strip()


def _optional_money(text: str) -> int | None:
    return None if text.strip().lower() in _CLEAR else parse_money(text)


def _optional_count(text: str) -> int | None:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if cleaned.lower() in _CLEAR:
        return None
    if not cleaned.isdecimal() or len(cleaned) > 7:
        raise InvalidInput(_("{text!r} is not a whole number from 0 to 9,999,999").format(text=text))
    return int(cleaned)


def _optional_area(text: str) -> Decimal | None:
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").removesuffix("㎡").removesuffix("m2").strip()
    if cleaned.lower() in _CLEAR:
        return None
    if not re.fullmatch(r"\d{1,9}(?:\.\d{1,2})?", cleaned):
        raise InvalidInput(
            _("{text!r} is not an area in square metres (for example 25000 or 25,000㎡)").format(text=text)
        )
    return canonical(Decimal(cleaned))


def _show_date(day: dt.date | None) -> str:
    return "" if day is None else format_date(day)


@dataclass(frozen=True)
class FieldSpec:
    """How one project field is labelled, parsed from text and shown as text."""

    name: str
    label: str
    parse: Callable[[str, dt.date], Any]
    show: Callable[[Any], str] = lambda value: "" if value is None else str(value)


def _plain(parse: Callable[[str], Any]) -> Callable[[str, dt.date], Any]:
    return lambda text, _today: parse(text)


def _past_date(text: str, today: dt.date) -> dt.date | None:
    """An actual date: it cannot lie in the future (a date to come is a planned one)."""
    day = parse_optional_date(text, today)
    if day is not None and day > today:
        raise InvalidInput(
            _("{day} is in the future: an actual date has happened (today is {today})").format(
                day=day.isoformat(), today=today.isoformat()
            )
        )
    return day


PROJECT_FIELDS = (
    FieldSpec("code", N_("Code"), _plain(check_code)),
    FieldSpec("name_zh", N_("Chinese name"), _plain(_text)),
    FieldSpec("name", N_("English name"), _plain(_text)),
    FieldSpec("county", N_("County"), _plain(_text)),
    FieldSpec("facility", N_("Facility"), _plain(_text)),
    FieldSpec(
        "facility_type", N_("Facility type"), _plain(facility_type_from_words), lambda key: label("facility", key)
    ),
    FieldSpec("kind", N_("Kind"), _plain(kind_from_words), lambda kind: label("kind", kind)),
    FieldSpec("location", N_("Location"), _plain(_text)),
    FieldSpec("leader", N_("Responsible leader"), _plain(_text)),
    FieldSpec("implementing_unit", N_("Implementing unit"), _plain(_text)),
    FieldSpec("scope", N_("Scope and scale"), _plain(_lines)),
    FieldSpec(
        "total_investment",
        N_("Total investment"),
        _plain(_optional_money),
        lambda fen: "" if fen is None else format_money_with_unit(fen),
    ),
    FieldSpec("planned_start", N_("Planned start"), parse_optional_date, _show_date),
    FieldSpec("planned_finish", N_("Planned finish"), parse_optional_date, _show_date),
    FieldSpec("actual_start", N_("Actual start"), _past_date, _show_date),
    FieldSpec("actual_finish", N_("Actual finish"), _past_date, _show_date),
    FieldSpec("floor_area_m2", N_("Floor area (m²)"), _plain(_optional_area)),
    FieldSpec("floors", N_("Floors"), _plain(_optional_count)),
    FieldSpec("beds", N_("Beds"), _plain(_optional_count)),
    FieldSpec("reported_stage", N_("Reported stage"), _plain(_text)),
    FieldSpec("reported_stage_on", N_("Stage reported on"), _past_date, _show_date),
    FieldSpec("current_problems", N_("Current problems"), _plain(_lines)),
    FieldSpec("notes", N_("Notes"), _plain(_lines)),
)
FIELDS_BY_NAME = {spec.name: spec for spec in PROJECT_FIELDS}


def parse_field(name: str, text: str, today: dt.date) -> Any:
    """Parse ``text`` for the project field ``name``; errors name the field."""
    spec = FIELDS_BY_NAME[name]
    try:
        return spec.parse(text, today)
    except InvalidInput as error:
        raise InvalidInput(f"{_(spec.label)}: {error}") from None


def show_field(project: Project, name: str) -> str:
    """The field's current value as editable text."""
    return FIELDS_BY_NAME[name].show(getattr(project, name))
