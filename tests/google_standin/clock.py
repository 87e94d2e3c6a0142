"""Time for the stand-in's quotas and ``modifiedTime``. Tests share one ``ManualClock`` between the
stand-in and the client's retry sleeps, so a minute of quota passes without waiting a minute."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ManualClock:
    """Starts at ``start`` (epoch seconds); ``sleep`` moves it forward at once. Each ``now`` call also
    adds ``tick`` seconds, so two events never share a timestamp."""

    def __init__(self, start: float = 1_767_225_600.0, tick: float = 0.001) -> None:
        self._now = start
        self._tick = tick
        self._lock = threading.Lock()
        self.slept = 0.0

    def now(self) -> float:
        with self._lock:
            self._now += self._tick
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.advance(seconds)


def rfc3339(ts: float) -> str:
    """``2026-01-01T00:00:00.001Z`` — Drive's timestamp form (milliseconds, Z)."""
    moment = datetime.fromtimestamp(ts, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
