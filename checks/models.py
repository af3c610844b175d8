"""The case file (../shared/spec/contract.md, schema_version 2) as pydantic models.

Schema 2 adds the questions of rules.md v3 (`since=2` in the question table). Each is optional: a schema-1 file
(or a roster without the column) leaves it None, which the rules report as "未回答" with its to-do.

Field names are the contract's; their Chinese names live in the question table (checks/questions.py) and the
translation of validation errors in checks/errors.py. Typed text is cleaned before validation (rules.md v2).
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator, model_validator

from checks import identity, safejson
from checks.errors import CaseFileError, FieldError, from_validation_error
from checks.questions import BY_PATH, QUESTIONS
from checks.wording import cn_date

CandidateType = Literal["social", "credit_transfer"]
Level = Literal["associate", "bachelor"]
PERMANENT = "长期"
SCHEMA_VERSION = 2  # what this version writes; 1 still loads (its v3 questions stay unanswered)
Unsure = Literal["no", "yes", "unsure"]

# Case-file code → Chinese, keyed by field name (the question table is their one home).
LABELS = {q.path.rsplit(".", 1)[-1]: q.options for q in QUESTIONS if q.options}


def _clean(value):
    """Text as typed → NFKC, no invisible characters, no surrounding spaces; blank → not answered."""
    if isinstance(value, str):
        value = identity.clean_text(value)
        return value or None
    return value


def _blank_to_none(value):
    """ID-like numbers are cleaned by checks.identity, which names a stray character instead of folding it."""
    return None if isinstance(value, str) and not value.strip() else value


def Text(max_chars: int):  # noqa: N802 - a type, used like one: `major_name: Text(MAX_CHARS["name"]) = None`
    """Free text as typed (cleaned, blank → not answered), at most `max_chars` characters after cleaning.

    Every free-text field uses this one type, so that each has a limit and a too-long value is refused with the
    field's Chinese name (checks/errors.py: "string_too_long"). The limits fit real values with room to spare
    and keep every accepted case inside one case code (docs/case-code.md; README "案例文件" lists them)."""
    return Annotated[Annotated[str, Field(max_length=max_chars)] | None, BeforeValidator(_clean)]


def Number(max_chars: int):  # noqa: N802
    """ID-like numbers: blank → not answered, checked by checks.identity; at most `max_chars` as typed."""
    return Annotated[Annotated[str, Field(max_length=max_chars)] | None, BeforeValidator(_blank_to_none)]


# The length limits of every free-text field (characters, after cleaning). Real values: names up to ~20
# characters (minority names with "·"), major and school names up to ~20, course names up to 20
# ("毛泽东思想和中国特色社会主义理论体系概论"), course codes 5 digits, major codes 7 characters.
MAX_CHARS = {
    "name": 40,        # person's name
    "title": 50,       # major, school, course names
    "code": 12,        # course and major codes
    "id": 24,          # ID and admission numbers as typed (with spaces), checked exactly by checks.identity
    "phone": 20,
    "round": 64,       # "2024-H1"; an unknown id is refused by checks.rounds, naming it
    "version": 64,     # rule-data version
}
MAX_LIST_ITEMS = 30    # exemptions, grades missing on the platform: a whole examination plan has fewer courses



def _range(path: str) -> dict:
    low, high = BY_PATH[path].range
    return {"ge": low, "le": high}


class _Model(BaseModel):
    # Unknown fields are an error: a typo in a case file must not silently change the verdict.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Candidate(_Model):
    name: Text(MAX_CHARS["name"]) = None
    id_number: Number(MAX_CHARS["id"]) = None
    id_valid_until: dt.date | Literal["长期"]
    admission_number: Number(MAX_CHARS["id"]) = None
    phone: Number(MAX_CHARS["phone"]) = None
    candidate_type: CandidateType
    level: Level
    major_code: Text(MAX_CHARS["code"]) = None
    major_name: Text(MAX_CHARS["title"]) = None
    chief_school: Text(MAX_CHARS["title"]) = None
    platform_identity: Literal["match", "mismatch", "unsure"] | None = None  # v3

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
        digits = identity.clean_text(v).replace("-", "").replace(" ", "")
        if not digits.isdigit() or not 7 <= len(digits) <= 12:
            raise ValueError("应为手机号（11位数字）或带区号的固定电话")
        return identity.clean_text(v)

    @property
    def id_upgraded(self) -> bool:
        return self.id_number is not None and len(self.id_number) == 15


class MissingGrade(_Model):
    source: Literal["certificate_13char", "certificate", "transfer_letter", "practice_notice"]
    year: int | None = Field(default=None, **_range("grades.missing_on_platform.year"))
    course_name: Text(MAX_CHARS["title"]) = None  # extension: lets the message name the course

    @model_validator(mode="after")
    def _year_needed(self) -> "MissingGrade":
        if self.source in ("certificate", "transfer_letter") and self.year is None:
            raise ValueError(f"“{LABELS['source'][self.source]}”要填写取得的年份")
        return self


class Grades(_Model):
    # rules.md v2: a question, never read as "yes" when unanswered.
    all_courses_passed: bool
    missing_on_platform: list[MissingGrade] = Field(default=[], max_length=MAX_LIST_ITEMS)
    # v3: None = not answered (a schema-1 case, or a roster without the column)
    admission_numbers: Literal["one", "several", "unsure"] | None = None
    transfer_in: bool | None = None
    sanction: Unsure | None = None
    plan_substitution: Unsure | None = None
    # Only read when exemptions are listed. The same Literal as `sanction` (typing caches Literals by their set of
    # values, so a reordered copy would silently be this one: the case code packs choices by position).
    exemptions_confirmed: Unsure | None = None


class PriorEducation(_Model):
    has_diploma: bool = False
    # Asked only with a diploma (checks/questions.py `when`); the rules read them only then. The defaults stay:
    # case codes already sent (checks/casepack.py) leave out a field equal to its default.
    graduation_date: dt.date | None = None
    chsi_authorization: Literal["not_done", "passed", "failed"] = "not_done"
    identity_changed: bool = False
    issued_in: Literal["mainland", "abroad"] | None = None  # v3
    in_chsi: Literal["found", "not_found", "unsure"] | None = None  # v3: only read for a mainland diploma


class Exemption(_Model):
    course_code: Text(MAX_CHARS["code"]) = None
    course_name: Text(MAX_CHARS["title"]) = None
    method: Literal["online", "offline"]
    year: int | None = Field(default=None, **_range("exemptions.year"))
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
    schema_version: Literal[1, 2] = SCHEMA_VERSION
    round: Annotated[str, Field(max_length=MAX_CHARS["round"])]
    # Extension: the rule-data version the case was saved under, so the help desk can tell if rules changed since.
    data_version: Text(MAX_CHARS["version"]) = None
    application_date: dt.date = Field(default_factory=dt.date.today)
    candidate: Candidate
    grades: Grades
    prior_education: PriorEducation | None = None
    exemptions: list[Exemption] = Field(default=[], max_length=MAX_LIST_ITEMS)
    practice: Practice = Practice()
    materials: Materials = Materials()

    @model_validator(mode="before")
    @classmethod
    def _grades_asked(cls, data):
        # Without a grades section the unanswered question is all_courses_passed: name it, not the section.
        if isinstance(data, dict) and "grades" not in data:
            data = {**data, "grades": {}}
        return data

    def redacted(self) -> "Case":
        """The same case without name, ID number and phone; the admission number keeps only its first 4 digits."""
        cand = self.candidate.model_copy(update={"name": None, "id_number": None, "phone": None})
        if cand.admission_number:
            cand = cand.model_copy(update={"admission_number": cand.admission_number[:4] + "*" * 8})
        return self.model_copy(update={"candidate": cand})

    def to_json(self, redact: bool = False) -> str:
        case = self.redacted() if redact else self
        return json.dumps(case.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=2)


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
    if raw.get("schema_version", 1) not in (1, SCHEMA_VERSION) or isinstance(raw.get("schema_version"), bool):
        raise CaseFileError([FieldError(("schema_version",), (
            f"{raw.get('schema_version')!r} 本工具不认识，只支持 schema_version 1 和 {SCHEMA_VERSION}"))])
    try:
        case = Case.model_validate(raw)
    except ValidationError as exc:
        raise CaseFileError(from_validation_error(exc)) from None
    _check_birth_date(case)
    case = _with_round_of_date(case)
    _check_fits_case_code(case)
    return case


def _with_round_of_date(case: Case) -> Case:
    """rules.md v3: a date after every shipped round uses its half-year's projected round, even when the case names
    the newest shipped round (a case file written by hand, or saved before this version, with today's date)."""
    from checks.rounds import resolve_round_id

    resolved = resolve_round_id(case.round, case.application_date)
    return case if resolved == case.round else case.model_copy(update={"round": resolved})


def _check_fits_case_code(case: Case) -> None:
    """Every accepted case has a case code the tool reads back and a QR that can be drawn (issue 22: a
    100,000-character major name got a code its own decoder refused). The per-field limits keep one field from
    doing it; only long lists of long course names can still reach the limit, so those are named."""
    from checks import casecode  # casecode builds on this module; imported here, when a case exists

    length = len(casecode.encode(case))
    if length <= casecode.MAX_WRITTEN_CHARS:
        return
    lists = {"exemptions": len(case.exemptions), "grades": len(case.grades.missing_on_platform)}
    path = ("exemptions",) if lists["exemptions"] >= lists["grades"] else ("grades", "missing_on_platform")
    raise CaseFileError([FieldError(path, (
        f"内容太多，案例码放不下（案例码最长 {casecode.MAX_WRITTEN_CHARS} 个字符，这份有 {length} 个）："
        "请只填需要办理的课程，课程名称按平台上的写法填写"))])


def _check_birth_date(case: Case) -> None:
    """A birth date after the application date cannot be right (rules.md v2)."""
    number = case.candidate.id_number
    if number and identity.birth_date(number) > case.application_date:
        born = cn_date(identity.birth_date(number))
        raise CaseFileError([FieldError(("candidate", "id_number"), (
            f"身份证号里的出生日期{born}在申请日期{cn_date(case.application_date)}之后，请对照身份证重新输入"))])
