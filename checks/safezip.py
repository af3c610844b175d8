"""Count a ZIP's members from its end-of-central-directory record, before `zipfile` parses the directory.

`zipfile.ZipFile()` reads the whole central directory into memory and builds a ZipInfo per entry before any
limit can be applied: 5 million empty entries cost a minute and gigabytes. The record at the end of the file
states how many entries there are and how big the directory is; both are read here from the last 64 KB, and
a directory larger than the member limit allows is refused without reading it. Used for the photo ZIP and for
XLSX rosters (an XLSX is a ZIP).
"""
from __future__ import annotations

import struct
from typing import IO

EOCD = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"
MAX_COMMENT = 0xFFFF
# A central-directory entry is 46 bytes plus its name and extra fields; photo names are short, but allow
# generous 1 KB per member on average before calling a directory too big.
BYTES_PER_MEMBER = 1024


class ZipLimitError(ValueError):
    """The archive declares more members (or a bigger directory) than allowed."""

    def __init__(self, members: int | None):
        super().__init__(f"{members} members")
        self.members = members  # None: the directory is too big for the limit, count not trusted


def directory_facts(fileobj: IO[bytes]) -> tuple[int, int] | None:
    """(declared member count, central directory size in bytes), or None when no end record is found (not a
    ZIP, or a damaged one: zipfile will say so). The file position is restored."""
    start = fileobj.tell()
    try:
        fileobj.seek(0, 2)
        size = fileobj.tell()
        tail_len = min(size, 22 + MAX_COMMENT)
        fileobj.seek(size - tail_len)
        tail = fileobj.read(tail_len)
        at = tail.rfind(EOCD)
        while at >= 0 and at + 22 > len(tail):
            at = tail.rfind(EOCD, 0, at)
        if at < 0:
            return None
        _, _, _, _, entries, cd_size, _, _ = struct.unpack("<4sHHHHIIH", tail[at:at + 22])
        if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
            # ZIP64: the locator sits 20 bytes before the end record and points at the ZIP64 end record
            eocd_pos = size - tail_len + at
            if eocd_pos < 20:
                return entries, cd_size
            fileobj.seek(eocd_pos - 20)
            locator = fileobj.read(20)
            if locator[:4] == ZIP64_LOCATOR:
                _, _, record_pos, _ = struct.unpack("<4sIQI", locator)
                fileobj.seek(record_pos)
                record = fileobj.read(56)
                if len(record) == 56 and record[:4] == ZIP64_EOCD:
                    entries, cd_size = struct.unpack("<QQ", record[32:48])
        return entries, cd_size
    finally:
        fileobj.seek(start)


def check_members(fileobj: IO[bytes], max_members: int) -> None:
    """Raise ZipLimitError when the archive declares more than `max_members` entries or a central directory
    bigger than that many entries need. Cheap: reads at most the last 64 KB (and 76 bytes for ZIP64)."""
    facts = directory_facts(fileobj)
    if facts is None:
        return
    entries, cd_size = facts
    if entries > max_members:
        raise ZipLimitError(entries)
    if cd_size > max_members * BYTES_PER_MEMBER:
        # zipfile walks the directory by its size, not its count: a lying count must not let it through
        raise ZipLimitError(None)
