"""Errors the domain raises; every front end shows their message as one line."""

from buildtrack.i18n import _


class BuildtrackError(Exception):
    """Base of every error a user can cause; its message is a complete one-line reason."""


class InvalidInput(BuildtrackError):
    """Typed text (an amount, a date, a percent, a code) that cannot be accepted."""


class NotFound(BuildtrackError):
    """A project, milestone, funding line or work package that does not exist."""


class StoreError(BuildtrackError):
    """The database cannot be opened or written (missing, corrupt, newer version, disk error)."""


class ConflictError(StoreError):
    """Someone else changed a project (or the settings) after it was read; nothing was written."""


class DecodeError(BuildtrackError):
    """A document that does not describe a valid value; ``problems`` lists each bad field."""

    def __init__(self, problems: list[str], partial: object = None):
        more = _(" (and {count} more problems)").format(count=len(problems) - 1) if len(problems) > 1 else ""
        super().__init__(problems[0] + more)
        self.problems = problems
        self.partial = partial  # the value with defaults in the bad fields, so other rules can still be checked


class NeedsConfirmation(InvalidInput):
    """A change that would replace a recorded fact (a done date, a day's progress report) or pass a limit
    (paid above received): the message names the old and the new value; it is saved only when repeated
    with the person's confirmation (the UI asks; the CLI takes ``--replace`` or ``--reason``)."""
