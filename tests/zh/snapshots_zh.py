"""The snapshot screens again, in Chinese: run by test_tui_snapshots_zh.py in an interpreter of its own."""

from test_tui_snapshots import (  # noqa: F401 (collected here under their own snapshot folder)
    test_funding_summary,
    test_overdue_review,
    test_portfolio_screen,
    test_project_screen_milestones,
    test_project_screen_progress_chart,
)
