"""Cell values as the Sheets API takes them in (RAW / USER_ENTERED) and gives them back
(FORMATTED_VALUE / UNFORMATTED_VALUE / FORMULA)."""

from __future__ import annotations

import re
from typing import Any

from .fields import Mask

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def entered_value(value: Any, input_option: str) -> dict[str, Any] | None:
    """The ``userEnteredValue`` a written value becomes; None clears the cell."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float):
        return {"numberValue": value}
    text = str(value)
    if text == "":
        return None
    if input_option == "USER_ENTERED":
        if text.startswith("="):
            return {"formulaValue": text}
        if text.startswith("'"):
            return {"stringValue": text[1:]}
        if _NUMBER.match(text.strip()):
            return {"numberValue": float(text)}
        if text.upper() in ("TRUE", "FALSE"):
            return {"boolValue": text.upper() == "TRUE"}
    return {"stringValue": text}


def _number_out(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def format_number(value: float) -> str:
    out = _number_out(value)
    if isinstance(out, int):
        return str(out)
    return format(out, ".15g")


def rendered(entered: dict[str, Any] | None, render: str) -> Any:
    """The value ``values.get`` returns for a cell, or None when the cell is empty."""
    if not entered:
        return None
    if "formulaValue" in entered:
        # the stand-in does not evaluate formulas (see KNOWN_DIFFERENCES): the text stands in
        return entered["formulaValue"]
    if "stringValue" in entered:
        return entered["stringValue"]
    if "boolValue" in entered:
        flag = bool(entered["boolValue"])
        return flag if render != "FORMATTED_VALUE" else ("TRUE" if flag else "FALSE")
    number = entered["numberValue"]
    return format_number(number) if render == "FORMATTED_VALUE" else _number_out(number)


def effective_value(entered: dict[str, Any]) -> dict[str, Any]:
    if "formulaValue" in entered:
        return {"stringValue": entered["formulaValue"]}
    if "numberValue" in entered:
        return {"numberValue": _number_out(entered["numberValue"])}
    return dict(entered)


def with_color_styles(fmt: dict[str, Any]) -> dict[str, Any]:
    """Google mirrors every ``*Color`` in a format as ``*ColorStyle: {rgbColor: …}``."""
    out = dict(fmt)
    if "backgroundColor" in out:
        out["backgroundColorStyle"] = {"rgbColor": out["backgroundColor"]}
    text = out.get("textFormat")
    if isinstance(text, dict) and "foregroundColor" in text:
        out["textFormat"] = {**text, "foregroundColorStyle": {"rgbColor": text["foregroundColor"]}}
    return out


def apply_fields(target: dict[str, Any], source: dict[str, Any], mask: Mask | None) -> None:
    """Copy the masked fields from ``source`` into ``target`` (a field missing in ``source`` is
    cleared), as Google's update requests do."""
    if mask is None or "*" in mask:
        target.clear()
        target.update(source)
        return
    for key, sub in mask.items():
        if sub is None:
            if key in source:
                target[key] = source[key]
            else:
                target.pop(key, None)
        else:
            child_target = target.get(key)
            child_source = source.get(key) or {}
            if not isinstance(child_target, dict):
                child_target = {}
            apply_fields(child_target, child_source, sub)
            if child_target:
                target[key] = child_target
            else:
                target.pop(key, None)
