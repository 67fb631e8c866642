"""The domain: event model, table schema, actors, filters, timeline figure, exports."""

from events.errors import TimelineError
from events.schema import COLUMNS, PRECISIONS, STATUSES, Event, empty_table, to_table, validate

__all__ = [
    "COLUMNS",
    "PRECISIONS",
    "STATUSES",
    "Event",
    "TimelineError",
    "empty_table",
    "to_table",
    "validate",
]
