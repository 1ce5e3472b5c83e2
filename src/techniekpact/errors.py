"""The one exception type that the CLI and the web turn into a clear message, not a traceback."""


class DomainError(Exception):
    """Something the user can fix: bad input, an unknown code, a missing file."""


class NotFound(DomainError):
    """A code that does not exist: 404 on the web, one line on the CLI."""
