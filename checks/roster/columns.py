"""The roster's columns: header, hint, where the value goes in the case, converter, help text, example;
and the template (XLSX with a 说明 sheet, CSV with # notes) built from them."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Callable

from checks.models import LABELS
from checks.questions import label
from checks.roster.cells import (_choice, _with_codes, parse_admission, parse_bool, parse_digits, parse_exemptions,
                                 parse_missing_grades, parse_text, parse_valid_until)
from checks.wording import parse_date

ROSTER_SHEET = "名单"
HELP_SHEET = "说明"
EXAMPLE_MARK = "示例"  # rows whose 姓名 starts with this are the template's example and are skipped
COMMENT = "#"  # CSV lines starting with it are notes, not students


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

    @property
    def choices(self) -> tuple[str, ...]:
        """The fixed values the column takes (the template's drop-down list); () for free text."""
        return getattr(self.parse, "choices", ())

    @property
    def is_date(self) -> bool:
        return self.parse in (parse_date, parse_valid_until)


_C = Column


def _codes(field: str) -> dict[str, str]:
    """The contract's own codes of a closed question also accepted as typed (`match`, `several` …)."""
    return {k: k for k in LABELS[field]}

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
    # v3 (rules.md "Causes of refusal the notice takes for granted"): optional, so old rosters still load; a blank
    # cell is "未回答" and gives that student the to-do that says how to find out.
    _C("平台身份信息一致", "(一致/不一致/不确定)", ("candidate", "platform_identity"),
       _choice({"一致": "match", "不一致": "mismatch", "不确定": "unsure", **_codes("platform_identity")}), False,
       label("candidate.platform_identity") + "；不填按“未回答”处理（结果里会有待确认的一项）", "一致"),
    _C("准考证号个数", "(一个/多个/不确定)", ("grades", "admission_numbers"),
       _choice({"一个": "one", "多个": "several", "不确定": "unsure", **_codes("admission_numbers")}), False,
       "用过几个准考证号；多个的要先合并。不填按“未回答”处理", "一个"),
    _C("外省转入", "(是/否)", ("grades", "transfer_in"), parse_bool, False,
       label("grades.transfer_in") + "。不填按“未回答”处理", "否"),
    _C("未结束的违规处理", "(没有/有/不确定)", ("grades", "sanction"),
       _choice({"没有": "no", "有": "yes", "不确定": "unsure", **_codes("sanction")}), False,
       "取消成绩、推迟毕业、停考等还没结束的处理。不填按“未回答”处理", "没有"),
    _C("全部课程已合格", "(是/否)", ("grades", "all_courses_passed"), parse_bool, True,
       "专业考试计划的全部课程都已合格", "是"),
    _C("平台查不到的成绩", "", ("grades", "missing_on_platform"), parse_missing_grades, False,
       "已合格但管理平台上查不到的成绩，每项一种：13位准考证、证书+取得年份、证明信+取得年份、实习通知单；"
       "可在“/”后写课程名；多项用分号隔开。没有就留空", "证书1993/高等数学(一);证明信2012"),
    _C("旧计划或顶替课程", "(没有/有/不确定)", ("grades", "plan_substitution"),
       _choice({"没有": "no", "有": "yes", "不确定": "unsure", **_codes("plan_substitution")}), False,
       label("grades.plan_substitution") + "。不填按“未回答”处理", "没有"),
    _C("前置学历证书", "(是/否)", ("prior_education", "has_diploma"), parse_bool, False,
       "仅本科：是否有专科或以上学历证书（本科结业证也算）", "是"),
    _C("前置学历毕业日期", "", ("prior_education", "graduation_date"), parse_date, False,
       "仅本科：前置学历证书上的毕业日期", "2015-07-01"),
    _C("学信网授权", "(未授权/已通过/失败)", ("prior_education", "chsi_authorization"),
       _choice({"未授权": "not_done", "已通过": "passed", "失败": "failed", **{k: k for k in LABELS["chsi_authorization"]}},
               ("未授权", "已通过", "失败")),
       False, "仅本科：学信网APP扫码授权的情况", "未授权"),
    _C("姓名或身份证号变更", "(是/否)", ("prior_education", "identity_changed"), parse_bool, False,
       "仅本科：取得前置学历后姓名或身份证号是否变过（含15位升18位）", "否"),
    _C("前置学历取得地", "(境内/国外或港澳台)", ("prior_education", "issued_in"),
       _choice({"境内": "mainland", "国外或港澳台": "abroad", "国外": "abroad", "港澳台": "abroad",
                **_codes("issued_in")}, shown=("境内", "国外或港澳台")), False, "仅本科：前置学历在哪里取得。不填按“未回答”处理", "境内"),
    _C("学信档案能查到", "(能查到/查不到/不确定)", ("prior_education", "in_chsi"),
       _choice({"能查到": "found", "查不到": "not_found", "不确定": "unsure", **_codes("in_chsi")}), False,
       "仅本科、境内学历：学信网“学信档案”里能否查到前置学历。不填按“未回答”处理", "能查到"),
    _C("免考课程", "", ("exemptions",), parse_exemptions, False,
       "每门一项：代码名称/线上或线下/年份/有登记表或无登记表，多门用分号隔开。没有就留空",
       "00015英语(二)/线下/2019/无登记表"),
    _C("免考已办完", "(是/否/不确定)", ("grades", "exemptions_confirmed"),
       _choice({"是": "yes", "否": "no", "不确定": "unsure", **_codes("exemptions_confirmed")}), False,
       "有免考课程时：都已审核通过、缴费、平台上能看到。不填按“未回答”处理", "是"),
    _C("专业要求实践或论文", "(是/否)", ("practice", "required"), parse_bool, False,
       label("practice.required"), "是"),
    _C("实践通知单", "(无/学院公章/其他印章)", ("practice", "notice"),
       _choice({"无": "none", "学院公章": "college_seal", "其他印章": "other_seal", **{k: k for k in LABELS["notice"]}},
               ("无", "学院公章", "其他印章")),
       False, "实习（实验）考核合格成绩通知单：还没有写“无”；盖主考学校有关学院公章写“学院公章”", "学院公章"),
    _C("承诺书已签字", "(是/否)", ("materials", "pledge_signed"), parse_bool, False,
       "承诺书是否已手写签字并扫描", "否"),
    _C("照片文件名", "", (), parse_text, False,
       "可不填：照片压缩包里的照片按准考证号或身份证号命名即可；名字不同时在这里写文件名", ""),
)
BY_HEADER = {c.header: c for c in COLUMNS}
# A case-file path → our column, for mapping the case model's errors back (see reading._column_of).
BY_PATH = {c.path: c for c in COLUMNS if c.path}


# --- the template ---------------------------------------------------------------------------------------------
TEMPLATE_NOTE = ("每行填一位考生；第一行是表头，列名不要改。“示例”行可以删除（留着也会被跳过）。"
                 "是/否 也可写 Y/N 或 √/×；日期可写 2024-06-05、2024/6/5 或 2024年6月5日。")


TEMPLATE_ROWS = 1000  # rows the drop-down lists and date formats reach: more than any class


def _example_cell(col: Column):
    """The example as Excel should hold it: dates as dates (so the column shows and sorts them as dates)."""
    if col.is_date and col.example:
        try:
            return parse_date(col.example)
        except ValueError:
            return col.example
    return col.example


def _drop_down(col: Column, letter: str):
    """A drop-down list of the column's choices. A value typed by hand gets a warning, not a refusal: the
    roster also reads Y/N, √/×, the contract's codes and a start of a name (“社会”)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = "、".join(col.choices)
    dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"', allow_blank=True,
                        errorStyle="warning", showErrorMessage=True, showInputMessage=True,
                        errorTitle=f"{col.header}：请从下拉列表里选", error=f"{col.header}只能填 {listed}。",
                        promptTitle=col.header, prompt=f"点右边的小箭头选择：{listed}")
    dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
    return dv


def template_xlsx() -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ROSTER_SHEET
    ws.append([c.title for c in COLUMNS])
    ws.append([_example_cell(c) for c in COLUMNS])
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
        if col.is_date:
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
            ws.cell(2, i).number_format = "yyyy-mm-dd"
        if col.choices:
            ws.add_data_validation(_drop_down(col, letter))
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
