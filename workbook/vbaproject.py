"""A VBA project (``vbaProject.bin``) read from a template, changed, and written back as source only.

MS-OVBA §2.3.4.1: with ``_VBA_PROJECT`` version 0xFFFF and no performance cache, Excel compiles the
project from its source on first open; that is how a project is built outside Excel. The project's
references and settings are kept from the template as they are (the ``dir`` stream's records up to
its module list); modules are written anew, each as compressed source at offset 0.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field, replace
from typing import Literal

import olefile

from workbook.cfb import write_cfb
from workbook.ovba import compress, decompress

ModuleKind = Literal["module", "class", "document"]

_PROJECTNAME = 0x0004
_PROJECTMODULES = 0x000F
_PROJECTVERSION = 0x0009
_MODULENAME = 0x0019
_MODULEOFFSET = 0x0031
_MODULE_END = 0x002B
_DIR_END = 0x0010
_PROCEDURAL, _NONPROCEDURAL = 0x0021, 0x0022
_VBA_PROJECT = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)


class VbaProjectError(ValueError):
    """The template's VBA project could not be read."""


@dataclass(frozen=True)
class Module:
    name: str
    kind: ModuleKind
    source: str
    """The module's text as stored, ``Attribute VB_Name`` lines included, lines ending CRLF."""
    records: tuple[tuple[int, bytes], ...] = ()
    """The template's records of this module in the ``dir`` stream, kept where there were some."""


@dataclass
class VbaProject:
    name: str
    codepage: str
    head: list[tuple[int, bytes]]
    """The ``dir`` stream's records before its module list (information and references)."""
    project_lines: list[str]
    modules: list[Module] = field(default_factory=list)

    def module(self, name: str) -> Module:
        for m in self.modules:
            if m.name == name:
                return m
        raise KeyError(name)

    def put(self, module: Module) -> None:
        """Add a module, or replace the one with its name (keeping its place)."""
        for i, m in enumerate(self.modules):
            if m.name == module.name:
                self.modules[i] = module
                return
        self.modules.append(module)

    def remove(self, name: str) -> None:
        self.modules = [m for m in self.modules if m.name != name]


def _records(data: bytes) -> list[tuple[int, bytes]]:
    records: list[tuple[int, bytes]] = []
    pos = 0
    while pos + 6 <= len(data):
        rid, size = struct.unpack_from("<HI", data, pos)
        if rid == _PROJECTVERSION:  # its size field says 4, but 6 bytes follow (§2.3.4.2.1.10)
            size = 6
        records.append((rid, data[pos + 6: pos + 6 + size]))
        pos += 6 + size
    return records


def _pack(records: list[tuple[int, bytes]]) -> bytes:
    out = bytearray()
    for rid, body in records:
        size = 4 if rid == _PROJECTVERSION else len(body)
        out += struct.pack("<HI", rid, size) + body
    return bytes(out)


def read_project(data: bytes) -> VbaProject:
    """The project in a ``vbaProject.bin``: its settings, references and every module's source."""
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        records = _records(decompress(ole.openstream("VBA/dir").read()))
        project_text = ole.openstream("PROJECT").read()
    except (OSError, ValueError) as exc:
        raise VbaProjectError(f"not a VBA project: {exc}") from exc
    codepage = "cp" + str(next(struct.unpack("<H", b)[0] for r, b in records if r == 0x0003))
    split = next(i for i, (rid, _) in enumerate(records) if rid == _PROJECTMODULES)
    head = records[:split]
    name = next(b for r, b in head if r == _PROJECTNAME).decode(codepage)
    modules: list[Module] = []
    current: list[tuple[int, bytes]] = []
    for rid, body in records[split + 2:]:
        if rid == _DIR_END:
            break
        current.append((rid, body))
        if rid == _MODULE_END:
            modules.append(_module(ole, current, codepage))
            current = []
    lines = project_text.decode(codepage).splitlines()
    documents = {ln.split("=", 1)[1].split("/")[0] for ln in lines if ln.startswith("Document=")}
    modules = [replace(m, kind="document") if m.name in documents else m for m in modules]
    return VbaProject(name, codepage, head, lines, modules)


def _module(ole: olefile.OleFileIO, records: list[tuple[int, bytes]], codepage: str) -> Module:
    fields = dict(records)
    name = fields[_MODULENAME].decode(codepage)
    stream = fields[0x001A].decode(codepage)
    (offset,) = struct.unpack("<I", fields[_MODULEOFFSET])
    source = decompress(ole.openstream(f"VBA/{stream}").read()[offset:]).decode(codepage)
    kind: ModuleKind = "module" if _PROCEDURAL in fields else "class"
    return Module(name, kind, source, tuple(records))


def _name_records(rid: int, unicode_id: int, text: str, codepage: str) -> list[tuple[int, bytes]]:
    return [(rid, text.encode(codepage)), (unicode_id, text.encode("utf-16-le"))]


def _module_records(module: Module, codepage: str) -> list[tuple[int, bytes]]:
    if module.records:
        kept = [(rid, body) for rid, body in module.records if rid not in (_MODULEOFFSET, _MODULE_END)]
        cut = next(i for i, (rid, _) in enumerate(kept) if rid == 0x001E)
        return [*kept[:cut], (_MODULEOFFSET, struct.pack("<I", 0)), *kept[cut:], (_MODULE_END, b"")]
    return [
        *_name_records(_MODULENAME, 0x0047, module.name, codepage),
        *_name_records(0x001A, 0x0032, module.name, codepage),
        *_name_records(0x001C, 0x0048, "", codepage),
        (_MODULEOFFSET, struct.pack("<I", 0)),
        (0x001E, struct.pack("<I", 0)),
        (0x002C, struct.pack("<H", 0xFFFF)),
        (_PROCEDURAL if module.kind == "module" else _NONPROCEDURAL, b""),
        (_MODULE_END, b""),
    ]


def _project_stream(project: VbaProject) -> bytes:
    """The PROJECT stream: the template's lines, with this project's name and module list."""
    listed = ("Document=", "Module=", "Class=", "BaseClass=", "Package=")
    head = [ln for ln in project.project_lines if not ln.startswith(listed) and not ln.startswith("Name=")]
    first_section = next((i for i, ln in enumerate(head) if ln.startswith("[")), len(head))
    entries = []
    for m in project.modules:
        if m.kind == "document":
            entries.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            entries.append(f"Class={m.name}")
        else:
            entries.append(f"Module={m.name}")
    id_line = [ln for ln in head[:first_section] if ln.startswith("ID=")]
    rest = [ln for ln in head[:first_section] if not ln.startswith("ID=")]
    workspace_at = next((i for i, ln in enumerate(head) if ln == "[Workspace]"), None)
    tail = head[first_section:] if workspace_at is None else head[first_section:workspace_at]
    lines = [*id_line, *entries, f'Name="{project.name}"', *rest, *tail]
    if workspace_at is not None:
        lines += ["[Workspace]", *(f"{m.name}=0, 0, 0, 0, C" for m in project.modules)]
    return ("\r\n".join(lines) + "\r\n").encode(project.codepage)


def _names_stream(project: VbaProject) -> bytes:
    out = bytearray()
    for m in project.modules:
        out += m.name.encode(project.codepage) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def write_project(project: VbaProject) -> bytes:
    """The ``vbaProject.bin`` of ``project``: source only, for Excel to compile when it opens."""
    head = [(rid, project.name.encode(project.codepage)) if rid == _PROJECTNAME else (rid, body)
            for rid, body in project.head]
    records = [*head, (_PROJECTMODULES, struct.pack("<H", len(project.modules))),
               (0x0013, struct.pack("<H", 0xFFFF))]
    for module in project.modules:
        records += _module_records(module, project.codepage)
    records.append((_DIR_END, b""))
    streams = {
        "PROJECT": _project_stream(project),
        "PROJECTwm": _names_stream(project),
        "VBA/_VBA_PROJECT": _VBA_PROJECT,
        "VBA/dir": compress(_pack(records)),
    }
    for module in project.modules:
        streams[f"VBA/{module.name}"] = compress(module.source.encode(project.codepage))
    return write_cfb(streams)
