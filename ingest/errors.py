"""The one exception an operator sees as a message: their input is wrong."""


class InputError(Exception):
    """An input problem that stops the run; the message says what and where."""
