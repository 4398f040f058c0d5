"""The Chinese catalogue holds every string the source marks, translated, and compiled from the same text."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "buildtrack" / "locale" / "zh_CN" / "LC_MESSAGES" / "buildtrack.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}


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
