"""A round runs with the cyclic collector's first threshold raised, and puts it back after."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.sync_cmd import sync_once
from sync.collector import ROUND_THRESHOLD, fewer_collections


@pytest.fixture()
def default_threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_round_raises_the_threshold_and_puts_it_back(new_workspace: Path, tmp_path: Path,
                                                      default_threshold: tuple[int, int, int]) -> None:
    root = Path(shutil.copytree(new_workspace, tmp_path / "ws"))
    during: list[tuple[int, int, int]] = []
    sync_once(root, progress=lambda org, stage: during.append(gc.get_threshold()))
    assert during and set(during) == {(ROUND_THRESHOLD, 10, 10)}
    assert gc.get_threshold() == default_threshold


def test_put_back_when_the_round_fails(default_threshold: tuple[int, int, int]) -> None:
    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == ROUND_THRESHOLD
        raise RuntimeError("a round that fails")
    assert gc.get_threshold() == default_threshold


@pytest.mark.parametrize("set_before", [(0, 10, 10), (500_000, 20, 20)])
def test_a_threshold_set_off_or_higher_is_left(set_before: tuple[int, int, int],
                                               default_threshold: tuple[int, int, int]) -> None:
    gc.set_threshold(*set_before)
    with fewer_collections():
        assert gc.get_threshold() == set_before
    assert gc.get_threshold() == set_before
