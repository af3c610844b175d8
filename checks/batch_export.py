"""What a batch run hands out: the summary table (XLSX, CSV) and ZIPs of photos, pledges and checklists.

The ZIPs are written as students finish (see checks.batch.run_batch), into any binary file objects: BytesIO for
the page, files in OUTDIR for the command line. Files are named by 准考证号, the number the platform uses.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import IO

from checks.batch import NO_PHOTO
from checks.roster import Student

SUMMARY_HEADERS = ("行号", "姓名", "准考证号", "可以申请", "会被退回的问题", "待办事项", "照片", "照片能否自动修正", "名单错误")
_YES_NO = {True: "是", False: "否", None: ""}
# A cell whose text starts with one of these is a formula to Excel, LibreOffice and WPS (OWASP "CSV injection"):
# a roster row named `=HYPERLINK(...)` must come back as text, not as a live formula or link.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def csv_cell(value):
    """CSV has no types: a leading apostrophe makes spreadsheet programs show the cell as text (OWASP)."""
    return "'" + value if is_formula_like(value) else value


def summary_rows(result) -> list[list]:
    rows = []
    for s in result.students:
        ready = "名单有误" if s.ready is None else _YES_NO[s.ready]
        rows.append([s.row, s.name, s.admission_number, ready, "；".join(s.blockers), "；".join(s.todos),
                     s.photo, _YES_NO[s.fixable], "；".join(s.errors)])
    return rows


def summary_xlsx(result) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "检查结果"
    ws.append(list(SUMMARY_HEADERS))
    for row in summary_rows(result):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if is_formula_like(cell.value):
                # openpyxl stores any "=..." string as a formula: force the string type, and the quote prefix
                # keeps it text if someone edits the cell in Excel. Shown exactly as typed, no apostrophe.
                cell.data_type = "s"
                cell.quotePrefix = True
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for letter, width in zip("ABCDEFGHI", (6, 10, 15, 10, 40, 50, 30, 12, 50)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=2):
        row[2].number_format = "@"  # keep the leading zero of 准考证号
        for cell in row[4:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def summary_csv(result) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SUMMARY_HEADERS)
    writer.writerows([csv_cell(v) for v in row] for row in summary_rows(result))
    return out.getvalue().encode("utf-8-sig")  # with the BOM, Excel in China opens it as UTF-8


def errors_text(result) -> str:
    lines = [f"第{s.row}行 {e}" for s in result.students for e in s.errors]
    lines += [f"第{s.row}行（{s.name or s.admission_number}）：{s.photo}" for s in result.students if s.photo == NO_PHOTO]
    lines += [f"第{s.row}行（{s.name}）承诺书：{n}" for s in result.students for n in s.pledge_notes]
    lines += result.notes
    return "\n".join(lines) + "\n" if lines else "没有问题。\n"


def summary_files(result) -> dict[str, bytes]:
    """summary.xlsx, summary.csv and errors.txt (UTF-8 with BOM, for Windows Notepad), by file name."""
    return {"summary.xlsx": summary_xlsx(result), "summary.csv": summary_csv(result),
            "errors.txt": errors_text(result).encode("utf-8-sig")}


def _safe(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", text)[:20]


class Outputs:
    """Three ZIPs written as students finish: compliant photos, pledges to sign, checklists."""

    def __init__(self, photos: IO[bytes], pledges: IO[bytes], checklists: IO[bytes]):
        self.files = (photos, pledges, checklists)
        # JPEG and PDF are compressed already; deflating them again only costs time.
        self.photos = zipfile.ZipFile(photos, "w", zipfile.ZIP_STORED)
        self.pledges = zipfile.ZipFile(pledges, "w", zipfile.ZIP_STORED)
        self.checklists = zipfile.ZipFile(checklists, "w", zipfile.ZIP_DEFLATED)
        self.counts = {"photos": 0, "pledges": 0, "checklists": 0}

    @classmethod
    def in_memory(cls) -> "Outputs":
        return cls(io.BytesIO(), io.BytesIO(), io.BytesIO())

    @classmethod
    def in_directory(cls, directory: Path) -> "Outputs":
        return cls(*(open(directory / name, "wb") for name in ("photos.zip", "pledges.zip", "checklists.zip")))

    def add(self, student: Student, outcome) -> None:
        number = student.admission_number
        if student.case is None or not number:
            return  # a row with errors gets no files: they would carry unchecked data
        stem = f"{number}_{_safe(student.name)}" if student.name else number
        if outcome.photo_file:
            self.photos.writestr(f"{number}.jpg", outcome.photo_file)
            self.counts["photos"] += 1
        if outcome.pledge_pdf:
            self.pledges.writestr(f"{stem}_承诺书.pdf", outcome.pledge_pdf)
            self.counts["pledges"] += 1
        if outcome.checklist:
            text = outcome.checklist.replace("\r\n", "\n").replace("\n", "\r\n")  # Windows Notepad
            self.checklists.writestr(f"{stem}_材料清单.txt", "\ufeff" + text)
            self.counts["checklists"] += 1

    def close(self) -> None:
        for archive in (self.photos, self.pledges, self.checklists):
            archive.close()

    def getvalues(self) -> tuple[bytes, bytes, bytes]:
        """The three ZIPs' bytes (in-memory outputs, after close)."""
        return tuple(f.getvalue() for f in self.files)
