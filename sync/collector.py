"""Python's cyclic garbage collector, run less often while a round runs.

A round makes and keeps many objects (every kindergarten's rows as dicts, 60,000 monitoring rows
in a region of 300): with the default threshold, a collection of the youngest objects runs after
every 700 new ones and the older generations are traversed again and again, although almost
nothing a round makes is a cycle to free. Raising the first threshold for the round and putting
it back afterwards spends that time on the round itself; memory that cycles hold is freed later
in the round instead of sooner (the peak of a first sync at N = 300 did not move:
``docs/performance.md``). A threshold someone set higher is left as it is.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

ROUND_THRESHOLD = 100_000


@contextmanager
def fewer_collections(threshold: int = ROUND_THRESHOLD) -> Iterator[None]:
    """Within the block, the youngest generation is collected after ``threshold`` new objects."""
    before = gc.get_threshold()
    if before[0] == 0 or before[0] >= threshold:  # off, or already as high: not ours to change
        yield
        return
    gc.set_threshold(threshold, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


__all__ = ["ROUND_THRESHOLD", "fewer_collections"]
