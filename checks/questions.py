"""The question table: every answer of the case file, asked once, named once.

`QUESTIONS` is the one home of what a person reads about an answer: the Chinese label (used by the wizard pages,
the "check your answers" rows, case-file errors, roster error mapping and the pledge form), the Chinese names
of its allowed values, the wizard step that asks it, the levels it applies to, whether it must be answered
(and under which earlier answer), and for numbers the allowed range (quoted in error messages).

Fields of a `Question`:
- `path`: the dotted case-file path; list items drop their index (`exemptions.method`).
- `label`: the question's Chinese name, phrased so that "label：answer" reads as a sentence.
- `options`: case-file code → Chinese name, for closed questions ({} for open ones).
- `step`: the wizard step (`checks.flow.STEPS`) that asks it; "" for fields the wizard does not ask.
- `levels`: the levels it applies to; `BACHELOR_ONLY` for the prior-qualification questions.
- `required`: the step cannot be left without an answer; `when=(path, value)` makes that conditional.
- `range`: (low, high) for whole numbers, inclusive.
- `ask`: the sentence the wizard asks ("" where the label is asked as it is); `{practice}` stands for
  `practice_requirement(level)`.
- `explain`: option code → one line under that option, where a name alone does not say who it is for.
- `help`: why it is asked, in plain Chinese (shown under the question).
- `since`: the case-file `schema_version` that added it; an older case file leaves it unanswered (rules.md v3:
  "未回答" with its to-do, never a silent "no").

`when=(path, True)` on a list answer means "the list has items" (asked only of those who listed something).

Policy stays in `checks.rules`, routing in `checks.flow`; this module only names things.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVELS = ("associate", "bachelor")
BACHELOR_ONLY = ("bachelor",)


def bachelor_only_applies(level: str | None) -> bool:
    """Do the 本科-only parts (前置学历审核 questions, stage and rules) apply to a candidate at this level?

    The one place this is decided. An unknown level (not answered yet) still shows them, so that nobody
    skips a question they may need; only a known 专科 candidate never sees them.
    """
    return level != "associate"


# What "practice" means at each level (notice (三)4): the one place these words live.
PRACTICE_BY_LEVEL = {"associate": "实践性环节", "bachelor": "毕业论文"}


def practice_requirement(level: str | None) -> str:
    """The practice requirement in words: for a known level its own; otherwise both, with their levels."""
    if level in PRACTICE_BY_LEVEL:
        return PRACTICE_BY_LEVEL[level]
    return f"{PRACTICE_BY_LEVEL['associate']}（专科）或{PRACTICE_BY_LEVEL['bachelor']}（本科）"


@dataclass(frozen=True)
class Question:
    path: str
    label: str
    step: str = ""
    options: dict[str, str] = field(default_factory=dict)
    levels: tuple[str, ...] = LEVELS
    required: bool = False
    when: tuple[str, Any] | None = None
    range: tuple[int, int] | None = None
    ask: str = ""
    explain: dict[str, str] = field(default_factory=dict)
    help: str = ""
    since: int = 1

    def ask_for(self, level: str | None = None) -> str:
        """The question as the wizard asks it, in this candidate's words."""
        return (self.ask or self.label).replace("{practice}", practice_requirement(level))

    def applies_to(self, level: str | None) -> bool:
        return self.levels == LEVELS or bachelor_only_applies(level)

    def asked_given(self, value_of) -> bool:
        """Does its `when` condition hold, given a function reading earlier answers by path?"""
        if self.when is None:
            return True
        actual, expected = value_of(self.when[0]), self.when[1]
        if isinstance(actual, list) and isinstance(expected, bool):
            return bool(actual) is expected
        return actual == expected

    def option_label(self, code) -> str:
        return self.options.get(code, str(code))


_Q = Question
QUESTIONS: tuple[Question, ...] = (
    _Q("schema_version", "案例文件版本"),
    _Q("round", "毕业办证批次", "basic"),
    _Q("data_version", "规则数据版本"),
    _Q("application_date", "打算提交申请的日期", "basic", required=True, ask="打算在哪天提交毕业申请？"),
    _Q("candidate", "考生信息"),
    _Q("candidate.candidate_type", "考生类型", "basic", {"social": "社会考生", "credit_transfer": "学分互认在校生"},
       required=True, ask="你是哪类考生？", explain={
           "social": "自己报名参加自学考试的考生，现场手续到确认点办理",
           "credit_transfer": "在高校读书、由学校组织在校课程与自考课程学分互认的学生，现场手续到主考学校办理"}),
    _Q("candidate.level", "申请层次", "basic", {"associate": "专科", "bachelor": "本科"}, required=True,
       ask="申请哪个层次的毕业证书？"),
    _Q("candidate.id_valid_until", "身份证有效期至", "basic", required=True,
       ask="身份证有效期至（身份证背面“有效期限”的后一个日期）"),
    _Q("candidate.name", "姓名", "basic", ask="姓名（与身份证一致）"),
    _Q("candidate.id_number", "身份证号", "basic"),
    _Q("candidate.admission_number", "准考证号", "basic"),
    _Q("candidate.phone", "联系电话", "basic"),
    _Q("candidate.major_code", "专业代码", "basic"),
    _Q("candidate.major_name", "专业名称", "basic"),
    _Q("candidate.chief_school", "主考学校", "basic"),
    # v3 (rules.md "Causes of refusal the notice takes for granted"): the exam record, asked of every level.
    _Q("candidate.platform_identity", "管理平台上的身份信息与身份证是否一致", "record",
       {"match": "一致，登录时的身份核验也通过了", "mismatch": "有不一致，或身份核验没通过", "unsure": "不确定，还没有核对过"},
       required=True, since=2, ask="管理平台（和准考证）上的姓名、身份证号、性别，与你的身份证一字不差吗？",
       help="同音字（如李小明/李晓明）、异体字，或考试期间改过姓名、换过身份证号，审核时都会被退回；"
            "考籍信息要在申请前到确认点更正，申请毕业时不能再改。"),
    _Q("grades.admission_numbers", "用过几个准考证号", "record",
       {"one": "只有一个", "several": "有多个", "unsure": "不确定"}, required=True, since=2,
       ask="参加自学考试以来，你一共用过几个准考证号？",
       help="在不同州市或不同年份报考、以前用过13位准考证，都可能有多个准考证号；没有合并的，另一个号下的成绩申请时查不到。"),
    _Q("grades.transfer_in", "考籍是否从外省转入", "record", required=True, since=2,
       ask="你的考籍（成绩）是从其他省份转入云南的吗？",
       help="外省转入时，毕业论文、实践考核和没有全国统一代码的课程通常不能转入，要在云南重新考。"),
    _Q("grades.sanction", "有没有未结束的违规处理", "record", {"no": "没有", "yes": "有", "unsure": "不确定"},
       required=True, since=2, ask="你有没有还没结束的考试违规处理（取消成绩、推迟毕业、停考）？",
       help="违规处理期间不能申请毕业，要等处理结束。"),
    _Q("grades", "课程成绩"),
    _Q("grades.all_courses_passed", "全部课程是否合格", "grades", required=True,
       ask="专业考试计划规定的全部课程都已经合格了吗？"),
    _Q("grades.plan_substitution", "有没有旧计划、外专业或顶替的课程", "grades",
       {"no": "没有", "yes": "有", "unsure": "不确定"}, required=True, since=2,
       ask="用来申请毕业的课程里，有没有旧考试计划的课程、其他专业的课程，或用一门课顶替（替代）另一门？",
       help="专业考试计划调整过，或以为同名、相近的课程可以互相代替时，这些课程不一定被认可，要先向确认点或主考学校确认。"),
    _Q("grades.exemptions_confirmed", "免考是否已经办完", "exemptions",
       {"yes": "都已审核通过、缴费，平台上能看到", "no": "还有没办完的", "unsure": "不确定"}, required=True, since=2,
       when=("exemptions", True), ask="这些免考课程都已经审核通过、缴了费，并且在管理平台上能看到免考成绩吗？",
       help="免考要在毕业申请之前办完并缴费，否则这门课不算合格。"),
    # Lists the wizard asks as a yes/no first ("都能查到" / "没有"): unanswered until chosen, never preselected.
    _Q("grades.missing_on_platform", "平台查不到的成绩", "grades", required=True,
       ask="已经合格的成绩，在管理平台“我的成绩”里都能查到吗？"),
    _Q("grades.missing_on_platform.source", "成绩凭证类型", "grades", {
        "certificate_13char": "13位（含字母）准考证取得的成绩",
        "certificate": "云南省自学考试课程合格证书",
        "transfer_letter": "转入云南省考籍档案证明信",
        "practice_notice": "实习（实验）考核合格成绩通知单",
    }),
    _Q("grades.missing_on_platform.year", "凭证取得年份", "grades", range=(1950, 2100)),
    _Q("grades.missing_on_platform.course_name", "课程名称", "grades"),
    _Q("prior_education", "前置学历", levels=BACHELOR_ONLY),
    _Q("prior_education.has_diploma", "是否持有专科（或以上）学历证书", "prior", levels=BACHELOR_ONLY, required=True,
       ask="你有专科（或以上）学历证书吗？"),
    _Q("prior_education.graduation_date", "前置学历毕业时间", "prior", levels=BACHELOR_ONLY, required=True,
       when=("prior_education.has_diploma", True), ask="前置学历毕业时间（毕业证书上的日期）"),
    _Q("prior_education.issued_in", "前置学历在哪里取得", "prior",
       {"mainland": "中国境内（内地）的学校或自考机构", "abroad": "国外或港澳台"}, levels=BACHELOR_ONLY, required=True,
       since=2, when=("prior_education.has_diploma", True), ask="这个专科（或以上）学历是在哪里取得的？",
       help="学信网只收录境内的学历；国外或港澳台的学历要另做认证。"),
    _Q("prior_education.in_chsi", "学信档案里能否查到前置学历", "prior",
       {"found": "能查到", "not_found": "查不到", "unsure": "不确定"}, levels=BACHELOR_ONLY, required=True, since=2,
       when=("prior_education.issued_in", "mainland"), ask="在学信网的“学信档案”里，能查到这个学历吗？",
       help="扫码授权要用学信网上的学历记录，查不到就不能扫码（2001年以前毕业的一般查不到）。"
            "查看方法：登录学信网（chsi.com.cn），看“学信档案”→“高等教育信息”→“学历”。"),
    _Q("prior_education.chsi_authorization", "学信网授权情况", "prior",
       {"not_done": "还没有授权", "passed": "已授权并审核通过", "failed": "扫码授权失败"},
       levels=BACHELOR_ONLY, required=True, when=("prior_education.issued_in", "mainland"),
       ask="用学信网APP扫码授权前置学历了吗？"),
    _Q("prior_education.identity_changed", "姓名或身份证号是否变更过", "prior", levels=BACHELOR_ONLY, required=True,
       when=("prior_education.has_diploma", True), ask="拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？"),
    _Q("exemptions", "免考课程", "exemptions", required=True, ask="这次申请毕业，有没有用到免考课程？"),
    _Q("exemptions.course_code", "课程代码", "exemptions"),
    _Q("exemptions.course_name", "课程名称", "exemptions"),
    _Q("exemptions.method", "免考办理方式", "exemptions", {"online": "线上办理", "offline": "线下办理"}),
    _Q("exemptions.year", "免考办理年份", "exemptions", range=(1980, 2100)),
    _Q("exemptions.has_form", "是否有免考课程登记表", "exemptions"),
    _Q("practice", f"{PRACTICE_BY_LEVEL['associate']}与{PRACTICE_BY_LEVEL['bachelor']}"),
    _Q("practice.required", f"专业计划是否要求{practice_requirement(None)}", "practice", required=True,
       ask="你的专业考试计划有{practice}要求吗？"),
    _Q("practice.notice", "实习（实验）考核合格成绩通知单的情况", "practice",
       {"none": "还没有通知单", "college_seal": "盖的是主考学校有关学院的公章", "other_seal": "盖的是其他印章"},
       required=True, when=("practice.required", True), ask="你的《实习（实验）考核合格成绩通知单》："),
    _Q("materials", "材料"),
    _Q("materials.pledge_signed", "承诺书是否已签字", "materials", required=True,
       ask="《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？"),
    _Q("materials.photo_passed", "照片是否已检查合格", "materials", required=True, ask="电子照片已经检查合格了吗？"),
)
BY_PATH: dict[str, Question] = {q.path: q for q in QUESTIONS}


def question(path: str | tuple) -> Question | None:
    """The question for a dotted path or a case-file location tuple (list indexes are ignored)."""
    if not isinstance(path, str):
        path = ".".join(str(p) for p in path if not isinstance(p, int))
    return BY_PATH.get(path)


def label(path: str | tuple) -> str:
    q = question(path)
    return q.label if q else str(path)


def step_of(path: str | tuple) -> str:
    """The wizard step that asks about this location (its nearest enclosing question with a step), or ""."""
    parts = tuple(p for p in ((path.split(".")) if isinstance(path, str) else path) if not isinstance(p, int))
    for n in range(len(parts), 0, -1):
        q = BY_PATH.get(".".join(parts[:n]))
        if q is not None and q.step:
            return q.step
    return ""


NOT_SENT = "（脱敏后不含）"  # a field redaction removed: the help desk must not read "未填写"


def yes_no(value: bool | None) -> str:
    return {True: "是", False: "否"}.get(value, "未回答")
