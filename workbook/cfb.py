"""Write a Compound File (MS-CFB, version 3: 512-byte sectors), the container of ``vbaProject.bin``.

Streams shorter than 4,096 bytes live in the mini stream (64-byte sectors); the children of each
storage form a red-black tree ordered as §2.6.4 says (shorter names first, then by upper case).
Reading is olefile's job; this module only writes. Pure: bytes in, bytes out.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_HEADER_DIFAT = 109
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1


class CfbError(ValueError):
    """The streams cannot be written as a version 3 compound file."""


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = _BLACK
    start: int = ENDOFCHAIN


def _sort_key(name: str) -> tuple[int, str]:
    return len(name), name.upper()


def _tree(root: _Entry, streams: Mapping[str, bytes]) -> list[_Entry]:
    """The directory entries, the root first, from paths such as ``VBA/dir``."""
    for path, data in streams.items():
        parts = path.split("/")
        node = root
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Entry(part, _STORAGE))
            if node.kind != _STORAGE:
                raise CfbError(f"{path}: {part} is a stream")
        if parts[-1] in node.children:
            raise CfbError(f"{path}: written twice")
        node.children[parts[-1]] = _Entry(parts[-1], _STREAM, data)
    entries: list[_Entry] = []

    def number(node: _Entry) -> None:
        node.sid = len(entries)
        entries.append(node)
        for child in node.children.values():
            number(child)

    number(root)
    for node in entries:
        if node.children:
            node.child = _balance(sorted(node.children.values(), key=lambda e: _sort_key(e.name)), 0,
                                  _depth(len(node.children)))
    return entries


def _depth(count: int) -> int:
    """The depth of the last level of a balanced tree of ``count`` nodes, if that level is not full."""
    full = 0
    while (1 << (full + 1)) - 1 < count:
        full += 1
    return full if (1 << (full + 1)) - 1 > count else -1


def _balance(nodes: list[_Entry], depth: int, red_depth: int) -> int:
    """A balanced binary tree of sorted nodes; its incomplete last level red, the rest black."""
    if not nodes:
        return NOSTREAM
    middle = len(nodes) // 2
    node = nodes[middle]
    node.color = _RED if depth == red_depth else _BLACK
    node.left = _balance(nodes[:middle], depth + 1, red_depth)
    node.right = _balance(nodes[middle + 1:], depth + 1, red_depth)
    return node.sid


def _directory_entry(entry: _Entry, size: int) -> bytes:
    encoded = entry.name.encode("utf-16-le")
    if len(encoded) > 62:
        raise CfbError(f"{entry.name}: a name has at most 31 characters")
    name = encoded + b"\x00\x00"
    return struct.pack(
        "<64sHBBIII16sIQQIQ", name, len(name), entry.kind, entry.color, entry.left, entry.right,
        entry.child, b"\x00" * 16, 0, 0, 0, entry.start, size,
    )


def write_cfb(streams: Mapping[str, bytes]) -> bytes:
    """A compound file holding ``streams`` (paths with ``/`` between storages)."""
    root = _Entry("Root Entry", _ROOT)
    entries = _tree(root, streams)
    files = [e for e in entries if e.kind == _STREAM]

    mini = bytearray()
    mini_fat: list[int] = []
    for entry in files:
        if len(entry.data) < MINI_CUTOFF and entry.data:
            first = len(mini_fat)
            count = math.ceil(len(entry.data) / MINI_SECTOR)
            mini_fat += [*range(first + 1, first + count), ENDOFCHAIN]
            mini += entry.data.ljust(count * MINI_SECTOR, b"\x00")
            entry.start = first

    big = [e for e in files if len(e.data) >= MINI_CUTOFF]
    dir_sectors = math.ceil(len(entries) * 128 / SECTOR)
    minifat_sectors = math.ceil(len(mini_fat) * 4 / SECTOR)
    ministream_sectors = math.ceil(len(mini) / SECTOR)
    data_sectors = (dir_sectors + minifat_sectors + ministream_sectors
                    + sum(math.ceil(len(e.data) / SECTOR) for e in big))
    fat_sectors = 1
    while fat_sectors * SECTOR // 4 < fat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > _HEADER_DIFAT:
        raise CfbError("too large for a compound file without DIFAT sectors")

    fat: list[int] = [FATSECT] * fat_sectors
    body = bytearray()

    def place(data: bytes, sectors: int) -> int:
        if sectors == 0:
            return ENDOFCHAIN
        first = len(fat)
        fat.extend([*range(first + 1, first + sectors), ENDOFCHAIN])
        body.extend(data.ljust(sectors * SECTOR, b"\x00"))
        return first

    dir_start = len(fat)
    fat.extend([*range(dir_start + 1, dir_start + dir_sectors), ENDOFCHAIN])
    body.extend(b"\x00" * dir_sectors * SECTOR)  # filled in below, once every start is known
    minifat = b"".join(struct.pack("<I", n) for n in mini_fat)
    minifat_start = place(minifat.ljust(minifat_sectors * SECTOR, b"\xff"), minifat_sectors)
    root.start = place(bytes(mini), ministream_sectors)
    for entry in big:
        entry.start = place(entry.data, math.ceil(len(entry.data) / SECTOR))

    directory = bytearray()
    for entry in entries:
        size = len(mini) if entry.kind == _ROOT else len(entry.data)
        if entry.kind == _STREAM and not entry.data:
            entry.start = ENDOFCHAIN
        if entry.kind == _STORAGE:
            entry.start, size = 0, 0
        directory += _directory_entry(entry, size)
    while len(directory) % SECTOR:  # a free entry: zeros but for its three NOSTREAM links
        directory += b"\x00" * 68 + struct.pack("<III", NOSTREAM, NOSTREAM, NOSTREAM) + b"\x00" * 48
    body[: len(directory)] = directory

    fat_bytes = b"".join(struct.pack("<I", n) for n in fat).ljust(fat_sectors * SECTOR, b"\xff")
    difat = list(range(fat_sectors)) + [FREESECT] * (_HEADER_DIFAT - fat_sectors)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", _MAGIC, b"\x00" * 16, 0x003E, 0x0003, 0xFFFE, 9, 6, b"\x00" * 6,
        0, fat_sectors, dir_start, 0, MINI_CUTOFF,
        minifat_start if minifat_sectors else ENDOFCHAIN, minifat_sectors, ENDOFCHAIN, 0,
    ) + b"".join(struct.pack("<I", n) for n in difat)
    assert len(header) == SECTOR
    return header + fat_bytes + bytes(body)
