"""Errors the domain raises; every front end shows their message as one line."""


class BuildtrackError(Exception):
    """Base of every error a user can cause; its message is a complete one-line reason."""


class InvalidInput(BuildtrackError):
    """Typed text (an amount, a date, a percent, a code) that cannot be accepted."""


class NotFound(BuildtrackError):
    """A project, milestone, funding line or work package that does not exist."""
