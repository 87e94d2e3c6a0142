"""One clock and one timestamp format for everything Baulu records.

Stored and logged times are UTC, ISO 8601 to the second with a ``Z``
(``2026-03-12T08:30:00Z``); a person reads them in Oral's local time (UTC+5).
"""

from __future__ import annotations

import datetime as dt

ORAL = dt.timezone(dt.timedelta(hours=5), "UTC+5")
"""Oral (Уральск) keeps UTC+5 all year."""

FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> str:
    """Now, as Baulu stores it."""
    return stamp(dt.datetime.now(dt.UTC))


def stamp(moment: dt.datetime) -> str:
    """An aware datetime in the stored form."""
    return moment.astimezone(dt.UTC).strftime(FORMAT)


def parse(text: str) -> dt.datetime:
    """A stored timestamp (``Z`` or ``+00:00`` both read) as an aware UTC datetime."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def local(text: str) -> str:
    """A stored timestamp as a person in Oral reads it: ``12.03.2026 13:30``."""
    return parse(text).astimezone(ORAL).strftime("%d.%m.%Y %H:%M")
