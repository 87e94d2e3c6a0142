"""The file formats under the add-in: MS-OVBA compression and the compound file writer.

Our compressor is checked against oletools' decompressor, our compound files against olefile,
and the VBA project written from xlwings' template against olevba.
"""

from __future__ import annotations

import io
import os
import warnings
import zipfile

import olefile
import pytest

with warnings.catch_warnings():  # oletools still calls pyparsing's old names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

from macros.addin import TEMPLATE
from workbook.cfb import CfbError, write_cfb
from workbook.ovba import CompressionError, compress, decompress
from workbook.vbaproject import Module, read_project, write_project


@pytest.fixture(scope="module")
def template_vba() -> bytes:
    with zipfile.ZipFile(TEMPLATE) as z:
        return z.read("xl/vbaProject.bin")


@pytest.fixture(scope="module")
def vba_source(template_vba: bytes) -> bytes:
    """A real VBA module: xlwings' own, about 44 KB of text."""
    return read_project(template_vba).module("xlwings").source.encode("cp1252")


def test_spec_example_without_compression() -> None:
    # MS-OVBA §3.2.1: 23 bytes with nothing to match
    assert compress(b"abcdefghijklmnopqrstuv.") == bytes.fromhex(
        "01 19 b0 00 61 62 63 64 65 66 67 68 00 69 6a 6b 6c 6d 6e 6f 70 00 71 72 73 74 75 76 2e")


CASES = {
    "empty": b"",
    "one byte": b"x",
    "three": b"aaa",
    "repeats": b"#aaabcdefaaaaghijaaaabcdefaaaaghijaaaa",
    "spaces across chunks": b" " * 10_000,
    "exactly one chunk": bytes(range(256)) * 16,
    "one chunk and one byte": b"Sub A()\r\nEnd Sub\r\n" * 227 + b"x",
    "vba lines": b"Attribute VB_Name = \"M\"\r\n" + b"    RunPython \"import a; a.b()\"\r\n" * 300,
}


@pytest.mark.parametrize("data", list(CASES.values()), ids=list(CASES))
def test_compression_round_trips_through_oletools(data: bytes) -> None:
    packed = compress(data)
    assert decompress_stream(bytearray(packed)) == data
    assert decompress(packed) == data


def test_incompressible_chunks_are_stored_raw() -> None:
    data = os.urandom(8192)
    packed = compress(data)
    assert len(packed) == 1 + 2 * (2 + 4096)  # two raw chunks
    assert decompress_stream(bytearray(packed)) == data


def test_real_vba_source_compresses_like_office(template_vba: bytes, vba_source: bytes) -> None:
    packed = compress(vba_source)
    assert decompress_stream(bytearray(packed)) == vba_source
    ole = olefile.OleFileIO(io.BytesIO(template_vba))
    office = ole.openstream("VBA/xlwings").read()  # written by Office/xlwings' tooling, offset 0
    assert decompress(office) == vba_source
    assert abs(len(packed) - len(office)) <= len(office) * 0.02


@pytest.mark.parametrize("bad", [b"", b"\x02abc", b"\x01\x19\x00"])
def test_decompress_refuses_what_is_not_a_container(bad: bytes) -> None:
    with pytest.raises(CompressionError):
        decompress(bad)


def _entries(data: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, colour, left, right, child) of every directory entry, as olefile parsed them."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    return [(e.name, e.entry_type, e.color, e.sid_left, e.sid_right, e.sid_child)
            for e in ole.direntries if e is not None]


def _check_tree(entries: list[tuple[str, int, int, int, int, int]], node: int) -> int:
    """The black height of the subtree at ``node``; fails on a broken order or colouring."""
    if node == 0xFFFFFFFF:
        return 1
    name, _, colour, left, right, _ = entries[node]
    for side, wanted in ((left, -1), (right, 1)):
        if side != 0xFFFFFFFF:
            other = entries[side][0]
            order = ((len(other), other.upper()) > (len(name), name.upper())) - (
                (len(other), other.upper()) < (len(name), name.upper()))
            assert order == wanted, (name, other)
            if colour == 0:
                assert entries[side][2] == 1, f"red {name} has a red child"
    heights = {_check_tree(entries, left), _check_tree(entries, right)}
    assert len(heights) == 1, f"unequal black heights under {name}"
    return heights.pop() + (colour == 1)


STREAM_SIZES = [0, 1, 63, 64, 65, 4095, 4096, 4097, 70_000]


def test_compound_file_reads_back_with_olefile() -> None:
    streams = {f"S/s{size}": os.urandom(size) for size in STREAM_SIZES}
    streams |= {f"VBA/m{i:02d}": f"module {i}".encode() * i for i in range(1, 23)}
    streams["PROJECT"] = b"ID=\"{x}\"\r\n"
    streams["a/b/c/deep"] = b"deep"
    data = write_cfb(streams)
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    read = {"/".join(p): ole.openstream("/".join(p)).read() for p in ole.listdir()}
    assert read == streams
    entries = _entries(data)
    assert entries[0][0] == "Root Entry" and entries[0][2] == 1
    storages = [child for _, kind, _, _, _, child in entries if kind in (1, 5)]
    assert len(storages) == 6  # the root, S, VBA, a, a/b, a/b/c
    for child in storages:
        _check_tree(entries, child)


def test_compound_file_refuses_long_names_and_clashes() -> None:
    with pytest.raises(CfbError):
        write_cfb({"x" * 32: b""})
    with pytest.raises(CfbError):
        write_cfb({"a": b"1", "a/b": b"2"})


def test_template_project_round_trips(template_vba: bytes) -> None:
    project = read_project(template_vba)
    assert project.name == "MyAddin" and project.codepage == "cp1252"
    kinds = {m.name: m.kind for m in project.modules}
    assert kinds == {"ThisWorkbook": "document", "Dictionary": "class", "RibbonMyAddin": "module",
                     "Sheet2": "document", "xlwings": "module"}
    again = read_project(write_project(project))
    assert [(m.name, m.kind, m.source) for m in again.modules] == [
        (m.name, m.kind, m.source) for m in project.modules]


def test_added_module_is_found_by_olevba(template_vba: bytes) -> None:
    project = read_project(template_vba)
    project.name = "Test"
    project.put(Module("Added", "module", 'Attribute VB_Name = "Added"\r\nSub Hello()\r\n    MsgBox "hi"\r\nEnd Sub\r\n'))
    project.remove("RibbonMyAddin")
    data = write_project(project)
    found = {stream: code for _, stream, _, code in VBA_Parser("vbaProject.bin", data=data).extract_macros()}
    assert set(found) == {"VBA/ThisWorkbook", "VBA/Dictionary", "VBA/Sheet2", "VBA/xlwings", "VBA/Added"}
    assert "Sub Hello()" in found["VBA/Added"]
    ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("cc61ffff000100")  # version 0xFFFF
    text = ole.openstream("PROJECT").read().decode("cp1252")
    assert "Module=Added" in text and 'Name="Test"' in text and "RibbonMyAddin" not in text
