"""An .xlsx rewritten with some members replaced: every member kept is copied as it is stored
(its compressed bytes, CRC and sizes), so only what changed is compressed again.

The standard library's ``zipfile`` has no public raw copy; this reads a member's stored bytes from
its local header (offset in the central directory) and writes them under a fresh local header made
by ``zipfile`` itself. A member it cannot vouch for (encrypted, compressed other than stored or
deflated, a header that is not where the directory says) is decompressed and compressed as before.
Reading the result back checks every CRC (``tests/test_zipcopy.py``).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Mapping

_LOCAL = b"PK\x03\x04"
_LOCAL_SIZE = 30
_ENCRYPTED = 0x1


def stored_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes | None:
    """The member's bytes as stored in the archive ``data`` (None: not copyable as they are)."""
    if info.flag_bits & _ENCRYPTED or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return None
    at = info.header_offset
    header = data[at:at + _LOCAL_SIZE]
    if len(header) < _LOCAL_SIZE or header[:4] != _LOCAL:
        return None
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = at + _LOCAL_SIZE + name_length + extra_length
    stored = data[start:start + info.compress_size]
    return stored if len(stored) == info.compress_size else None


def write_stored(target: zipfile.ZipFile, name: str, info: zipfile.ZipInfo, stored: bytes) -> None:
    """Write a member named ``name`` whose stored bytes, CRC and sizes are ``info``'s."""
    fresh = zipfile.ZipInfo(name, date_time=info.date_time)
    fresh.compress_type = info.compress_type
    fresh.external_attr = info.external_attr
    fresh.CRC = info.CRC
    fresh.compress_size = info.compress_size
    fresh.file_size = info.file_size
    out = target.fp
    if out is None:
        raise ValueError("the archive is closed")
    fresh.header_offset = out.tell()
    out.write(fresh.FileHeader())
    out.write(stored)
    target.filelist.append(fresh)
    target.NameToInfo[name] = fresh
    target.start_dir = out.tell()


def replaced(data: bytes, parts: Mapping[str, bytes], *, kept: Mapping[str, tuple[bytes, zipfile.ZipInfo]] | None = None,
             compressed: Mapping[str, tuple[bytes, int, int]] | None = None, compresslevel: int = 6) -> bytes:
    """The archive ``data``'s members in order, ``parts`` replacing theirs (compressed), every other
    member copied as stored. ``kept``: members of ``parts`` whose new bytes are known to be another
    archive's member as it is (that archive's bytes and its entry), copied from there as stored.
    ``compressed``: members of ``parts`` already compressed (raw deflate, its CRC and size)."""
    out = io.BytesIO()
    extra = kept or {}
    ready = compressed or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as target:
        for info in archive.infolist():
            name = info.filename
            if name in ready and name not in extra:
                deflated, crc, size = ready[name]
                made = zipfile.ZipInfo(name, date_time=info.date_time)
                made.compress_type = zipfile.ZIP_DEFLATED
                made.external_attr = info.external_attr
                made.CRC, made.compress_size, made.file_size = crc, len(deflated), size
                write_stored(target, name, made, deflated)
                continue
            if name in extra:
                other, other_info = extra[name]
                stored = stored_bytes(other, other_info)
                if stored is not None:
                    write_stored(target, name, other_info, stored)
                    continue
            if name not in parts:
                stored = stored_bytes(data, info)
                if stored is not None:
                    write_stored(target, name, info, stored)
                    continue
            content = parts[name] if name in parts else archive.read(info)
            fresh = zipfile.ZipInfo(name, date_time=info.date_time)
            fresh.compress_type = zipfile.ZIP_DEFLATED
            fresh.external_attr = info.external_attr
            target.writestr(fresh, content, compresslevel=compresslevel)
    return out.getvalue()


__all__ = ["replaced", "stored_bytes", "write_stored"]
