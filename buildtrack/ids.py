"""Ids for the items a person points at (milestones, funding lines, money entries …): never reused."""

from __future__ import annotations

import secrets
from collections.abc import Iterable


def random_id(prefix: str) -> str:
    """The item kind's letter and six random hex digits (``m3fa9c2``): never mistaken for a number."""
    return prefix + secrets.token_hex(3)


def unused_id(prefix: str, taken: Iterable[str]) -> str:
    """A fresh id not among ``taken``."""
    used = set(taken)
    while (candidate := random_id(prefix)) in used:
        pass
    return candidate
