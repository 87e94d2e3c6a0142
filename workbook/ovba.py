"""The compression of VBA project streams, as MS-OVBA §2.4.1 describes it. Pure functions.

A CompressedContainer is a signature byte (1) and chunks; each chunk holds at most 4,096 bytes of
data, as literals and copy tokens that refer back into the same chunk.
"""

from __future__ import annotations

import struct

CHUNK = 4096
_SIGNATURE = 0x01


def _bit_count(difference: int) -> int:
    """Bits of a copy token's offset at ``difference`` bytes into a chunk (§2.4.1.3.19.1)."""
    bits = 4
    while (1 << bits) < difference:
        bits += 1
    return bits


def _compress_chunk(data: bytes) -> bytes:
    """One chunk (≤ 4,096 bytes) as its header and body; raw when compressing would not help."""
    out = bytearray()
    index: dict[bytes, list[int]] = {}
    pos = 0
    end = len(data)
    while pos < end:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            bits = _bit_count(pos)
            max_length = (0xFFFF >> bits) + 3
            best_length, best_offset = 0, 0
            for candidate in reversed(index.get(data[pos:pos + 3], ())):
                length = 0
                limit = min(max_length, end - pos)
                while length < limit and data[candidate + length] == data[pos + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, pos - candidate
                    if length == limit:
                        break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bits)) | (best_length - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_length
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + 3 <= end:
                    index.setdefault(data[p:p + 3], []).append(p)
            pos += step
        out[flag_at] = flags
    if len(out) > CHUNK:
        # §2.4.1.3.7: a raw chunk always carries 4,096 bytes
        return struct.pack("<H", (CHUNK - 1) | 0x3000) + data.ljust(CHUNK, b"\x00")
    return struct.pack("<H", (len(out) + 2 - 3) | 0x3000 | 0x8000) + bytes(out)


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer."""
    out = bytearray([_SIGNATURE])
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data[start:start + CHUNK])
    return bytes(out)


class CompressionError(ValueError):
    """Not a valid CompressedContainer."""


def decompress(container: bytes) -> bytes:
    """The data of an MS-OVBA CompressedContainer (§2.4.1.3.1)."""
    if not container or container[0] != _SIGNATURE:
        raise CompressionError("no compressed container signature")
    out = bytearray()
    pos = 1
    while pos < len(container):
        if pos + 2 > len(container):
            raise CompressionError("truncated chunk header")
        (header,) = struct.unpack_from("<H", container, pos)
        size = (header & 0x0FFF) + 3
        if (header >> 12) & 0b111 != 0b011:
            raise CompressionError("bad chunk signature")
        chunk_end = min(pos + size, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += container[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < chunk_end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= chunk_end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                (token,) = struct.unpack_from("<H", container, pos)
                pos += 2
                bits = _bit_count(len(out) - chunk_start)
                length = (token & (0xFFFF >> bits)) + 3
                offset = (token >> (16 - bits)) + 1
                if offset > len(out) - chunk_start:
                    raise CompressionError("copy token points before its chunk")
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)
