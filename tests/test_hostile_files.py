"""Archive and spreadsheet bombs are refused before zipfile or openpyxl parse them, in Chinese."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from checks import roster, safezip
from checks.photo_archive import PhotoArchive, PhotoArchiveError
from hostile_files import xlsx_with_shared_strings, zip_declaring, zip_with_empty_members

DAY = dt.date(2024, 6, 5)


@pytest.fixture
def no_zip_parsing(monkeypatch):
    """Fail if zipfile builds its directory (what costs time and memory for millions of entries)."""
    def refuse(self):
        raise AssertionError("zipfile parsed the central directory before the member count was checked")
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", refuse)


def test_photo_zip_with_too_many_members_is_refused_before_parsing(no_zip_parsing):
    data = zip_with_empty_members(20_000)
    with pytest.raises(PhotoArchiveError, match="有 20000 个文件，超过 5000 个"):
        PhotoArchive(io.BytesIO(data))


def test_zip64_count_of_five_million_is_read_from_the_end_record(no_zip_parsing):
    with pytest.raises(PhotoArchiveError, match="有 5000000 个文件"):
        PhotoArchive(io.BytesIO(zip_declaring(5_000_000, 5_000_000 * 47)))


def test_a_lying_count_with_a_huge_directory_is_refused(no_zip_parsing):
    # zipfile walks the directory by its size, so a small count must not let a 300 MB directory through
    with pytest.raises(PhotoArchiveError, match="目录大得异常"):
        PhotoArchive(io.BytesIO(zip_declaring(10, 300 * 1024 * 1024)))


def test_a_normal_photo_zip_still_opens():
    archive = PhotoArchive(io.BytesIO(zip_with_empty_members(30)))
    archive.close()
    assert safezip.directory_facts(io.BytesIO(zip_with_empty_members(30)))[0] == 30


def test_roster_xlsx_with_too_many_zip_members_is_refused(no_zip_parsing):
    with pytest.raises(roster.RosterError, match="多得异常"):
        roster.read_roster(zip_with_empty_members(5000), "2024-H1", DAY)


@pytest.fixture
def no_workbook_loading(monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("openpyxl loaded the workbook before the shared strings were counted")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@pytest.mark.parametrize("declare", [True, False], ids=["declared", "undeclared"])
@pytest.mark.parametrize("part", ["xl/sharedStrings.xml", "xl/strings.xml"])
def test_xlsx_with_millions_of_shared_strings_is_refused_before_openpyxl(no_workbook_loading, declare, part):
    data = xlsx_with_shared_strings(2_000_000, part=part, declare=declare)
    assert len(data) < 200_000  # the attack: a small upload that unpacks into work
    with pytest.raises(roster.RosterError, match="多得异常"):
        roster.read_roster(data, "2024-H1", DAY)


def test_xlsx_with_a_normal_number_of_shared_strings_is_read():
    data = xlsx_with_shared_strings(50)
    with pytest.raises(roster.RosterError, match="只有表头"):  # the template itself: headers, no students
        roster.read_roster(data, "2024-H1", DAY)
