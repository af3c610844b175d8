"""Hostile archives and spreadsheets, built small and fast for tests and benchmarks/bench_hostile.py."""
from __future__ import annotations

import io
import struct
import zipfile

SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def xlsx_with_shared_strings(count: int, part: str = "xl/sharedStrings.xml", declare: bool = True) -> bytes:
    """The roster template with `count` empty shared strings (compresses to a few KB for millions)."""
    from checks.roster import template_xlsx

    src = zipfile.ZipFile(io.BytesIO(template_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/{part}" ContentType="{SST_TYPE}"/></Types>'.encode())
            if info.filename == "xl/_rels/workbook.xml.rels":
                target = part.removeprefix("xl/")
                data = data.replace(b"</Relationships>",
                                    f'<Relationship Type="{SST_REL}" Target="{target}" Id="rId99"/></Relationships>'.encode())
            z.writestr(info.filename, data)
        attrs = f' count="{count}" uniqueCount="{count}"' if declare else ""
        sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
               f'2006/main"{attrs}>').encode() + b"<si><t/></si>" * count + b"</sst>"
        z.writestr(part, sst)
    return out.getvalue()


def zip_with_empty_members(count: int) -> bytes:
    """A real ZIP with `count` empty stored members (a few MB per 100,000), written by hand for speed."""
    local, central = [], []
    offset = 0
    for i in range(count):
        name = f"{i:x}".encode()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0,
                                   len(name), 0, 0, 0, 0, 0, offset) + name)
        local.append(header)
        offset += len(header)
    cd = b"".join(central)
    return b"".join(local) + cd + _end_records(count, len(cd), offset)


def _end_records(count: int, cd_size: int, cd_offset: int, zip64_at: int | None = None) -> bytes:
    if count < 0xFFFF and cd_offset < 0xFFFFFFFF:
        return struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, 0)
    zip64_at = cd_offset + cd_size if zip64_at is None else zip64_at
    record = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, zip64_at, 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return record + locator + end


def zip_declaring(count: int, cd_size: int) -> bytes:
    """Only the end records of a ZIP that claims `count` members in a `cd_size`-byte directory (nothing else)."""
    return _end_records(count, cd_size, 0, zip64_at=0)
