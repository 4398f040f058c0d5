"""The language people read buildtrack in: 简体中文 first, English fully; labels translated, data never.

Every user-visible string is written once in English at the source, wrapped in ``_()`` (or ``ngettext``
for counts, ``pgettext`` where one English word means two things, and ``N_()`` for labels defined before a
language is chosen, translated where they are shown). The catalogues are standard gettext ``.po`` files
under ``buildtrack/locale``, extracted and compiled with Babel (``babel.cfg``; see the README). A
project's name is data and is never translated; a status, a stage, a column is a label.

Which language: ``--lang``, else ``$BUILDTRACK_LANG``, else the portfolio's setting, else the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else Chinese.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = {"zh": "zh_CN", "en": "en"}
DOMAIN = "buildtrack"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class _Active:
    language = "zh"
    catalogue: gettext.NullTranslations = gettext.NullTranslations()


class UnknownLanguage(ValueError):
    """A language buildtrack does not speak; the message says which it does, in the current language."""


def check_language(text: str) -> str:
    """``zh`` or ``en`` from what a person typed (zh, zh_CN, zh-Hans, 中文, en, en_US, English …)."""
    cleaned = text.strip().lower().replace("-", "_")
    if cleaned in ("中文", "简体中文", "chinese") or cleaned.startswith("zh"):
        return "zh"
    if cleaned in ("english", "英文") or cleaned.startswith("en"):
        return "en"
    raise UnknownLanguage(_("language {typed!r} is not one of: zh (简体中文), en (English)").format(typed=text))


def from_locale(environ: Mapping[str, str]) -> str | None:
    """The language the locale names, or None when it names neither (C, POSIX, unset)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return "zh" if value.lower().startswith("zh") else "en" if value.lower().startswith("en") else None
    return None


def choose(typed: str | None, portfolio: str, environ: Mapping[str, str] | None = None) -> str:
    """The language for this run (see the module's note for the order)."""
    environ = os.environ if environ is None else environ
    for given in (typed, environ.get("BUILDTRACK_LANG"), portfolio):
        if given:
            return check_language(given)
    return from_locale(environ) or "zh"


def use(language: str) -> None:
    """Show everything from now on in ``language`` (``zh`` or ``en``)."""
    language = check_language(language)
    _Active.language, _Active.catalogue = language, in_language(language)


def language() -> str:
    return _Active.language


def chinese() -> bool:
    return _Active.language == "zh"


def _(message: str) -> str:
    """``message`` in the current language."""
    return _Active.catalogue.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for ``count`` (Chinese has one)."""
    return _Active.catalogue.ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (the status "done" is not the button "Done")."""
    return _Active.catalogue.pgettext(context, message)


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks a label with its context for the catalogue; ``pgettext(*marked)`` translates it where shown."""
    return context, message


@functools.cache
def in_language(language: str) -> gettext.NullTranslations:
    """The catalogue of one language, whatever the current one is (to recognise words typed in either)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[LANGUAGES[language]])


def N_(message: str) -> str:
    """Marks a label for the catalogue where it is defined; it is translated with ``_`` where it is shown."""
    return message
