"""Errors a user can fix. Anything else that escapes is a bug."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters (a newline would split a one-line message, an ANSI escape in a file
# name could rewrite the terminal) and bidi overrides (could reorder what is shown).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(text: object) -> str:
    """``text`` for a terminal line: control and bidi characters shown as escapes."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


class TimelineError(Exception):
    """Base class for every problem a user can fix (bad file, bad value, limit)."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class UnknownFormatError(TimelineError):
    """The input is in no format we can read."""


class MissingColumnsError(TimelineError):
    """A table lacks columns the chosen loader needs."""


class BadValueError(TimelineError):
    """A value (date, number, option) cannot be read."""


class EmptyInputError(BadValueError):
    """The input holds nothing to load."""


class FileTooLargeError(TimelineError):
    """The input is over a configured size or length limit."""


class DecodeError(TimelineError):
    """The bytes are not text in any encoding we can detect."""


class SchemaError(TimelineError):
    """A table does not match the event schema."""


@dataclass(frozen=True)
class RowProblem:
    """One row that could not be loaded: where and why."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"
