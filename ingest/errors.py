"""The one exception an operator sees as a message: their input is wrong."""

from __future__ import annotations

from scoring.text import Message


class InputError(Exception):
    """An input problem that stops the run; the message says what and where, in English.
    `said`, where given, is the same as a message of the catalogues, which the commands
    that speak the reader's language (validate --lang, the intake's answer) word in it."""

    def __init__(self, message: str, said: Message | None = None) -> None:
        super().__init__(message)
        self.said = said
