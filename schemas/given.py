"""What the master gives every kindergarten: its plan items and the contest calendar.

One definition of which master columns go out to a kindergarten's sheet — used when a
kindergarten workbook is built and at every sync's push.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemas.rows import Record


def given_records(plan: Iterable[Record], contests: Iterable[Record]) -> dict[str, list[Record]]:
    """From the master's plan and contest calendar records (canonical values), the rows of the
    kindergarten tabs they fill, by tab key: the preschool block's items, and every contest."""
    return {
        "plan_status": [
            {"item_id": r.get("item_id"), "text": r.get("text"), "deadline_text": r.get("deadline_text")}
            for r in plan if r.get("block") == "preschool"
        ],
        "contest_results": [
            {"contest": r.get("code"), "title": r.get("title"), "direction": r.get("direction"),
             "month": r.get("month")}
            for r in contests
        ],
    }
