"""The photo ZIP of a class: an index of its photos by file stem, members read one at a time, in memory.

Nothing is extracted to disk. The member count is read from the ZIP's end record before zipfile parses the
directory (checks.safezip); unsafe names, non-images, encrypted members and likely zip bombs are skipped and
reported in Chinese (`notes`).
"""
from __future__ import annotations

import posixpath
import zipfile
from typing import IO

from checks import safezip
from checks.roster import Student

# Photo ZIP limits. A class is at most a few hundred students; phone photos are under 20 MB; JPEG barely
# compresses, so a member that claims to inflate more than MAX_RATIO times is a zip bomb.
MAX_MEMBERS = 5000
MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_RATIO = 20
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp", ".tif", ".tiff")
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
UTF8_FLAG = 0x800


class PhotoArchiveError(ValueError):
    """The photo ZIP as a whole cannot be used; the message says what to do, in Chinese."""


def member_name(info: zipfile.ZipInfo) -> str:
    """The name as its author saw it. Without the UTF-8 flag zipfile decodes as cp437; Chinese Windows wrote GBK
    and macOS wrote UTF-8 (without setting the flag), so undo cp437 and try those."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _too_many(members: int | None) -> str:
    found = f"有 {members} 个文件" if members else "的文件目录大得异常"
    return f"照片压缩包里{found}，超过 {MAX_MEMBERS} 个。请只放本班考生的照片，或分成几个压缩包分批检查。"


def _key(text: str) -> str:
    return text.strip().upper()


class PhotoArchive:
    """An index of the photos in a ZIP, by file stem; members are read one at a time, in memory, on demand."""

    def __init__(self, fileobj: IO[bytes]):
        try:
            # counted from the end record first: zipfile would parse millions of entries before we could refuse
            safezip.check_members(fileobj, MAX_MEMBERS)
            self._zip = zipfile.ZipFile(fileobj)
            infos = self._zip.infolist()
        except safezip.ZipLimitError as exc:
            raise PhotoArchiveError(_too_many(exc.members)) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise PhotoArchiveError("照片压缩包打不开：请上传 .zip 格式的压缩包（在电脑上选中照片，右键“压缩”或“发送到→压缩文件夹”）。") from None
        if len(infos) > MAX_MEMBERS:  # the end record understated the count
            self._zip.close()
            raise PhotoArchiveError(_too_many(len(infos)))
        self.notes: list[str] = []  # members skipped, and why (Chinese)
        self._by_key: dict[str, zipfile.ZipInfo] = {}
        self._names: dict[int, str] = {}
        self._used: set[int] = set()
        for info in infos:
            self._add(info)

    def _add(self, info: zipfile.ZipInfo) -> None:
        name = member_name(info).replace("\\", "/")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        base = parts[-1] if parts else ""
        if info.is_dir() or not parts or "__MACOSX" in parts or base.startswith("._") or base.lower() in JUNK_NAMES:
            return  # folders and the junk that macOS and Windows add: not worth mentioning
        if name.startswith("/") or ".." in parts or ":" in parts[0]:
            self.notes.append(f"“{name}”的路径不安全（指向压缩包外），已跳过。")
            return
        stem, ext = posixpath.splitext(base)
        if ext.lower() not in PHOTO_EXTENSIONS:
            self.notes.append(f"“{name}”不是照片文件（只认 .jpg/.jpeg/.png/.heic 等），已跳过。")
            return
        if info.flag_bits & 0x1:
            self.notes.append(f"“{name}”设置了密码，读不了，已跳过。请压缩时不要加密码。")
            return
        if info.file_size > MAX_PHOTO_BYTES:
            self.notes.append(f"“{name}”超过 {MAX_PHOTO_BYTES // 1024 // 1024}MB，不像一张证件照，已跳过。")
            return
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            self.notes.append(f"“{name}”压缩比异常（可能是恶意构造的文件），已跳过。")
            return
        key = _key(stem)
        if key in self._by_key:
            self.notes.append(f"“{name}”与“{self._names[id(self._by_key[key])]}”重名，只用了后者。")
            return
        self._by_key[key] = info
        self._names[id(info)] = name

    def find(self, student: Student) -> zipfile.ZipInfo | None:
        """The 照片文件名 column first (with or without extension), then 准考证号, then 身份证号."""
        candidates = []
        if student.photo_name:
            candidates.append(posixpath.splitext(student.photo_name.replace("\\", "/").split("/")[-1])[0])
            candidates.append(student.photo_name)
        candidates += [student.admission_number, student.id_number]
        for candidate in candidates:
            info = self._by_key.get(_key(candidate)) if candidate else None
            if info is not None:
                self._used.add(id(info))
                return info
        return None

    def name(self, info: zipfile.ZipInfo) -> str:
        return self._names[id(info)]

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """One member's bytes, never more than MAX_PHOTO_BYTES whatever its header claims."""
        with self._zip.open(info) as fh:
            data = fh.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValueError("文件解压后过大")
        return data

    def unmatched(self) -> list[str]:
        return [self._names[id(i)] for i in self._by_key.values() if id(i) not in self._used]

    def close(self) -> None:
        self._zip.close()
