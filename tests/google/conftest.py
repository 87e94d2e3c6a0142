"""Fixtures for the Google tests: the stand-in server is started and stopped here."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import gspread
import pytest

from sync.google_api import RetryPolicy, make_client
from sync.google_backend import GoogleBackend
from sync.google_state import GoogleState
from tests.google_standin import ManualClock, StandIn, standin_client, standin_session


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


SERVICE_ACCOUNT = "baulu-sync@baulu-pilot.iam.gserviceaccount.com"


@pytest.fixture
def backend(standin: StandIn, clock: ManualClock, tmp_path: Path) -> GoogleBackend:
    """The Google backend as the service account, its retries sleeping on the test clock."""
    return google_backend(standin, clock, tmp_path / ".baulu" / "google.json")


def google_backend(standin: StandIn, clock: ManualClock, state: Path | None = None,
                   email: str = SERVICE_ACCOUNT) -> GoogleBackend:
    policy = RetryPolicy(sleep=clock.sleep, clock=clock.now, rng=random.Random(7))
    client = make_client(standin_session(standin.base_url, standin.add_user(email)), policy)
    return GoogleBackend(client, GoogleState.load(state))


def user_client(standin: StandIn, email: str) -> gspread.Client:
    """A kindergarten's person, working in the sheet through gspread."""
    return standin_client(standin.base_url, standin.add_user(email))
