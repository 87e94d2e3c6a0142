"""Google's partial-response ``fields`` mask: ``kind,nextPageToken,files(id,name)``, ``sheets.data``."""

from __future__ import annotations

from typing import Any

Mask = dict[str, "Mask | None"]


def parse_mask(text: str) -> Mask:
    i = 0

    def parse_list(end: str | None) -> Mask:
        nonlocal i
        out: Mask = {}
        while i < len(text):
            if end is not None and text[i] == end:
                i += 1
                return out
            if text[i] in ", ":
                i += 1
                continue
            start = i
            while i < len(text) and text[i] not in ",()":
                i += 1
            path = text[start:i].strip().replace("/", ".").split(".")
            sub: Mask | None = None
            if i < len(text) and text[i] == "(":
                i += 1
                sub = parse_list(")")
            _insert(out, path, sub)
        return out

    return parse_list(None)


def _insert(mask: Mask, path: list[str], sub: Mask | None) -> None:
    head, rest = path[0], path[1:]
    if head in mask and mask[head] is None:
        return  # already the whole field
    if rest:
        child = mask.setdefault(head, {})
        assert child is not None
        _insert(child, rest, sub)
    elif sub is None:
        mask[head] = None
    else:
        mask[head] = {**(mask.get(head) or {}), **sub}


def apply_mask(value: Any, mask: Mask | None) -> Any:
    if mask is None or "*" in (mask or {}):
        return value
    if isinstance(value, list):
        return [apply_mask(item, mask) for item in value]
    if isinstance(value, dict):
        return {k: apply_mask(v, mask[k]) for k, v in value.items() if k in mask}
    return value
