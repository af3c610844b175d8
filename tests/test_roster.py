"""Roster import: encodings, XLSX, cell notations, and every kind of row and file error."""
import datetime as dt
import io

import openpyxl
import pytest

from checks import roster
from checks.roster import RosterError, read_roster

DAY = dt.date(2024, 6, 5)
HEADERS = [c.title for c in roster.COLUMNS]
GOOD = {
    "姓名": "李四", "身份证号": "11010519491231002X", "身份证有效期至": "长期", "准考证号": "010120100001",
    "联系电话": "13800000000", "考生类型": "社会考生", "层次": "专科", "全部课程已合格": "是",
    # issue 19: the optional v3 columns, filled as a student with none of those causes (blank = 未回答)
    "平台身份信息一致": "一致", "准考证号个数": "一个", "外省转入": "否", "未结束的违规处理": "没有", "旧计划或顶替课程": "没有",
}


def row(**changes) -> list:
    values = {**GOOD, **changes}
    return [values.get(c.header, "") for c in roster.COLUMNS]


def csv_bytes(rows, encoding="utf-8", headers=HEADERS) -> bytes:
    lines = [",".join(headers)] + [",".join(str(v) for v in r) for r in rows]
    return "\r\n".join(lines).encode(encoding)


def read(data: bytes):
    return read_roster(data, "2024-H1", DAY)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_excel_saves(encoding):
    r = read(csv_bytes([row(), row(姓名="王𠈌" if encoding != "gbk" else "王五", 准考证号="010120100002")], encoding))
    assert [s.name for s in r.students][0] == "李四"
    assert all(s.case is not None for s in r.students), r.errors
    assert r.students[0].row == 2  # as Excel numbers rows: header is row 1


def test_xlsx_with_excel_date_cells_and_numeric_admission_number():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    values = row(身份证有效期至=dt.datetime(2030, 1, 1), 准考证号=10120100001, 层次="本科", 前置学历证书="√",
                 前置学历毕业日期=dt.datetime(2015, 7, 1))
    ws.append(values)
    out = io.BytesIO()
    wb.save(out)
    (s,) = read(out.getvalue()).students
    assert s.errors == []
    assert s.case.candidate.id_valid_until == dt.date(2030, 1, 1)
    assert s.case.candidate.admission_number == "010120100001"  # leading zero restored
    assert s.case.prior_education.graduation_date == dt.date(2015, 7, 1)


def test_xlsx_id_number_stored_as_number_is_reported_not_guessed():
    wb = openpyxl.Workbook()
    wb.active.append(HEADERS)
    wb.active.append(row(身份证号=110105194912310020))
    out = io.BytesIO()
    wb.save(out)
    (s,) = read(out.getvalue()).students
    assert s.case is None and "文本" in s.errors[0].message and s.errors[0].column == "身份证号"


@pytest.mark.parametrize("text", ["2024-06-05", "2024/6/5", "2024年6月5日", "2024.6.5", "20240605"])
def test_date_notations(text):
    assert roster.parse_date(text) == dt.date(2024, 6, 5)


@pytest.mark.parametrize("text,value", [("是", True), ("Y", True), ("√", True), ("否", False), ("n", False), ("×", False)])
def test_yes_no_notations(text, value):
    assert roster.parse_bool(text) is value


def test_compact_notations():
    assert roster.parse_missing_grades("13位准考证;证书1993/高等数学(一)；证明信2012;实习通知单") == [
        {"source": "certificate_13char"}, {"source": "certificate", "year": 1993, "course_name": "高等数学(一)"},
        {"source": "transfer_letter", "year": 2012}, {"source": "practice_notice"}]
    assert roster.parse_exemptions("00015英语(二)/线下/2019/无登记表;计算机/线上/2022") == [
        {"course_code": "00015", "course_name": "英语(二)", "method": "offline", "year": 2019, "has_form": False},
        {"course_name": "计算机", "method": "online", "year": 2022}]


@pytest.mark.parametrize("typed, code", [("社会", "social"), ("学分互认", "credit_transfer"), ("社会考生", "social")])
def test_the_start_of_one_choice_is_that_choice(typed, code):
    r = read(csv_bytes([row(考生类型=typed)]))
    assert r.students[0].case is not None, r.errors
    assert r.students[0].case.candidate.candidate_type == code


def test_a_start_that_fits_no_single_choice_is_refused_naming_the_choices():
    r = read(csv_bytes([row(考生类型="考生")]))
    assert r.students[0].case is None
    assert any("只能填 社会考生、学分互认在校生" in e.message for e in r.errors)


def test_every_kind_of_row_error_names_row_and_column():
    r = read(csv_bytes([
        row(),
        row(准考证号="010120100002", 身份证号="110105194912310021"),  # bad checksum (model's check)
        row(准考证号="010120100003", 层次="高中"),
        row(准考证号="010120100004", 身份证有效期至="2030-02-30"),
        row(准考证号="010120100005", 平台查不到的成绩="证书"),  # year required (model's check)
        row(准考证号="010120100001"),  # duplicate of row 2
        row(准考证号="12345", 考生类型=""),
    ]))
    errors = {(e.row, e.column): e.message for e in r.errors}
    assert errors[(3, "身份证号")].startswith("身份证号最后一位校验码不对")
    assert "专科、本科" in errors[(4, "层次(专科/本科)")]
    assert "长期" in errors[(5, "身份证有效期至(日期或长期)")]
    assert "年份" in errors[(6, "平台查不到的成绩")]
    assert "与第2行重复" in errors[(7, "准考证号")]
    assert "12位" in errors[(8, "准考证号")] and errors[(8, "考生类型(社会考生/学分互认在校生)")] == "必须填写"
    assert r.students[0].case is not None  # one bad row never stops the others
    assert all(s.case is None for s in r.students[1:])


@pytest.mark.parametrize("data,words", [
    (b"", "空的"),
    (b"   \r\n", "空的"),
    ("姓名,身份证号\r\n张三,1".encode(), "缺少必填的列"),
    ("a,b,c\r\n1,2,3".encode(), "没有找到任何模板里的列名"),
    (b"\x00\x01\x02binary\xff" * 50, "不是文本表格"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
    (b"PK\x03\x04" + b"junk" * 100, "不是有效的 .xlsx"),
    (b"a" * (roster.MAX_ROSTER_BYTES + 1), "超过"),
])
def test_unusable_files_say_what_to_do(data, words):
    with pytest.raises(RosterError) as exc:
        read(data)
    assert words in exc.value.messages[0]


def test_header_only_and_example_row():
    assert "没有考生" in pytest.raises(RosterError, read, csv_bytes([row(姓名="示例：张三")])).value.messages[0]


def test_templates_round_trip_and_document_every_column():
    for data in (roster.template_xlsx(), roster.template_csv()):
        with pytest.raises(RosterError, match="没有考生"):  # only the example row, which is skipped
            read(data)
        filled = data.replace("示例：张三".encode(), "张三".encode())
        if data.startswith(b"PK"):
            wb = openpyxl.load_workbook(io.BytesIO(data))
            wb["名单"]["A2"] = "张三"
            out = io.BytesIO()
            wb.save(out)
            filled = out.getvalue()
            assert [c.value for c in wb["说明"]["A"]][1:len(HEADERS) + 1] == HEADERS
        (s,) = read(filled).students
        assert s.errors == [] and s.case.candidate.level == "bachelor"
    assert roster.template_csv().startswith(b"\xef\xbb\xbf")


def test_a_damaged_unicode_text_roster_is_refused_in_chinese():
    # Excel's "Unicode 文本" starts with a UTF-16 mark; a cut-off copy has an odd number of bytes after it.
    data = "姓名\t身份证号\n张三\t1".encode("utf-16") + b"\n"
    with pytest.raises(RosterError) as exc:
        read_roster(data, "2024-H1", DAY)
    assert "已损坏" in " ".join(exc.value.messages)


def broken_sheet_xlsx() -> bytes:
    """A real workbook whose sheet XML is cut off in the middle (a damaged download, a half-written file)."""
    import zipfile

    wb = openpyxl.Workbook()
    wb.active.append(HEADERS)
    wb.active.append(row())
    good = io.BytesIO()
    wb.save(good)
    out = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2] + b"<row><c r=<<"
            dst.writestr(info, data)
    return out.getvalue()


def test_xlsx_with_broken_sheet_xml_is_refused_in_chinese():
    with pytest.raises(RosterError) as err:
        read(broken_sheet_xlsx())
    assert "表格内容已损坏" in str(err.value)


# --- issue 23: errors quote what was typed; the template offers the choices -------------------------------------
def test_a_wrong_level_is_quoted_with_the_accepted_values():
    r = read(csv_bytes([row(层次="大专")]))
    (error,) = r.errors
    assert error.column.startswith("层次") and "“大专”" in error.message and "专科、本科" in error.message


@pytest.mark.parametrize("column, typed", [("全部课程已合格", "也许"), ("身份证有效期至", "明年"),
                                           ("准考证号", "0101201"), ("学信网授权", "不知道")])
def test_row_errors_quote_the_value_typed(column, typed):
    r = read(csv_bytes([row(**{column: typed})]))
    assert r.errors and all(f"“{typed}”" in e.message for e in r.errors if e.column.startswith(column)), r.errors


def test_the_template_has_drop_down_lists_and_date_columns():
    wb = openpyxl.load_workbook(io.BytesIO(roster.template_xlsx()))
    ws = wb["名单"]
    letters = {ws.cell(1, i).value.split("(")[0]: ws.cell(1, i).column_letter for i in range(1, ws.max_column + 1)}
    lists = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list" and dv.showErrorMessage
        for ref in str(dv.sqref).split():
            lists[ref.split(":")[0].rstrip("0123456789")] = dv.formula1.strip('"').split(",")
    assert lists[letters["层次"]] == ["专科", "本科"]
    assert lists[letters["考生类型"]] == ["社会考生", "学分互认在校生"]
    assert lists[letters["学信网授权"]] == ["未授权", "已通过", "失败"]
    assert lists[letters["实践通知单"]] == ["无", "学院公章", "其他印章"]
    for yes_no in ("全部课程已合格", "前置学历证书", "姓名或身份证号变更", "专业要求实践或论文", "承诺书已签字"):
        assert lists[letters[yes_no]] == ["是", "否"], yes_no
    # issue 19: the v3 columns have fixed choices too
    assert lists[letters["准考证号个数"]] == ["一个", "多个", "不确定"]
    assert lists[letters["前置学历取得地"]] == ["境内", "国外或港澳台"]
    assert set(lists) == {c.column_letter for c in ws[1] if c.value.split("(")[0] in
                          {"层次", "考生类型", "学信网授权", "实践通知单", "全部课程已合格", "前置学历证书",
                           "姓名或身份证号变更", "专业要求实践或论文", "承诺书已签字",
                           "平台身份信息一致", "准考证号个数", "外省转入", "未结束的违规处理", "旧计划或顶替课程",
                           "前置学历取得地", "学信档案能查到", "免考已办完"}}  # and no free-text column
    # Every value a drop-down offers is one the roster reads.
    for col in roster.COLUMNS:
        for choice in col.choices:
            col.parse(choice)
    for header in ("身份证有效期至", "前置学历毕业日期"):
        example = ws[f"{letters[header]}2"]
        assert example.is_date and example.number_format == "yyyy-mm-dd", header
        assert ws.column_dimensions[letters[header]].number_format == "yyyy-mm-dd"
