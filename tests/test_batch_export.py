"""Summary spreadsheets: whatever a tutor typed into the roster comes back as text, never as a live formula."""
from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from checks import batch_export
from checks.batch import BatchResult, StudentResult

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1)", "-1+1", "\t=1+1", "\r=1+1"]
HARMLESS = ["张三", "李四-王", "2024-06-05", "13800000000", "a=b", "(+86)138"]


def student(name: str, row: int = 2) -> StudentResult:
    return StudentResult(row=row, name=name, admission_number="010120100001", ready=False, blockers=[name],
                         todos=[], photo="合格", photo_passed=True, fixable=None, photo_problems=[],
                         errors=[f"“姓名”：{name}"], report="", pledge_notes=[])


def result(names) -> BatchResult:
    return BatchResult([student(n, i + 2) for i, n in enumerate(names)], notes=[])


@pytest.mark.parametrize("name", HOSTILE)
def test_xlsx_cells_that_look_like_formulas_are_text(name):
    data = batch_export.summary_xlsx(result([name]))
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element anywhere
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = ws.cell(row=2, column=2)
    # shown exactly as typed (XML reads a bare CR back as LF)
    assert cell.data_type == "s" and cell.value.replace("\n", "\r") == name
    assert cell.quotePrefix  # stays text when someone edits the cell


@pytest.mark.parametrize("name", HOSTILE)
def test_csv_cells_that_look_like_formulas_get_an_apostrophe(name):
    text = batch_export.summary_csv(result([name])).decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[1] == "'" + name and row[4] == "'" + name
    assert all(not re.match(r"[=+\-@\t\r]", cell) for cell in row)


def test_ordinary_values_are_left_as_they_are():
    res = result(HARMLESS)
    rows = list(csv.reader(io.StringIO(batch_export.summary_csv(res).decode("utf-8-sig"))))[1:]
    assert [r[1] for r in rows] == HARMLESS
    ws = openpyxl.load_workbook(io.BytesIO(batch_export.summary_xlsx(res))).active
    assert [ws.cell(row=i + 2, column=2).value for i in range(len(HARMLESS))] == HARMLESS
    assert ws.cell(row=2, column=1).value == 2  # the row number stays a number
