"""A sheet part compressed in segments that a later write can copy as they are compressed.

A consolidated sheet holds every kindergarten's rows one after another; a round where one
kindergarten changed writes the others' rows as they were. Compressed as one deflate stream, the
whole part (54 MB of XML for the monitoring sheet at N = 300) is compressed again for each such
round. Here the part is cut before the first row of each organisation, and each piece is ended
with a full flush (zlib's ``Z_FULL_FLUSH``: the output is byte-aligned and nothing after it refers
to anything before), so the compressed bytes of a piece stand by themselves. A piece whose bytes
are the very bytes of a piece of the previous write (compared whole, not by a digest) is copied
from that write's compressed member; only the others are compressed. The result is one ordinary
deflate stream, readable by every zip reader; its CRC is computed over the whole new part.

Pure: bytes in, bytes out; ``workbook.streamed`` decides which previous member may be used.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One piece of a part: it starts at row ``row``; where it is in the part (``raw_start``,
    ``raw_size``) and in the member's compressed bytes (``start``, ``size``)."""

    row: int
    raw_start: int
    raw_size: int
    start: int
    size: int


@dataclass(frozen=True)
class Segmented:
    """A part as written in segments: its member's CRC and sizes (a later write copies from that
    member only while the file still holds it so), and its pieces by their first row."""

    crc: int
    compressed_size: int
    size: int
    segments: tuple[Segment, ...]

    def by_row(self) -> dict[int, Segment]:
        return {s.row: s for s in self.segments}


@dataclass(frozen=True)
class Deflated:
    data: bytes
    """The member's compressed bytes (raw deflate, as a zip member stores them)."""
    crc: int
    written: Segmented
    reused: int
    """How many pieces were copied compressed from the previous write."""


_ROWS_START = b"<sheetData>"
_ROWS_END = b"</sheetData>"


def cut_points(part: bytes, rows: Sequence[int]) -> list[tuple[int, int]]:
    """(row, offset) where each of ``rows`` (ascending) starts in the sheet part, as
    ``workbook.streamed`` writes a row (``<row r="5">``). Cutting stops at the first row not found,
    so that a part laid out otherwise costs one scan, not one per row."""
    begin = part.find(_ROWS_START)
    end = part.rfind(_ROWS_END)
    if begin < 0 or end < begin:
        return []
    out: list[tuple[int, int]] = []
    at = begin
    for row in sorted(set(rows)):
        found = part.find(b'<row r="%d">' % row, at, end)
        if found < 0:
            break
        out.append((row, found))
        at = found + 1
    return out


def deflate(part: bytes, cuts: Sequence[tuple[int, int]], *, level: int,
            before: Segmented | None = None, old_part: bytes = b"", old_data: bytes = b"") -> Deflated:
    """``part`` compressed in pieces: before the first cut, from each cut to the next, and from the
    last cut's rows' end (``</sheetData>``) to the end. ``before``: the pieces of the previous write,
    whose part is ``old_part`` and compressed member ``old_data``; a piece of the same first row
    and the same bytes is copied from there."""
    end = part.rfind(_ROWS_END)
    bounds = [(row, start) for row, start in cuts if 0 < start <= end]
    if not bounds or end < 0:
        whole = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = whole.compress(part) + whole.flush(zlib.Z_FINISH)
        return Deflated(data, zlib.crc32(part), Segmented(zlib.crc32(part), len(data), len(part), ()), 0)
    prior = before.by_row() if before is not None else {}
    engine = zlib.compressobj(level, zlib.DEFLATED, -15)
    out = bytearray()
    written: list[Segment] = []
    reused = 0
    pieces = [(0, 0, bounds[0][1])]
    pieces += [(row, start, stop) for (row, start), (_, stop) in zip(bounds, [*bounds[1:], (0, end)], strict=True)]
    for row, start, stop in pieces:
        at = len(out)
        old = prior.get(row) if row else None
        if (old is not None and old.raw_size == stop - start and old.start + old.size <= len(old_data)
                and old.raw_start + old.raw_size <= len(old_part)
                and old_part[old.raw_start:old.raw_start + old.raw_size] == part[start:stop]):
            out += old_data[old.start:old.start + old.size]
            reused += 1
        else:
            out += engine.compress(part[start:stop])
            out += engine.flush(zlib.Z_FULL_FLUSH)
        if row:
            written.append(Segment(row, start, stop - start, at, len(out) - at))
    out += engine.compress(part[end:])
    out += engine.flush(zlib.Z_FINISH)
    crc = zlib.crc32(part)
    return Deflated(bytes(out), crc, Segmented(crc, len(out), len(part), tuple(written)), reused)


def packed(s: Segmented) -> list[object]:
    """As JSON keeps it."""
    return [s.crc, s.compressed_size, s.size, [[g.row, g.raw_start, g.raw_size, g.start, g.size] for g in s.segments]]


def unpacked(value: object) -> Segmented | None:
    """What :func:`packed` gave (None: anything else)."""
    if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, int) for v in value[:3])
            and isinstance(value[3], list)):
        return None
    segments = []
    for entry in value[3]:
        if not (isinstance(entry, list) and len(entry) == 5 and all(isinstance(v, int) for v in entry)):
            return None
        segments.append(Segment(*entry))
    return Segmented(value[0], value[1], value[2], tuple(segments))


SegmentMemory = Mapping[str, Segmented]
"""Consolidated sheet title → how its part was last written."""


__all__ = ["Deflated", "Segment", "SegmentMemory", "Segmented", "cut_points", "deflate", "packed", "unpacked"]
