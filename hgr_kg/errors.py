"""The one exception type the command line turns into a one-line message."""


class HgrKgError(Exception):
    """A user-facing error: bad input, unknown name, unreachable service.

    ``str(error)`` is a single line that names the file and line, or the parameter, at fault.
    """
