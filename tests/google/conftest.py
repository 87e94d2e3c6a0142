"""Fixtures for the Google tests: the stand-in server is started and stopped here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.google_standin import ManualClock, StandIn


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def standin(clock: ManualClock) -> Iterator[StandIn]:
    server = StandIn(clock).start()
    try:
        yield server
    finally:
        server.stop()
