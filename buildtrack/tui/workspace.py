"""What the TUI holds between screens: the service, the portfolio as last read, the as-of date.

No Textual here: screens ask the workspace, the workspace asks the service and the report builders,
so the UI computes nothing of its own and this logic is tested without a terminal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.model import Portfolio, Project
from buildtrack.i18n import _
from buildtrack.reports.overview import OverviewRow, overview, overview_patched
from buildtrack.service import PortfolioService
from buildtrack.service.core import describe_record


@dataclass(frozen=True)
class Reading:
    """One read of the file with what the screens need for one date, computed off the UI thread."""

    fingerprint: tuple
    generation: int
    as_of: dt.date
    portfolio: Portfolio
    view: Portfolio
    rows: list[OverviewRow]


@dataclass
class Workspace:
    service: PortfolioService
    as_of: dt.date
    read_portfolio: Portfolio | None = None  # None until the first read (the UI paints first)
    generation: int = -1
    _fingerprint: tuple = ()
    _rows: list[OverviewRow] | None = None
    _view: Portfolio | None = None

    @classmethod
    def open(cls, service: PortfolioService) -> Workspace:
        workspace = cls(service, service.today())
        workspace.reload()
        return workspace

    @property
    def portfolio(self) -> Portfolio:
        """The portfolio as last read (only asked for once ``loaded``)."""
        if self.read_portfolio is None:
            raise RuntimeError(_("the portfolio has not been read yet"))
        return self.read_portfolio

    @property
    def loaded(self) -> bool:
        """False until the first read: the UI paints first and reads a large file in a worker."""
        return self.read_portfolio is not None

    def reload(self) -> None:
        """Read the file (at opening, after our own change, or someone else's) and show it; safe in a thread."""
        self.adopt(self.read())

    def read(self) -> Reading:
        """The file as it is now, with the view and rows for the current date, not yet shown.

        Safe in a thread: at 10,000 projects reading someone else's save takes about a second, so the
        UI reads in a worker and ``adopt``s the result on its own thread.
        """
        fingerprint, generation = self.service.fingerprint(), self.service.generation()
        portfolio = self.service.portfolio()
        return Reading(fingerprint, generation, self.as_of, *self._computed(portfolio, self.as_of))

    def adopt(self, reading: Reading) -> bool:
        """Show ``reading`` unless what is shown is newer (our own save while it was read); whether it was shown."""
        if self.read_portfolio is not None and reading.generation < self.generation:
            return False
        self._fingerprint, self.generation = reading.fingerprint, reading.generation
        self.read_portfolio = reading.portfolio
        self._rows = self._view = None
        if reading.as_of == self.as_of:
            self._view, self._rows = reading.view, reading.rows
        return True

    def after_own_save(self) -> None:
        """Show this program's last save: only the projects it touched are read and graded again, unless
        someone else saved in between (or the settings changed), when everything is read."""
        service = self.service
        generation = service.generation()
        if self.read_portfolio is None or service.touched_settings or generation != self.generation + 1:
            self.reload()
            return
        projects = dict(self.portfolio.projects)
        for code in service.touched:
            project = service.stored(code)
            if project is None:
                projects.pop(code, None)
            else:
                projects[code] = project
        portfolio = Portfolio(self.portfolio.settings, projects)
        rows = self._rows
        self._fingerprint, self.generation, self.read_portfolio = service.fingerprint(), generation, portfolio
        self._view = None if self.as_of < service.today() else portfolio
        self._rows = (
            None
            if rows is None or self._view is None
            else overview_patched(rows, portfolio, service.touched, self.as_of)
        )

    def changed_elsewhere(self) -> bool:
        """True if someone committed since we last read (the file is only read when its stat changed)."""
        fingerprint = self.service.fingerprint()
        if fingerprint == self._fingerprint:
            return False
        self._fingerprint = fingerprint
        return self.service.generation() != self.generation

    def set_as_of(self, day: dt.date) -> None:
        self.as_of = day
        self._rows = self._view = None

    def computed_for(self, day: dt.date) -> tuple[Portfolio, Portfolio, list[OverviewRow]]:
        """The read it starts from, the view and the rows for ``day``, without switching to it.

        Safe in a thread: a past date at 10,000 projects takes seconds, while the screens keep
        showing the current date; ``switch`` then puts the result in place.
        """
        return self._computed(self.portfolio, day)

    def _computed(self, portfolio: Portfolio, day: dt.date) -> tuple[Portfolio, Portfolio, list[OverviewRow]]:
        view = self._view_of(portfolio, day)
        return portfolio, view, overview(view, day)

    def switch(self, day: dt.date, computed: tuple[Portfolio, Portfolio, list[OverviewRow]]) -> None:
        """Show ``day`` with what ``computed_for`` prepared (recomputed later if the file was read again since)."""
        portfolio, view, rows = computed
        self.set_as_of(day)
        if portfolio is self.portfolio:
            self._view, self._rows = view, rows

    def _view_of(self, portfolio: Portfolio, day: dt.date) -> Portfolio:
        return self.service.portfolio_as_of(day) if day < self.service.today() else portfolio

    @property
    def view(self) -> Portfolio:
        """What the screens show: the portfolio as known at the end of the as-of day (edits use ``portfolio``)."""
        if self._view is None:
            self._view = self._view_of(self.portfolio, self.as_of)
        return self._view

    def rows(self) -> list[OverviewRow]:
        """Overview lines, computed once per portfolio read and as-of date."""
        if self._rows is None:
            self._rows = overview(self.view, self.as_of)
        return self._rows

    @property
    def read_only(self) -> bool:
        """A past date shows the portfolio as it was; nothing may be changed from that view."""
        return self.as_of < self.service.today()

    def changes_after(self, generation: int) -> str:
        """Who changed what after the read at ``generation``, in a line: "P-003 进度 8% → 40%，李四，2 分钟前"."""
        later = [record for record in self.service.changes() if record.generation > generation]
        now = self.service.clock()
        return " · ".join(f"{r.project or '—'} {describe_record(r, now)}" for r in later[-3:]) or "—"

    def project(self, code: str) -> Project:
        return self.portfolio.projects[code]
