"""The portfolio service: turns a person's intention into a validated change, saved and logged.

The TUI and the CLI both call it; neither writes to the store itself. Its parts, one module each:
``core`` (reading through the one door, committing with the revision seen), ``projects``, ``funding``
(dated money), ``schedule`` (milestones, progress, work packages), ``instruments`` (problems, approvals,
annual plans, work done), ``paste`` (figures read from a work report) and ``undo``.
"""

from __future__ import annotations

from buildtrack.ids import random_id
from buildtrack.service.core import local_now
from buildtrack.service.funding import FundingChanges
from buildtrack.service.instruments import InstrumentChanges
from buildtrack.service.paste import PasteChanges
from buildtrack.service.projects import Check, ProjectChanges
from buildtrack.service.undo import UndoChanges

__all__ = ["Check", "PortfolioService", "local_now", "random_id"]


class PortfolioService(ProjectChanges, FundingChanges, PasteChanges, InstrumentChanges, UndoChanges):
    """Validated, logged changes to one portfolio on behalf of one user."""
