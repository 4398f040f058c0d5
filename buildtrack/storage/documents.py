"""Projects and settings as stored JSON documents, encoded and decoded from the model's declaration alone.

``domain.model`` declares every field (its stored name, type and range); msgspec turns documents into
values and back from that declaration, so no field list is written out here. A document that does not
fit is refused with every problem named by project and field (a hand edit, a bad merge, an import),
not just the first one, because ``check`` and import must report them all.
"""

from __future__ import annotations

import datetime as dt
import typing
from decimal import Decimal
from enum import Enum
from typing import Any

import msgspec

from buildtrack.domain.errors import DecodeError
from buildtrack.domain.model import Project, Settings, Stored
from buildtrack.i18n import _

_PROJECT_DECODER = msgspec.json.Decoder(Project)
_ENCODER = msgspec.json.Encoder()
META_KEYS = ("app", "schema_version", "generation", "log_size")  # the store's own keys beside the settings


class NotJson(DecodeError):
    """Bytes that are not JSON at all (as opposed to JSON that does not fit the schema)."""


def project_bytes(project: Project) -> bytes:
    """A project's stored line."""
    return _ENCODER.encode(project)


def project_document(project: Project, with_revision: bool = True) -> dict[str, Any]:
    """A project as plain JSON data (the store keeps ``revision``; the interchange format does not)."""
    document: dict[str, Any] = msgspec.json.decode(_ENCODER.encode(project))
    if not with_revision:
        del document["revision"]
    return document


def settings_document(settings: Settings) -> dict[str, Any]:
    document: dict[str, Any] = msgspec.json.decode(_ENCODER.encode(settings))
    return document


def project_from_bytes(data: bytes | memoryview, where: str) -> Project:
    """A stored project line decoded in one step; ``DecodeError`` naming every bad field otherwise."""
    try:
        return _PROJECT_DECODER.decode(data)
    except msgspec.DecodeError:
        try:
            document = msgspec.json.decode(data)
        except msgspec.DecodeError as error:
            raise NotJson([f"{where}: not valid JSON ({error})"]) from None
        return project_from_document(document, where)


def project_from_document(document: Any, where: str = "project") -> Project:
    return _converted(document, Project, where)


def settings_from_document(document: Any) -> Settings:
    if isinstance(document, dict):
        document = {key: value for key, value in document.items() if key not in META_KEYS}
    return _converted(document, Settings, "settings")


S = typing.TypeVar("S", bound=Stored)


def _converted(document: Any, kind: type[S], where: str) -> S:
    try:
        return msgspec.convert(document, kind)
    except msgspec.ValidationError:
        label = document.get("code") if isinstance(document, dict) and isinstance(document.get("code"), str) else where
        problems = _problems(document, kind, f"{label}: ")
        raise DecodeError(
            problems or [f"{label}: not a valid {kind.__name__.lower()}"], _partial(document, kind)
        ) from None


def _items_type(annotation: Any) -> type[Stored] | None:
    """``X`` for a field declared ``tuple[X, ...]`` of stored values (each item is checked on its own)."""
    if typing.get_origin(annotation) is tuple:
        item = typing.get_args(annotation)[0]
        if isinstance(item, type) and issubclass(item, Stored):
            return item
    return None


def _problems(document: Any, kind: type[Stored], path: str) -> list[str]:
    """Every field of ``document`` that does not fit ``kind``, one line each with its path."""
    if not isinstance(document, dict):
        return [f"{path.rstrip(':. ')}: expected an object, got {type(document).__name__}"]
    fields = msgspec.structs.fields(kind)
    known = {field.encode_name for field in fields}
    problems = [f"{path}{key}: not a field of a {kind.__name__.lower()}" for key in document if key not in known]
    for field in fields:
        name = field.encode_name
        if name not in document:
            if field.required:
                problems.append(_("{path}{name}: a value is required").format(path=path, name=name))
            continue
        items = _items_type(field.type)
        value = document[name]
        if items is not None and isinstance(value, list):
            for number, item in enumerate(value, start=1):
                problems += _problems(item, items, f"{path}{name}[{number}].")
            continue
        if value is None and not _optional(field.type):
            problems.append(_("{path}{name}: a value is required").format(path=path, name=name))
        elif not _fits(value, field.type):
            problems.append(f"{path}{name}: {_why(value, field.type)}")
    if not problems:  # every field fits alone: what is left are the ranges checked on the whole value
        try:
            msgspec.convert(document, kind)
        except msgspec.ValidationError as error:
            problems.append(f"{path.rstrip(':. ')}: {_reason(error)}")
    return problems


def _reason(error: msgspec.ValidationError) -> str:
    """msgspec's message without its "- at `$...`" suffix (the path is given in our own words)."""
    return str(error).split(" - at `")[0]


def _optional(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def _unwrapped(annotation: Any) -> tuple[Any, list[msgspec.Meta]]:
    """The declared type without ``| None`` and ``Annotated``, and its constraints."""
    arguments = [argument for argument in typing.get_args(annotation) if argument is not type(None)]
    if _optional(annotation) and len(arguments) == 1:
        annotation = arguments[0]
    if typing.get_origin(annotation) is typing.Annotated:
        base, *metadata = typing.get_args(annotation)
        return base, [item for item in metadata if isinstance(item, msgspec.Meta)]
    return annotation, []


def _why(value: Any, annotation: Any) -> str:
    """Why ``value`` does not fit the declared type, in the words a person fixing the file needs."""
    base, constraints = _unwrapped(annotation)
    if base is int:
        if isinstance(value, int) and not isinstance(value, bool):
            if any(meta.ge is not None and value < meta.ge for meta in constraints):
                return f"{value} is negative"
            return f"{value} is too large"
        return f"expected a whole number, got {value!r}"
    if base is dt.date:
        return f"{value!r} is not an ISO date (YYYY-MM-DD)"
    if base is str:
        return f"expected text, got {type(value).__name__}"
    if base is Decimal:
        return f"expected a number written as text or an integer, got {value!r}"
    if isinstance(base, type) and issubclass(base, Enum):
        return f"{value!r} is not one of: {', '.join(str(member.value) for member in base)}"
    if typing.get_origin(base) is tuple:
        return f"expected a list, got {type(value).__name__}"
    return f"{value!r} does not fit here"


def _partial(document: Any, kind: type[S]) -> S | None:
    """The value with its bad fields left at their defaults, or None if a required field is bad."""
    try:
        return msgspec.convert(_good_fields(document, kind), kind)
    except msgspec.ValidationError:
        return None


def _good_fields(document: Any, kind: type[Stored]) -> dict[str, Any]:
    """The fields of ``document`` that fit ``kind``; lists of values keep each item's fitting fields."""
    if not isinstance(document, dict):
        return {}
    good: dict[str, Any] = {}
    for field in msgspec.structs.fields(kind):
        if field.encode_name not in document:
            continue
        value = document[field.encode_name]
        items = _items_type(field.type)
        if items is not None and isinstance(value, list):
            kept = [_good_fields(item, items) for item in value]
            good[field.encode_name] = [item for item in kept if _fits(item, items)]
        elif _fits(value, field.type):
            good[field.encode_name] = value
    return good


def _fits(value: Any, annotation: Any) -> bool:
    try:
        msgspec.convert(value, annotation)
    except msgspec.ValidationError:
        return False
    return True
