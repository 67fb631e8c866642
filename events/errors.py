"""Errors a user can fix. Anything else that escapes is a bug."""

from __future__ import annotations

from dataclasses import dataclass


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
