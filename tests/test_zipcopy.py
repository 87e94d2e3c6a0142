"""workbook.zipcopy: members kept are copied as stored, replaced ones compressed; every CRC checks."""

from __future__ import annotations

import io
import os
import zipfile

from workbook.zipcopy import replaced, stored_bytes


def _archive(members: dict[str, bytes], *, descriptor: bool = False) -> bytes:
    if descriptor:  # sizes in a data descriptor after each member: zipfile writes them to unseekable files
        class Unseekable(io.RawIOBase):
            def __init__(self) -> None:
                self.buffer = io.BytesIO()

            def writable(self) -> bool:
                return True

            def write(self, b: object) -> int:
                return self.buffer.write(b)  # type: ignore[arg-type]

        sink = Unseekable()
        with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as target:
            for name, data in members.items():
                with target.open(name, "w") as fh:
                    fh.write(data)
        data = sink.buffer.getvalue()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert all(i.flag_bits & 0x8 for i in archive.infolist())
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members.items():
            target.writestr(name, content)
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {i.filename: archive.read(i) for i in archive.infolist()}


MEMBERS = {"[Content_Types].xml": b"<Types/>" * 50, "xl/worksheets/sheet1.xml": b"<row/>" * 5000,
           "xl/media/image1.png": os.urandom(3000), "empty.txt": b""}


def test_kept_members_are_copied_as_stored_and_replaced_ones_read_back() -> None:
    for descriptor in (False, True):
        source = _archive(MEMBERS, descriptor=descriptor)
        out = replaced(source, {"xl/worksheets/sheet1.xml": b"<row/>" * 7})
        assert _members(out) == {**MEMBERS, "xl/worksheets/sheet1.xml": b"<row/>" * 7}
        with zipfile.ZipFile(io.BytesIO(source)) as a, zipfile.ZipFile(io.BytesIO(out)) as b:
            assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
            for name in ("[Content_Types].xml", "xl/media/image1.png"):
                assert stored_bytes(out, b.getinfo(name)) == stored_bytes(source, a.getinfo(name))


def test_a_part_written_as_another_archive_holds_it_is_copied_from_there() -> None:
    other = _archive({"xl/worksheets/sheet9.xml": b"<row/>" * 5000})
    with zipfile.ZipFile(io.BytesIO(other)) as archive:
        info = archive.getinfo("xl/worksheets/sheet9.xml")
    source = _archive(MEMBERS)
    out = replaced(source, {"xl/worksheets/sheet1.xml": b"<row/>" * 5000},
                   kept={"xl/worksheets/sheet1.xml": (other, info)})
    assert _members(out) == MEMBERS
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        assert stored_bytes(out, archive.getinfo("xl/worksheets/sheet1.xml")) == stored_bytes(other, info)
