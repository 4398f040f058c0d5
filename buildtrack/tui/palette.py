"""Command-palette provider: jump to any project by code or name (English or Chinese)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from buildtrack.domain.text import visible

if TYPE_CHECKING:
    from buildtrack.tui.app import BuildtrackApp
from buildtrack.i18n import _


class ProjectsProvider(Provider):
    """Offers "P-011 County TCM Hospital … 县中医院…" entries that open the project."""

    def _entries(self):
        app = cast("BuildtrackApp", self.app)  # Textual types it as any App
        portfolio = app.workspace.portfolio
        for project in portfolio.sorted_projects():
            label = visible(f"{project.code} {project.name} {project.name_zh}".strip())
            yield label, partial(app.open_project, project.code)

    async def discover(self) -> Hits:
        for label, open_it in list(self._entries())[:20]:
            yield DiscoveryHit(label, open_it, help=_("Open project"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, open_it in self._entries():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), open_it, text=label, help=_("Open project"))
