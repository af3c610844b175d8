"""The photo ZIP: traversal names, zip bombs, junk, nested folders, GBK names; nothing is ever extracted."""
import io
import zipfile

import pytest

from checks import photo_archive
from checks.photo_archive import PhotoArchive, PhotoArchiveError
from checks.roster import Student


class GbkInfo(zipfile.ZipInfo):
    """A member named the way Chinese Windows writes it: GBK bytes, UTF-8 flag unset."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~photo_archive.UTF8_FLAG


def make_zip(members: dict, gbk: bool = False, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(GbkInfo(name) if gbk else name, data, compress_type=compression)
    out.seek(0)
    return out


def student(admission="010120100001", id_number="11010519491231002X", photo_name="") -> Student:
    return Student(row=2, name="李四", admission_number=admission, id_number=id_number, photo_name=photo_name)


def test_photos_found_by_admission_number_id_number_or_named_file_in_nested_folders():
    archive = PhotoArchive(make_zip({
        "一班/010120100001.JPG": b"a",
        "一班/二组/11010519491231002x.jpeg": b"b",
        "随便起的名字.png": b"c",
    }))
    assert archive.read(archive.find(student())) == b"a"
    assert archive.read(archive.find(student(admission="010120100009"))) == b"b"  # ID, lower-case x
    assert archive.read(archive.find(student(admission="", id_number="", photo_name="随便起的名字"))) == b"c"
    assert archive.find(student(admission="010120100007", id_number="")) is None
    assert archive.unmatched() == []


def test_gbk_names_from_chinese_windows_are_decoded():
    data = make_zip({"照片/李四.jpg": b"x"}, gbk=True)
    info = zipfile.ZipFile(data).infolist()[0]
    assert not info.flag_bits & photo_archive.UTF8_FLAG
    assert photo_archive.member_name(info) == "照片/李四.jpg"
    archive = PhotoArchive(data)
    assert archive.find(student(admission="", id_number="", photo_name="李四.jpg")) is not None


def test_traversal_and_absolute_names_are_skipped_not_matched():
    archive = PhotoArchive(make_zip({"../../etc/passwd.jpg": b"x", "../010120100001.jpg": b"x", "/tmp/010120100001.jpg": b"y"}))
    assert archive.find(student()) is None
    assert sum("路径不安全" in n for n in archive.notes) == 3


def test_junk_and_non_images():
    archive = PhotoArchive(make_zip({
        "__MACOSX/一班/._010120100001.jpg": b"junk", "一班/.DS_Store": b"junk", "Thumbs.db": b"junk",
        "名单.xlsx": b"PK", "010120100001.jpg": b"photo",
    }))
    assert archive.read(archive.find(student())) == b"photo"
    assert archive.notes == ["“名单.xlsx”不是照片文件（只认 .jpg/.jpeg/.png/.heic 等），已跳过。"]


def test_zip_bomb_members_are_skipped_without_inflating_them():
    archive = PhotoArchive(make_zip({
        "010120100001.jpg": b"\0" * (photo_archive.MAX_PHOTO_BYTES + 1),  # too big once inflated
        "010120100002.jpg": b"\0" * (4 * 1024 * 1024),  # small enough, but compresses 1000:1
    }))
    assert archive.find(student()) is None and archive.find(student("010120100002", "")) is None
    assert any("超过" in n for n in archive.notes) and any("压缩比异常" in n for n in archive.notes)


def test_a_member_larger_than_its_header_says_is_cut_off(monkeypatch):
    archive = PhotoArchive(make_zip({"010120100001.jpg": b"\1" * 5000}, compression=zipfile.ZIP_STORED))
    monkeypatch.setattr(photo_archive, "MAX_PHOTO_BYTES", 1000)
    with pytest.raises(ValueError):
        archive.read(archive.find(student()))


def test_duplicates_and_unclaimed_photos_are_reported():
    archive = PhotoArchive(make_zip({"a/010120100001.jpg": b"1", "b/010120100001.jpg": b"2", "陌生人.jpg": b"3"}))
    assert any("重名" in n for n in archive.notes)
    archive.find(student())
    assert archive.unmatched() == ["陌生人.jpg"]


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_not_a_zip(data):
    with pytest.raises(PhotoArchiveError, match="打不开"):
        PhotoArchive(io.BytesIO(data))


def test_too_many_members(monkeypatch):
    monkeypatch.setattr(photo_archive, "MAX_MEMBERS", 3)
    with pytest.raises(PhotoArchiveError, match="超过 3 个"):
        PhotoArchive(make_zip({f"{i}.jpg": b"x" for i in range(4)}))
