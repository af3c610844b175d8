"""Reading a roster file: XLSX or CSV told apart by content, limits checked before any parser runs, one
`Student` per row with its case or its errors (the case model's messages mapped back to roster columns)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from checks import safezip
from checks.errors import CaseFileError, FieldError, field_label
from checks.models import SCHEMA_VERSION, Case, case_from_dict
from checks.questions import bachelor_only_applies
from checks.roster.columns import BY_HEADER, BY_PATH, COLUMNS, COMMENT, EXAMPLE_MARK, ROSTER_SHEET, Column

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a roster of 2000 rows unpacks to a few MB; more is a zip bomb
MAX_XLSX_MEMBERS = 1000  # a workbook has a dozen parts
# 2000 rows × 30 columns of text, with room for the 说明 sheet: far below what makes openpyxl slow
MAX_SHARED_STRINGS = 100_000
MAX_COLUMNS = 200  # the template has about 20; a sheet formatted out to column XFD is read only this far
TOO_BIG = "名单文件里的内容多得异常（或解压后过大），不像一个班的名单。请只保留名单那一张表，另存为 .xlsx 或 CSV 后再上传。"


class RosterError(ValueError):
    """A roster file that cannot be read at all; `messages` say what to do, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


# --- results -------------------------------------------------------------------------------------------------
@dataclass
class RowError:
    row: int  # as Excel shows it
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行 “{self.column}”：{self.message}"


@dataclass
class Student:
    row: int
    name: str = ""
    admission_number: str = ""  # as typed when the row is invalid; the case holds the validated one
    id_number: str = ""
    photo_name: str = ""
    case: Case | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Roster:
    students: list[Student]
    round_id: str
    skipped_example: bool = False

    @property
    def errors(self) -> list[RowError]:
        return [e for s in self.students for e in s.errors]


# --- reading files -------------------------------------------------------------------------------------------
def _header_key(text: Any) -> str:
    text = re.sub(r"\s+", "", str(text or ""))
    return re.sub(r"[(（].*$", "", text)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's “Unicode 文本”
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:  # a UTF-16 mark followed by a cut-off or damaged file
            raise RosterError(["名单文件看起来是“Unicode 文本”，但内容不完整或已损坏。"
                               "请在Excel里重新另存为“CSV UTF-8”或 .xlsx 后上传。"]) from None
    if b"\x00" in data:
        raise RosterError(["名单文件不是文本表格（里面有二进制内容）。请上传 .xlsx，或在Excel里“另存为 CSV”后上传。"])
    for encoding in ("utf-8-sig", "gb18030"):  # gb18030 ⊃ GBK ⊃ GB2312: what Excel in China saves
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            return text
    raise RosterError(["名单文件的文字编码无法识别，也可能根本不是表格。请在Excel里另存为“CSV UTF-8”或 .xlsx 后上传。"])


def _csv_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    text = _decode(data)
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip(' "').startswith(COMMENT)), "")
    delimiter = max(",\t", key=first.count) if first else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for row in reader:
            # reader.line_num counts physical lines, which is what Excel numbers (quoted line breaks aside)
            rows.append((reader.line_num, row))
            if len(rows) > MAX_ROWS + 50:
                break
    except csv.Error:
        raise RosterError(["名单文件的CSV格式有误（引号不配对）。请在Excel里重新“另存为 CSV”后上传。"]) from None
    return [(n, r) for n, r in rows if not (r and str(r[0]).lstrip().startswith(COMMENT))]


def _check_shared_strings(zf: zipfile.ZipFile) -> None:
    """openpyxl reads every shared string into a list before the first row: 2 million empty strings (an 88 KB
    file) cost 45 s of CPU. The declared `count`/`uniqueCount` and a streamed count of `<si>` (stopping at the
    cap) decide before that. A roster has at most a few strings per cell."""
    for name in _shared_string_parts(zf):
        try:
            member = zf.open(name)
        except KeyError:
            continue
        with member:
            _count_strings(member)


def _shared_string_parts(zf: zipfile.ZipFile) -> set[str]:
    """Where the workbook keeps its shared strings: openpyxl follows [Content_Types].xml, so we do too."""
    parts = {"xl/sharedStrings.xml"}
    try:
        with zf.open("[Content_Types].xml") as fh:
            types = fh.read(1 << 20)
    except KeyError:
        return parts
    for tag in re.findall(rb"<(?:\w+:)?Override\b[^>]*>", types):
        if b"sharedStrings" in tag:
            name = re.search(rb'PartName="/?([^"]+)"', tag)
            if name:
                parts.add(name.group(1).decode("utf-8", "replace"))
    return parts


def _count_strings(member) -> None:
    head = member.read(4096)
    root = re.search(rb"<(?:\w+:)?sst\b[^>]*>", head)
    declared = [int(n) for n in re.findall(rb'\b(?:count|uniqueCount)="(\d{1,12})"', root.group() if root else b"")]
    if any(n > MAX_SHARED_STRINGS for n in declared):
        raise RosterError([TOO_BIG])
    found, carry, chunk = 0, b"", head
    while chunk:
        window = carry + chunk
        found += len(re.findall(rb"<(?:\w+:)?si[\s>/]", window)) - len(re.findall(rb"<(?:\w+:)?si[\s>/]", carry))
        if found > MAX_SHARED_STRINGS:
            raise RosterError([TOO_BIG])
        carry = window[-16:]
        chunk = member.read(1 << 16)


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl  # imported here: CSV-only users and the command line's startup don't pay for it

    try:
        # counted before zipfile or openpyxl parse anything: both read whole directories and tables up front
        safezip.check_members(io.BytesIO(data), MAX_XLSX_MEMBERS)
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_XLSX_MEMBERS or sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED:
                raise RosterError([TOO_BIG])
            _check_shared_strings(zf)
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except safezip.ZipLimitError:
        raise RosterError([TOO_BIG]) from None
    except RosterError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or non-workbook zip
        raise RosterError(["名单文件打不开：不是有效的 .xlsx 文件。请用Excel打开后“另存为 .xlsx”或 CSV 再上传。"]) from None
    try:
        ws = wb[ROSTER_SHEET] if ROSTER_SHEET in wb.sheetnames else wb.worksheets[0]
        rows = []
        for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1):
            rows.append((number, list(row)))
            if len(rows) > MAX_ROWS + 50:
                break
        return rows
    except Exception:  # read-only mode parses the sheet's XML only now: a broken sheet fails here (issue 22)
        raise RosterError(["名单文件里的表格内容已损坏，读不出来。请用Excel打开后“另存为 .xlsx”或 CSV 再上传。"]) from None
    finally:
        wb.close()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_roster(data: bytes, round_id: str, application_date: dt.date) -> Roster:
    """Parse a roster file (XLSX or CSV, told apart by content). Raise RosterError when it is unusable."""
    if not data or not data.strip():
        raise RosterError(["名单文件是空的。请先下载模板，按模板填写后再上传。"])
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError([f"名单文件超过 {MAX_ROSTER_BYTES // 1024 // 1024}MB，不像一个班的名单。请确认选对了文件，"
                           f"或分成几个文件上传（每个不超过 {MAX_ROWS} 人）。"])
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError(["这是旧版 Excel（.xls）文件，本工具读不了。请在Excel里“另存为”.xlsx 或 CSV 后上传。"])
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)

    rows = [(n, r) for n, r in rows if not all(_blank(v) for v in r)]
    if not rows:
        raise RosterError(["名单文件里没有内容。请先下载模板，按模板填写后再上传。"])
    header_row, header = rows[0]
    positions: dict[str, int] = {}
    for i, title in enumerate(header):
        key = _header_key(title)
        if key in BY_HEADER and key not in positions:
            positions[key] = i
    missing = [c.title for c in COLUMNS if c.required and c.header not in positions]
    if missing:
        if not positions:
            raise RosterError([f"第{header_row}行应是表头，但没有找到任何模板里的列名。请下载模板，把名单粘贴进模板后上传。"])
        raise RosterError([f"名单缺少必填的列：{'、'.join(missing)}。请对照模板补上这些列（列名要一致）后重新上传。"])
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise RosterError([f"名单超过 {MAX_ROWS} 人。请分成几个文件，分批检查。"])

    students, skipped = [], False
    for number, row in body:
        cells = {h: row[i] if i < len(row) else None for h, i in positions.items()}
        if str(cells.get("姓名") or "").strip().startswith(EXAMPLE_MARK):
            skipped = True
            continue
        students.append(_student(number, cells, round_id, application_date))
    if not students:
        raise RosterError(["名单里只有表头（和示例行），没有考生。请在表头下面每行填一位考生。"])
    _flag_duplicates(students)
    return Roster(students=students, round_id=round_id, skipped_example=skipped)


def _student(row: int, cells: dict[str, Any], round_id: str, application_date: dt.date) -> Student:
    student = Student(row=row)
    raw: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "round": round_id, "application_date": application_date.isoformat()}
    failed: set[str] = set()
    for header, value in cells.items():
        col = BY_HEADER[header]
        if _blank(value):
            if col.required:
                student.errors.append(RowError(row, col.title, "必须填写"))
                failed.add(header)
            continue
        try:
            parsed = col.parse(value)
        except ValueError as exc:
            student.errors.append(RowError(row, col.title, _quoting(value, str(exc))))
            failed.add(header)
            continue
        if not col.path:
            student.photo_name = parsed
            continue
        target = raw
        for key in col.path[:-1]:
            target = target.setdefault(key, {})
        target[col.path[-1]] = parsed
    cand = raw.get("candidate", {})
    student.name = str(cand.get("name") or cells.get("姓名") or "").strip()
    student.admission_number = str(cand.get("admission_number") or "")
    student.id_number = str(cand.get("id_number") or "")
    if not bachelor_only_applies(raw.get("candidate", {}).get("level")):
        raw.pop("prior_education", None)  # only read for 本科; a 专科 row may leave those cells as they are
    try:
        student.case = case_from_dict(raw)
    except CaseFileError as exc:
        for error in exc.errors:
            col, text = _column_of(error)
            if col is None or col.header not in failed:  # one message per cell: ours already said it
                typed = cells.get(col.header) if col else None
                text = text if typed is None or _blank(typed) else _quoting(typed, text)
                student.errors.append(RowError(row, col.title if col else "整行", text))
    if student.errors:
        student.case = None
    else:
        student.admission_number = student.case.candidate.admission_number or ""
        student.id_number = student.case.candidate.id_number or ""
    return student


MAX_QUOTED = 24


def _quoting(value: Any, message: str) -> str:
    """The message with what was typed after it (“只能填 专科、本科（填的是“大专”）”), so the tutor sees the
    mistake without opening the file; left as it is when the message already quotes the value."""
    text = str(value).strip()
    if text in message:
        return message
    if len(text) > MAX_QUOTED:
        text = text[:MAX_QUOTED] + "…"
    return f"{message.rstrip('。')}（填的是“{text}”）"


def _column_of(error: FieldError) -> tuple[Column | None, str]:
    """(("candidate", "id_number"), "…") → (the 身份证号 column, "…"); within a list column the item is named."""
    for n in range(len(error.path), 0, -1):
        col = BY_PATH.get(error.path[:n])
        if col is not None:
            rest = error.path[n:]
            return col, f"{field_label(error.path)}：{error.message}" if rest else error.message
    return None, str(error)


def _flag_duplicates(students: list[Student]) -> None:
    seen: dict[str, int] = {}
    for s in students:
        if not s.admission_number:
            continue
        first = seen.setdefault(s.admission_number, s.row)
        if first != s.row:
            s.errors.append(RowError(s.row, "准考证号", f"与第{first}行重复，同一位考生只填一行"))
            s.case = None


