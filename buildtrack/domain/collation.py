"""How names sort for the person reading: in Chinese by pinyin (陈 chen, 李 li, 王 wang, 张 zhang), as an office
lists its leaders, not by Unicode code point (王 before 李 before 张 before 陈); in English by the letters."""

from __future__ import annotations

import functools

from pypinyin import lazy_pinyin

from buildtrack import i18n


@functools.cache
def _syllable(char: str) -> str:
    """One character's pinyin (cached: a portfolio's names use a few thousand characters)."""
    return lazy_pinyin(char)[0].lower() + " " if "\u4e00" <= char <= "\u9fff" else char.lower()


@functools.lru_cache(maxsize=65536)
def _pinyin(text: str) -> str:
    return "".join(_syllable(char) for char in text)


def name_key(text: str) -> str:
    """The sort key of a name (a leader, a location, an owner) in the language shown."""
    return _pinyin(text) if i18n.chinese() else text.casefold()
