"""What the TUI holds between screens: the service, the portfolio as last read, the as-of date.

No Textual here: screens ask the workspace, the workspace asks the service and the report builders,
so the UI computes nothing of its own and this logic is tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.model import Portfolio, Project
from buildtrack.reports.history import rolled_back
from buildtrack.reports.overview import OverviewRow, overview
from buildtrack.service import PortfolioService


@dataclass
class Workspace:
    service: PortfolioService
    as_of: dt.date
    portfolio: Portfolio | None = None
    generation: int = -1
    _fingerprint: tuple = ()
    _rows: list[OverviewRow] | None = None
    _view: Portfolio | None = None

    @classmethod
    def open(cls, service: PortfolioService) -> Workspace:
        workspace = cls(service, service.today())
        workspace.load()
        return workspace

    @property
    def loaded(self) -> bool:
        """False until the first read: the UI paints first and reads a large file in a worker."""
        return self.portfolio is not None

    def load(self) -> None:
        """Read the file and compute the overview rows: the slow part of opening, safe in a thread."""
        self.reload()
        self.rows()

    def reload(self) -> None:
        """Read the file again (after our own change, or someone else's)."""
        self._fingerprint = self.service.store.fingerprint()
        self.generation = self.service.store.generation()
        self.portfolio = self.service.portfolio()
        self._rows = self._view = None

    def changed_elsewhere(self) -> bool:
        """True if someone committed since we last read (the file is only read when its stat changed)."""
        fingerprint = self.service.store.fingerprint()
        if fingerprint == self._fingerprint:
            return False
        self._fingerprint = fingerprint
        return self.service.store.generation() != self.generation

    def set_as_of(self, day: dt.date) -> None:
        self.as_of = day
        self._rows = self._view = None

    @property
    def view(self) -> Portfolio:
        """What the screens show: the portfolio as known at the end of the as-of day (edits use ``portfolio``)."""
        if self._view is None:
            past = self.as_of < self.service.today()
            self._view = rolled_back(self.portfolio, self.service.store.changes_after(self.as_of), self.as_of) if past else self.portfolio
        return self._view

    def rows(self) -> list[OverviewRow]:
        """Overview lines, computed once per portfolio read and as-of date."""
        if self._rows is None:
            self._rows = overview(self.view, self.as_of)
        return self._rows

    def project(self, code: str) -> Project:
        return self.portfolio.projects[code]
