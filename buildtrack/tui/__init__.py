"""The Textual terminal UI (imported only when the UI opens, so the CLI stays fast)."""
