"""The Chinese catalogue holds every string the source marks, translated, and compiled from the same text."""

from __future__ import annotations

import ast
import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "buildtrack" / "locale" / "zh_CN" / "LC_MESSAGES" / "buildtrack.po"
KEYWORDS = {"_": None, "N_": None, "Column": (2,), "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}


def catalogue():
    with open(PO, "rb") as handle:
        return read_po(handle)


def marked_in_source() -> set[tuple[str | None, str]]:
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT / "buildtrack", method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        found.add((context, msgid))
    return found


def test_every_marked_string_is_in_the_catalogue_and_nothing_else():
    in_catalogue = {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue()
        if message.id
    }
    source = marked_in_source()
    assert not source - in_catalogue, (
        f"not in the catalogue (run the catalogue commands of the README): {sorted(source - in_catalogue, key=str)[:5]}"
    )
    assert not in_catalogue - source, f"no longer in the source: {sorted(in_catalogue - source, key=str)[:5]}"


def test_every_entry_is_translated():
    untranslated = [
        message.id
        for message in catalogue()
        if message.id
        and (message.fuzzy or not all(message.string if isinstance(message.string, tuple) else [message.string]))
    ]
    assert not untranslated, f"{len(untranslated)} entries lack a Chinese translation: {untranslated[:5]}"


def test_the_compiled_catalogue_is_compiled_from_the_po_file():
    compiled = io.BytesIO()
    write_mo(compiled, catalogue())
    assert PO.with_suffix(".mo").read_bytes() == compiled.getvalue(), "recompile: pybabel compile (see the README)"


# Calls whose text argument a person reads: messages, errors, warnings, questions.
_SINKS = {"say", "echo", "secho", "confirm", "prompt", "notify", "Problem", "Finding", "NeedsConfirmation"}
_SINKS |= {"Label", "Static", "Button", "Tab", "TabPane"}  # the UI
_SINKS |= {"Report", "Section", "BarChart", "CurveChart"}  # printed reports
_TEXT_KEYWORDS = ("message", "title", "text", "placeholder", "description", "label", "tooltip", "empty_text")
_TEXT_AT = {
    "Binding": 2,
    "FormField": 1,
}  # where a key comes first, the label's position (Column headers are extracted)
_WORD = re.compile(r"[A-Za-z]{2,}|[\u4e00-\u9fff]")  # text with no word in it ("  {item}") is layout, not language


def _sink(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    warned = name == "append" and isinstance(func, ast.Attribute) and ast.unparse(func.value).endswith("warnings")
    return (
        name in _SINKS
        or name in _TEXT_AT
        or name.endswith(("Error", "Exception", "Refused", "NotFound", "InvalidInput"))
        or warned
    )


def _words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_WORD.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return bool(_WORD.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))))
    return False


def _texts(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` a person reads (for Binding, Column, FormField only the label's position)."""
    name = ast.unparse(call.func).rsplit(".", 1)[-1]
    positional = call.args[_TEXT_AT[name] : _TEXT_AT[name] + 1] if name in _TEXT_AT else call.args
    return [*positional, *(keyword.value for keyword in call.keywords if keyword.arg in _TEXT_KEYWORDS)]


def test_no_message_a_person_reads_bypasses_the_catalogue():
    bypassing = []
    for path in sorted((ROOT / "buildtrack").rglob("*.py")):
        if path.name == "demo.py":  # generated sample data, not messages
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and "notes" in ast.unparse(node).split("=")[0]:
                elements = node.value.elts if isinstance(node.value, (ast.Tuple, ast.List)) else []
                bypassing += [f"{path.relative_to(ROOT)}:{node.lineno}: a note" for text in elements if _words(text)]
            if isinstance(node, ast.Call) and _sink(node):
                bypassing += [
                    f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(text)[:60]}"
                    for text in _texts(node)
                    if _words(text)
                ]
    assert bypassing == []
