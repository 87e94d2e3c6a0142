"""A sheet part compressed in pieces: one ordinary deflate stream whatever was copied into it,
pieces copied from the previous write only where their bytes are the very same."""

from __future__ import annotations

import io
import zipfile
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.segments import Segmented, cut_points, deflate, packed, unpacked
from workbook.zipcopy import replaced

HEAD = b'<worksheet><dimension ref="A1:C9"/><sheetData><row r="1"><c r="A1"/></row>'
TAIL = b"</sheetData><sheetProtection sheet=\"1\"/></worksheet>"


def part(rows: dict[int, bytes]) -> bytes:
    body = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (r, r, v)
                    for r, v in sorted(rows.items()))
    return HEAD + body + TAIL


def inflate(data: bytes) -> bytes:
    return zlib.decompress(data, -15)


def test_pieces_make_one_stream() -> None:
    rows = {r: b"value %d" % r * 20 for r in range(2, 40)}
    xml = part(rows)
    cuts = cut_points(xml, [2, 10, 25])
    assert [r for r, _ in cuts] == [2, 10, 25]
    done = deflate(xml, cuts, level=3)
    assert inflate(done.data) == xml and done.crc == zlib.crc32(xml) and done.reused == 0
    assert [s.row for s in done.written.segments] == [2, 10, 25]
    for s in done.written.segments:  # each piece decompresses by itself, from its own first byte
        assert zlib.decompressobj(-15).decompress(done.data[s.start:s.start + s.size]) == \
            xml[s.raw_start:s.raw_start + s.raw_size]


def test_a_later_write_copies_the_pieces_that_did_not_change() -> None:
    rows = {r: b"kindergarten %d" % (r // 10) * 5 for r in range(2, 50)}
    first_xml = part(rows)
    first = deflate(first_xml, cut_points(first_xml, [2, 12, 22, 32, 42]), level=3)
    rows[15] = b"changed"  # in the second piece: the same rows, a shorter one
    second_xml = part(rows)
    second = deflate(second_xml, cut_points(second_xml, [2, 12, 22, 32, 42]), level=3, before=first.written,
                     old_part=first_xml, old_data=first.data)
    assert inflate(second.data) == second_xml and second.crc == zlib.crc32(second_xml)
    assert second.reused == 4  # all but the piece of rows 12-21
    old = first.written.by_row()
    assert {s.row for s in second.written.segments if second.data[s.start:s.start + s.size]
            == first.data[old[s.row].start:old[s.row].start + old[s.row].size]} == {2, 22, 32, 42}


def test_the_same_length_but_other_bytes_is_compressed_again() -> None:
    rows = {r: b"aaaa" for r in range(2, 12)}
    first_xml = part(rows)
    first = deflate(first_xml, cut_points(first_xml, [2, 7]), level=3)
    rows[3] = b"bbbb"
    second_xml = part(rows)
    second = deflate(second_xml, cut_points(second_xml, [2, 7]), level=3, before=first.written,
                     old_part=first_xml, old_data=first.data)
    assert second.reused == 1 and inflate(second.data) == second_xml


def test_a_memory_that_does_not_fit_the_member_copies_nothing() -> None:
    xml = part({r: b"x" * 50 for r in range(2, 30)})
    first = deflate(xml, cut_points(xml, [2, 15]), level=3)
    short = deflate(xml, cut_points(xml, [2, 15]), level=3, before=first.written, old_part=xml,
                    old_data=first.data[:10])
    assert short.reused == 0 and inflate(short.data) == xml


def test_cutting_stops_at_a_row_the_part_does_not_hold() -> None:
    xml = part({2: b"a", 3: b"b", 9: b"c"})
    assert [r for r, _ in cut_points(xml, [2, 5, 9])] == [2]
    assert cut_points(b"<worksheet/>", [2]) == []
    plain = deflate(xml, [], level=3)
    assert inflate(plain.data) == xml and plain.written.segments == ()


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.binary(min_size=0, max_size=40).map(lambda b: b.hex().encode()), min_size=1, max_size=30),
       changes=st.dictionaries(st.integers(min_value=0, max_value=29), st.binary(max_size=30).map(lambda b: b.hex().encode())),
       step=st.integers(min_value=1, max_value=7))
def test_any_change_reads_back_exactly(values: list[bytes], changes: dict[int, bytes], step: int) -> None:
    rows = {i + 2: v for i, v in enumerate(values)}
    firsts = list(range(2, len(values) + 2, step))
    first_xml = part(rows)
    first = deflate(first_xml, cut_points(first_xml, firsts), level=1)
    rows.update({i + 2: v for i, v in changes.items() if i < len(values)})
    second_xml = part(rows)
    second = deflate(second_xml, cut_points(second_xml, firsts), level=1, before=first.written,
                     old_part=first_xml, old_data=first.data)
    assert inflate(second.data) == second_xml and second.crc == zlib.crc32(second_xml)
    assert unpacked(packed(second.written)) == second.written


def test_a_member_given_compressed_is_a_valid_zip_member() -> None:
    xml = part({r: b"row %d" % r for r in range(2, 200)})
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"<old/>")
        z.writestr("other.xml", b"<kept/>")
    done = deflate(xml, cut_points(xml, [2, 100]), level=3)
    out = replaced(source.getvalue(), {"xl/worksheets/sheet1.xml": xml},
                   compressed={"xl/worksheets/sheet1.xml": (done.data, done.crc, len(xml))})
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert z.testzip() is None
        assert z.read("xl/worksheets/sheet1.xml") == xml and z.read("other.xml") == b"<kept/>"


def test_unpacked_refuses_what_packed_did_not_make() -> None:
    assert unpacked(None) is None and unpacked([1, 2, 3]) is None and unpacked([1, 2, 3, [[1, 2]]]) is None
    assert unpacked(packed(Segmented(1, 2, 3, ()))) == Segmented(1, 2, 3, ())
