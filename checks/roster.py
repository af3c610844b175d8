"""A tutor's class roster (XLSX or CSV, Chinese headers) → one case per student, with per-cell errors.

Cells are converted to case-file values here (是/否 → true, 本科 → "bachelor", 2024年6月5日 → a date …); every
rule about what a valid value is stays in the case model: each row's dict goes through `case_from_dict` and its
Chinese messages are mapped back to the roster column they concern.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable

from checks.errors import CaseFileError, FieldError, field_label
from checks.models import LABELS, PERMANENT, Case, case_from_dict
from checks.questions import bachelor_only_applies, label

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
MAX_XLSX_UNPACKED = 50 * 1024 * 1024  # a roster of 2000 rows unpacks to a few MB; more is a zip bomb
ROSTER_SHEET = "名单"
HELP_SHEET = "说明"
EXAMPLE_MARK = "示例"  # rows whose 姓名 starts with this are the template's example and are skipped
COMMENT = "#"  # CSV lines starting with it are notes, not students


class RosterError(ValueError):
    """A roster file that cannot be read at all; `messages` say what to do, in Chinese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


# --- cell converters: text as a tutor types it → a case-file value; ValueError carries the Chinese reason ----
YES = {"是", "y", "yes", "√", "✓", "✔", "有", "true", "1", "对"}
NO = {"否", "n", "no", "×", "✗", "✘", "x", "无", "没有", "false", "0", "不"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError("只能填 是 或 否（也可写 Y/N、√/×）")


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    # "2024-06-05 00:00:00" is what a date cell becomes when a sheet is saved as CSV by some tools
    text = re.sub(r"\s+0{1,2}:00(:00)?$", "", text)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return dt.date(*(int(g) for g in m.groups()))
            except ValueError:
                raise ValueError(f"{text} 不是存在的日期") from None
    raise ValueError("应为日期，如 2024-06-05、2024/6/5 或 2024年6月5日")


def parse_valid_until(value: Any) -> dt.date | str:
    if str(value).strip() == PERMANENT:
        return PERMANENT
    try:
        return parse_date(value)
    except ValueError:
        raise ValueError("应为日期（如 2030-01-01）或“长期”") from None


def _choice(options: dict[str, str]) -> Callable[[Any], str]:
    """Chinese label (or the contract's code) → code."""
    lookup = {k.lower(): v for k, v in options.items()}

    def parse(value: Any) -> str:
        text = str(value).strip()
        code = lookup.get(text.lower())
        if code is None:
            raise ValueError(f"只能填 {'、'.join(k for k in options if not k.isascii())}")
        return code

    return parse


def _with_codes(labels: dict[str, str]) -> dict[str, str]:
    return {**{v: k for k, v in labels.items()}, **{k: k for k in labels}}


def parse_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_digits(value: Any) -> str:
    """Numbers typed into Excel lose nothing up to 15 digits; longer ones (ID numbers) are already damaged."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if abs(value) >= 1e15:
            raise ValueError("被Excel存成了数字，后几位已经丢失：请把这一列设为“文本”格式后重新输入")
        return str(int(value))
    return parse_text(value)


def parse_admission(value: Any) -> str:
    text = parse_digits(value)
    # A numeric cell drops the leading zero of 01… numbers; the number itself is exact, so restore it.
    if isinstance(value, (int, float)) and text.isdigit() and len(text) < 12:
        text = text.zfill(12)
    return text


_ITEM_SPLIT = re.compile(r"[;；\n]+")
def _parts(value: Any) -> list[str]:
    """The items of a multi-item cell: separated by ; or ； or line breaks."""
    return [p.strip() for p in _ITEM_SPLIT.split(str(value)) if p.strip()]


_MISSING_KINDS = {"13位准考证": "certificate_13char", "证书": "certificate", "证明信": "transfer_letter",
                  "实习通知单": "practice_notice"}
_MISSING_RE = re.compile(r"(13位准考证|证书|证明信|实习通知单)\s*(\d{4})?\s*(?:年)?\s*(?:[/／]\s*(.+))?")


def parse_missing_grades(value: Any) -> list[dict]:
    """`13位准考证;证书1993;证明信2012/高等数学;实习通知单` → missing_on_platform items."""
    items = []
    for part in _parts(value):
        m = _MISSING_RE.fullmatch(part)
        if not m:
            raise ValueError(f"“{part}”看不懂：每一项写 13位准考证、证书+年份、证明信+年份 或 实习通知单，"
                             "多项用分号隔开，如 证书1993;证明信2012")
        item: dict[str, Any] = {"source": _MISSING_KINDS[m.group(1)]}
        if m.group(2):
            item["year"] = int(m.group(2))
        if m.group(3):
            item["course_name"] = m.group(3).strip()
        items.append(item)
    return items


_METHODS = {"线上": "online", "线下": "offline", "online": "online", "offline": "offline"}
_FORM = {"有登记表": True, "无登记表": False, "有": True, "无": False}


def parse_exemptions(value: Any) -> list[dict]:
    """`00015英语(二)/线下/2019/无登记表;00018计算机应用基础/线上/2022` → exemptions items."""
    items = []
    for part in _parts(value):
        fields = [f.strip() for f in re.split(r"[/／]", part)]
        course = re.fullmatch(r"(\d{5})?\s*(.*)", fields[0])
        item: dict[str, Any] = {"course_code": course.group(1), "course_name": course.group(2) or None}
        for extra in fields[1:]:
            if extra in _METHODS:
                item["method"] = _METHODS[extra]
            elif extra in _FORM:
                item["has_form"] = _FORM[extra]
            elif re.fullmatch(r"\d{4}年?", extra):
                item["year"] = int(extra[:4])
            else:
                raise ValueError(f"“{extra}”看不懂：每门课写 代码名称/线上或线下/年份/有登记表或无登记表，"
                                 "如 00015英语(二)/线下/2019/无登记表")
        if "method" not in item:
            raise ValueError(f"“{part}”要写明 线上 还是 线下 办理，如 00015英语(二)/线下/2019/无登记表")
        items.append({k: v for k, v in item.items() if v is not None})
    return items


# --- the columns ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    header: str  # matched after dropping any (…) hint
    hint: str  # shown in the template's header, e.g. "(日期或长期)"
    path: tuple[str, ...]  # where the value goes in the case dict; () = not a case field
    parse: Callable[[Any], Any]
    required: bool  # the column must exist and every row must fill it
    help: str
    example: str

    @property
    def title(self) -> str:
        return self.header + self.hint


_C = Column
COLUMNS: tuple[Column, ...] = (
    _C("姓名", "", ("candidate", "name"), parse_text, True, "与身份证完全一致（承诺书上会印出）", f"{EXAMPLE_MARK}：张三"),
    _C("身份证号", "", ("candidate", "id_number"), parse_digits, True,
       "18位（15位旧号会自动升为18位）；Excel里请把这一列设为文本格式，否则后几位会丢失", "11010519491231002X"),
    _C("身份证有效期至", "(日期或长期)", ("candidate", "id_valid_until"), parse_valid_until, True,
       "身份证背面的截止日期，如 2030-01-01；长期有效的写“长期”", "2030-01-01"),
    _C("准考证号", "", ("candidate", "admission_number"), parse_admission, True,
       "12位数字；照片压缩包里的照片按它命名（如 010120100001.jpg）", "010120100001"),
    _C("联系电话", "", ("candidate", "phone"), parse_digits, False, "手机号或带区号的固定电话", "13800000000"),
    _C("考生类型", "(社会考生/学分互认在校生)", ("candidate", "candidate_type"),
       _choice(_with_codes(LABELS["candidate_type"])), True, "社会考生 或 学分互认在校生", "社会考生"),
    _C("层次", "(专科/本科)", ("candidate", "level"), _choice(_with_codes(LABELS["level"])), True,
       "申请毕业的层次：专科 或 本科", "本科"),
    _C("专业代码", "", ("candidate", "major_code"), parse_text, False, "如 B050101", "B050101"),
    _C("专业名称", "", ("candidate", "major_name"), parse_text, False, "如 汉语言文学", "汉语言文学"),
    _C("主考学校", "", ("candidate", "chief_school"), parse_text, False, "如 云南大学", "云南大学"),
    _C("全部课程已合格", "(是/否)", ("grades", "all_courses_passed"), parse_bool, True,
       "专业考试计划的全部课程都已合格", "是"),
    _C("平台查不到的成绩", "", ("grades", "missing_on_platform"), parse_missing_grades, False,
       "已合格但管理平台上查不到的成绩，每项一种：13位准考证、证书+取得年份、证明信+取得年份、实习通知单；"
       "可在“/”后写课程名；多项用分号隔开。没有就留空", "证书1993/高等数学(一);证明信2012"),
    _C("前置学历证书", "(是/否)", ("prior_education", "has_diploma"), parse_bool, False,
       "仅本科：是否有专科或以上学历证书（本科结业证也算）", "是"),
    _C("前置学历毕业日期", "", ("prior_education", "graduation_date"), parse_date, False,
       "仅本科：前置学历证书上的毕业日期", "2015-07-01"),
    _C("学信网授权", "(未授权/已通过/失败)", ("prior_education", "chsi_authorization"),
       _choice({"未授权": "not_done", "已通过": "passed", "失败": "failed", **{k: k for k in LABELS["chsi_authorization"]}}),
       False, "仅本科：学信网APP扫码授权的情况", "未授权"),
    _C("姓名或身份证号变更", "(是/否)", ("prior_education", "identity_changed"), parse_bool, False,
       "仅本科：取得前置学历后姓名或身份证号是否变过（含15位升18位）", "否"),
    _C("免考课程", "", ("exemptions",), parse_exemptions, False,
       "每门一项：代码名称/线上或线下/年份/有登记表或无登记表，多门用分号隔开。没有就留空",
       "00015英语(二)/线下/2019/无登记表"),
    _C("专业要求实践或论文", "(是/否)", ("practice", "required"), parse_bool, False,
       label("practice.required"), "是"),
    _C("实践通知单", "(无/学院公章/其他印章)", ("practice", "notice"),
       _choice({"无": "none", "学院公章": "college_seal", "其他印章": "other_seal", **{k: k for k in LABELS["notice"]}}),
       False, "实习（实验）考核合格成绩通知单：还没有写“无”；盖主考学校有关学院公章写“学院公章”", "学院公章"),
    _C("承诺书已签字", "(是/否)", ("materials", "pledge_signed"), parse_bool, False,
       "承诺书是否已手写签字并扫描", "否"),
    _C("照片文件名", "", (), parse_text, False,
       "可不填：照片压缩包里的照片按准考证号或身份证号命名即可；名字不同时在这里写文件名", ""),
)
BY_HEADER = {c.header: c for c in COLUMNS}
# A case-file path → our column, for mapping the case model's errors back (see _column_of).
_BY_PATH = {c.path: c for c in COLUMNS if c.path}


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
        return data.decode("utf-16")
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


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl  # imported here: CSV-only users and the command line's startup don't pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 1000 or sum(i.file_size for i in infos) > MAX_XLSX_UNPACKED:
                raise RosterError(["名单文件解压后过大，不像正常的名单。请只保留名单那一张表后重新保存再上传。"])
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except RosterError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or non-workbook zip
        raise RosterError(["名单文件打不开：不是有效的 .xlsx 文件。请用Excel打开后“另存为 .xlsx”或 CSV 再上传。"]) from None
    try:
        ws = wb[ROSTER_SHEET] if ROSTER_SHEET in wb.sheetnames else wb.worksheets[0]
        rows = []
        for number, row in enumerate(ws.iter_rows(values_only=True), 1):
            rows.append((number, list(row)))
            if len(rows) > MAX_ROWS + 50:
                break
        return rows
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
    raw: dict[str, Any] = {"schema_version": 1, "round": round_id, "application_date": application_date.isoformat()}
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
            student.errors.append(RowError(row, col.title, str(exc)))
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
                student.errors.append(RowError(row, col.title if col else "整行", text))
    if student.errors:
        student.case = None
    else:
        student.admission_number = student.case.candidate.admission_number or ""
        student.id_number = student.case.candidate.id_number or ""
    return student


def _column_of(error: FieldError) -> tuple[Column | None, str]:
    """(("candidate", "id_number"), "…") → (the 身份证号 column, "…"); within a list column the item is named."""
    for n in range(len(error.path), 0, -1):
        col = _BY_PATH.get(error.path[:n])
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


# --- the template ---------------------------------------------------------------------------------------------
TEMPLATE_NOTE = ("每行填一位考生；第一行是表头，列名不要改。“示例”行可以删除（留着也会被跳过）。"
                 "是/否 也可写 Y/N 或 √/×；日期可写 2024-06-05、2024/6/5 或 2024年6月5日。")


def template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ROSTER_SHEET
    ws.append([c.title for c in COLUMNS])
    ws.append([c.example for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for i, col in enumerate(COLUMNS, 1):
        cell = ws.cell(1, i)
        cell.font, cell.fill = bold, fill
        letter = cell.column_letter
        ws.column_dimensions[letter].width = max(12, min(40, len(col.title) * 2 + 2))
        if col.parse is parse_digits or col.parse is parse_admission:
            # ID and admission numbers must stay text, or Excel drops digits and leading zeros
            ws.column_dimensions[letter].number_format = "@"
            ws.cell(2, i).number_format = "@"
    ws.freeze_panes = "B2"
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append(["列名", "必填", "怎么填", "示例"])
    for cell in help_ws[1]:
        cell.font, cell.fill = bold, fill
    for col in COLUMNS:
        help_ws.append([col.title, "是" if col.required else "", col.help, col.example])
    help_ws.append([])
    help_ws.append(["说明", "", TEMPLATE_NOTE, ""])
    for letter, width in zip("ABCD", (28, 6, 80, 36)):
        help_ws.column_dimensions[letter].width = width
    for row in help_ws.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"{COMMENT} 说明：{TEMPLATE_NOTE}以 {COMMENT} 开头的行不会被读取，可删除。"])
    for col in COLUMNS:
        writer.writerow([f"{COMMENT} {col.title}{'（必填）' if col.required else ''}：{col.help}"])
    writer.writerow([c.title for c in COLUMNS])
    writer.writerow([c.example for c in COLUMNS])
    return out.getvalue().encode("utf-8-sig")  # the BOM makes Excel read it as UTF-8
