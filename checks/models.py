"""The case file (../shared/spec/contract.md, schema_version 1) as pydantic models.

Field names are the contract's; `FIELD_LABELS` gives each its Chinese name for error messages.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from checks import identity, safejson

CandidateType = Literal["social", "credit_transfer"]
Level = Literal["associate", "bachelor"]
PERMANENT = "长期"

LABELS = {
    "candidate_type": {"social": "社会考生", "credit_transfer": "学分互认在校生"},
    "level": {"associate": "专科", "bachelor": "本科"},
    "source": {
        "certificate_13char": "13位（含字母）准考证取得的成绩",
        "certificate": "云南省自学考试课程合格证书",
        "transfer_letter": "转入云南省考籍档案证明信",
        "practice_notice": "实习（实验）考核合格成绩通知单",
    },
    "chsi_authorization": {"not_done": "还没有授权", "passed": "已授权并审核通过", "failed": "扫码授权失败"},
    "method": {"online": "线上办理", "offline": "线下办理"},
    "notice": {"none": "还没有通知单", "college_seal": "盖的是主考学校有关学院的公章", "other_seal": "盖的是其他印章"},
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _blank_to_none(value):
    value = _strip(value)
    return None if value == "" else value


OptStr = Annotated[str | None, BeforeValidator(_blank_to_none)]


class _Model(BaseModel):
    # Unknown fields are an error: a typo in a case file must not silently change the verdict.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Candidate(_Model):
    name: OptStr = None
    id_number: OptStr = None
    id_valid_until: dt.date | Literal["长期"]
    admission_number: OptStr = None
    phone: OptStr = None
    candidate_type: CandidateType
    level: Level
    major_code: OptStr = None
    major_name: OptStr = None
    chief_school: OptStr = None

    @field_validator("id_number")
    @classmethod
    def _id_number(cls, v: str | None) -> str | None:
        return None if v is None else identity.normalize_id_number(v)

    @field_validator("admission_number")
    @classmethod
    def _admission(cls, v: str | None) -> str | None:
        return None if v is None else identity.normalize_admission_number(v)

    @field_validator("phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v is None:
            return None
        digits = v.replace("-", "").replace(" ", "")
        if not digits.isdigit() or not 7 <= len(digits) <= 12:
            raise ValueError("联系电话应为手机号（11位数字）或带区号的固定电话")
        return v

    @property
    def id_upgraded(self) -> bool:
        return self.id_number is not None and len(self.id_number) == 15


class MissingGrade(_Model):
    source: Literal["certificate_13char", "certificate", "transfer_letter", "practice_notice"]
    year: int | None = Field(default=None, ge=1950, le=2100)
    course_name: OptStr = None  # extension: lets the message name the course

    @model_validator(mode="after")
    def _year_needed(self) -> "MissingGrade":
        if self.source in ("certificate", "transfer_letter") and self.year is None:
            raise ValueError(f"“{LABELS['source'][self.source]}”要填写取得的年份")
        return self


class Grades(_Model):
    all_courses_passed: bool = True
    missing_on_platform: list[MissingGrade] = []


class PriorEducation(_Model):
    has_diploma: bool = False
    graduation_date: dt.date | None = None
    chsi_authorization: Literal["not_done", "passed", "failed"] = "not_done"
    identity_changed: bool = False


class Exemption(_Model):
    course_code: OptStr = None
    course_name: OptStr = None
    method: Literal["online", "offline"]
    year: int | None = Field(default=None, ge=1980, le=2100)
    has_form: bool = False

    @property
    def label(self) -> str:
        parts = [p for p in (self.course_code, self.course_name) if p]
        return " ".join(parts) or "未填写课程名"


class Practice(_Model):
    required: bool = False
    notice: Literal["none", "college_seal", "other_seal"] = "none"


class Materials(_Model):
    pledge_signed: bool = False
    photo_passed: bool = False


class Case(_Model):
    schema_version: Literal[1] = 1
    round: str
    # Extension: the rule-data version the case was saved under, so the help desk can tell if rules changed since.
    data_version: OptStr = None
    application_date: dt.date = Field(default_factory=dt.date.today)
    candidate: Candidate
    grades: Grades = Grades()
    prior_education: PriorEducation | None = None
    exemptions: list[Exemption] = []
    practice: Practice = Practice()
    materials: Materials = Materials()

    def redacted(self) -> "Case":
        """The same case without name, ID number and phone; the admission number keeps only its first 4 digits."""
        cand = self.candidate.model_copy(update={"name": None, "id_number": None, "phone": None})
        if cand.admission_number:
            cand = cand.model_copy(update={"admission_number": cand.admission_number[:4] + "*" * 8})
        return self.model_copy(update={"candidate": cand})

    def to_json(self, redact: bool = False) -> str:
        case = self.redacted() if redact else self
        return json.dumps(case.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)


FIELD_LABELS = {
    "schema_version": "版本号 schema_version",
    "round": "轮次 round",
    "data_version": "规则数据版本 data_version",
    "application_date": "申请日期 application_date",
    "candidate": "考生信息 candidate",
    "name": "姓名",
    "id_number": "身份证号",
    "id_valid_until": "身份证有效期至",
    "admission_number": "准考证号",
    "phone": "联系电话",
    "candidate_type": "考生类型",
    "level": "申请层次",
    "major_code": "专业代码",
    "major_name": "专业名称",
    "chief_school": "主考学校",
    "grades": "成绩 grades",
    "all_courses_passed": "全部课程是否合格",
    "missing_on_platform": "平台查不到的成绩",
    "source": "成绩凭证类型",
    "year": "年份",
    "course_name": "课程名称",
    "course_code": "课程代码",
    "prior_education": "前置学历 prior_education",
    "has_diploma": "是否持有专科（或以上）学历证书",
    "graduation_date": "前置学历毕业时间",
    "chsi_authorization": "学信网授权",
    "identity_changed": "姓名或身份证号是否变更",
    "exemptions": "免考课程",
    "method": "免考办理方式",
    "has_form": "是否有免考课程登记表",
    "practice": "实践环节 practice",
    "required": "专业计划是否要求实践环节或论文",
    "notice": "实习（实验）考核合格成绩通知单",
    "materials": "材料 materials",
    "pledge_signed": "承诺书是否已签字",
    "photo_passed": "照片是否已通过检查",
}

_TYPE_MESSAGES = {
    "missing": "必须填写",
    "extra_forbidden": "不是案例文件里的字段（请检查拼写）",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "int_type": "应为整数",
    "int_parsing": "应为整数（如 1993）",
    "int_from_float": "应为整数（如 1993）",
    "date_type": "应为日期，格式如 2024-06-05",
    "date_parsing": "应为日期，格式如 2024-06-05",
    "date_from_datetime_parsing": "应为日期，格式如 2024-06-05",
    "date_from_datetime_inexact": "应为日期，格式如 2024-06-05",
    "string_type": "应为文字",
    "list_type": "应为列表 [...]",
    "dict_type": "应为对象 {...}",
    "model_type": "应为对象 {...}",
    "model_attributes_type": "应为对象 {...}",
    "finite_number": "应为整数（如 1993）",
    "int_parsing_size": "数值太大",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
}


def _field_path(loc: tuple) -> str:
    parts = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"第{item + 1}项")
        elif item in FIELD_LABELS:
            parts.append(FIELD_LABELS[item])
        elif item in ("date", "literal['长期']") or str(item).startswith(("function-", "literal[")):
            continue  # union branch names are noise to a person
        else:
            parts.append(str(item))
    return " → ".join(parts) or "案例文件"


def describe_error(err: dict) -> str:
    """One pydantic error as one Chinese sentence naming the field."""
    where = _field_path(tuple(err.get("loc", ())))
    kind = err.get("type", "")
    if kind == "value_error":
        msg = str(err.get("ctx", {}).get("error", err.get("msg", "")))
    elif kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        field = next((str(x) for x in reversed(err.get("loc", ())) if isinstance(x, str) and x in LABELS), None)
        if field:
            choices = "、".join(f"{k}（{v}）" for k, v in LABELS[field].items())
            msg = f"只能是 {choices}"
        else:
            msg = f"只能是 {expected}"
    else:
        # Never fall back to pydantic's English text: a person reads this.
        msg = _TYPE_MESSAGES.get(kind, "格式不对，请对照说明重新填写")
    return f"{where}：{msg}"


def describe_validation_error(exc: ValidationError) -> list[str]:
    seen: dict[str, None] = {}
    errors = exc.errors()
    # id_valid_until is date | "长期": report one sentence, not one per branch.
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if "id_valid_until" in loc:
            seen["身份证有效期至：应为日期（如 2030-01-01）或“长期”"] = None
            continue
        seen[describe_error(err)] = None
    return list(seen)


class CaseFileError(ValueError):
    """A case file that cannot be used, with Chinese messages naming each field."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


MAX_CASE_BYTES = 256 * 1024


def parse_case(data: bytes | str) -> Case:
    """Parse a case file's text; raise CaseFileError (never anything else) when it cannot be used."""
    if isinstance(data, bytes):
        if len(data) > MAX_CASE_BYTES:
            raise CaseFileError(["案例文件太大（超过256KB），请确认选的是本工具下载的 .json 案例文件"])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaseFileError(["案例文件不是UTF-8文本，请上传本工具下载的 .json 案例文件"]) from None
    try:
        raw = safejson.loads(data)  # depth and number-length limits before parsing (checks/safejson.py)
    except (json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", "?")
        raise CaseFileError([f"案例文件不是有效的JSON（第{line}行附近格式有误），请重新下载或检查是否被改动过"]) from None
    return case_from_dict(raw)


def case_from_dict(raw) -> Case:
    if not isinstance(raw, dict):
        raise CaseFileError(["案例文件的最外层应为 {...} 对象"])
    if raw.get("schema_version", 1) != 1:
        raise CaseFileError([f"案例文件版本 {raw.get('schema_version')!r} 本工具不认识，只支持 schema_version 1"])
    try:
        return Case.model_validate(raw)
    except ValidationError as exc:
        raise CaseFileError(describe_validation_error(exc)) from None
