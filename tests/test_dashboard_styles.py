"""The dashboard's cells take their styles from a cache within one write (``workbook.dashboard``):
every cell ends with the font, fill, alignment and number format it gets when each is set on it
one by one, in Kazakh and in Russian."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import workbook.dashboard as dashboard_module
from schemas.analytics.calendar import DEFAULT_DEADLINES
from schemas.analytics.dashboard import dashboard
from tests.test_analytics import _crafted


class _Forgetful(dict[tuple[object, ...], object]):
    """A cache that never finds anything: every style is set cell by cell."""

    def get(self, key: object, default: object = None) -> object:
        return default


def _cells(lang: str) -> list[tuple[object, ...]]:
    data = _crafted()
    board = dashboard(data, now=dt.datetime(2026, 9, 15, 6, 0, tzinfo=dt.UTC), deadlines=DEFAULT_DEADLINES,
                      freshness={"47": ("2026-09-14T20:30:00Z", False), "34": ("2026-08-01T05:00:00Z", True)},
                      findings=[("47", "error"), ("34", "warning")])
    wb = openpyxl.Workbook()
    dashboard_module.write_dashboard(wb.active, board, lang=lang)  # type: ignore[arg-type]
    return [(c.coordinate, c.value, repr(c.font), repr(c.fill), repr(c.alignment), c.number_format, repr(c.border))
            for row in wb.active.iter_rows() for c in row if c.has_style or c.value is not None]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_cached_styles_are_the_styles_set_one_by_one(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = _cells(lang)
    monkeypatch.setattr(dashboard_module, "_STYLED", _Forgetful())
    assert cached == _cells(lang)
    assert len({c[2:5] for c in cached}) > 5  # headers, sections, fills of status: not one style
