"""The one place where text meets a terminal or a document: what may be stored, and how stored text is shown.

A name holding ``ESC ] 0 ; … BEL`` would retitle the terminal that prints it, ``ESC [ 2 J`` would clear it,
and a right-to-left override (U+202E) makes a line read backwards. Such characters are refused when
typed or imported (``text_problem``); text already stored with them is shown with each one made visible
(``visible``: ESC as ␛, U+202E as ⟨U+202E⟩) in every terminal line, HTML page, CSV file and workbook.
JSON keeps the exact text, escaped as JSON escapes it.
"""

from __future__ import annotations

import unicodedata

from buildtrack.i18n import _

_UNSAFE_CATEGORIES = {
    "Cc",
    "Cf",
    "Cs",
    "Zl",
    "Zp",
}  # controls, format marks (bidi, zero-width), lone surrogates, separators
_MULTILINE_OK = {"\n", "\t"}
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}  # ␀ … ␟, ␡


def _unsafe(char: str, multiline: bool) -> bool:
    if multiline and char in _MULTILINE_OK:
        return False
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, '') or _mark(char)}"


def text_problem(text: str, multiline: bool = False) -> str:
    """Why ``text`` cannot be stored (empty when it can): a control or format character, named."""
    for char in text:
        if _unsafe(char, multiline):
            if multiline:
                return _("holds a control or format character ({name}), which is not allowed").format(name=_name(char))
            return _("holds a control or format character ({name}), which is not allowed; it must be one line").format(
                name=_name(char)
            )
    return ""


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` with every control or format character shown as a visible mark instead of acting.

    ``keep_newlines`` leaves line breaks and tabs as they are (a terminal's own output needs them).
    """
    if text.isprintable():  # the usual case, decided in C: no control, format or separator character at all
        return text
    return "".join(_mark(char) if _unsafe(char, keep_newlines) else char for char in text)


def _mark(char: str) -> str:
    code = ord(char)
    return _PICTURES.get(code) or f"⟨U+{code:04X}⟩"


MULTILINE_FIELDS = frozenset({"notes", "note", "scope", "current_problems", "description", "resolution", "reason"})


def stored_text_problems(value: object, path: str = "") -> list[str]:
    """Every text field of a stored value (and of the values inside it) that holds a character it may not."""
    fields = getattr(value, "__struct_fields__", ())
    problems = []
    for name in fields:
        item = getattr(value, name)
        if isinstance(item, str):
            if reason := text_problem(item, multiline=name in MULTILINE_FIELDS):
                problems.append(f"{path}{name}: {reason}")
        elif isinstance(item, tuple):
            for number, element in enumerate(item, start=1):
                problems += stored_text_problems(element, f"{path}{name}[{number}].")
        elif hasattr(item, "__struct_fields__"):
            problems += stored_text_problems(item, f"{path}{name}.")
    return problems


def json_text(encoded: str) -> str:
    """JSON with every control or format character escaped as JSON escapes them (``\\u202e``): the same
    strings, but a right-to-left override or a DEL in a name no longer acts on the terminal showing the file."""
    if encoded.replace("\n", "").isprintable():
        return encoded
    return "".join(f"\\u{ord(char):04x}" if char != "\n" and _unsafe(char, False) else char for char in encoded)
