"""Case-file errors as data: each one is (field path, Chinese message), never a sentence to be parsed back.

`FieldError.path` is the case-file location (`("exemptions", 0, "year")`); pages and the roster map it to their
own widgets and columns. `str(error)` is the sentence a person reads: the field named as its question is asked
(the question table, `checks.questions`), then what is wrong and what to do; for numbers, the allowed range.
pydantic's English text never reaches a person: every error type has its Chinese sentence here.
"""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from checks.questions import question

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldError:
    path: Path  # () for the file as a whole
    message: str  # what is wrong and what to do, without the field's name

    @property
    def dotted(self) -> str:
        """The contract's name of the field, e.g. `exemptions[0].year` (for help-desk staff on the command line)."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    @property
    def field_label(self) -> str:
        return field_label(self.path)

    def __str__(self) -> str:
        return f"{self.field_label}：{self.message}" if self.path else self.message


def field_label(path: Path) -> str:
    """A location in words, e.g. ("exemptions", 0, "year") → "免考课程第1项的免考办理年份"; ("candidate",
    "id_number") → "身份证号" (a question's label stands on its own, so its section is left out)."""
    words = ""
    for i, part in enumerate(path):
        if isinstance(part, int):
            words += f"第{part + 1}项"
            continue
        q = question(path[: i + 1])
        if q is None:  # a key that is not in the case file (a typo): show it as written
            words += f"{'里的' if words else ''}“{part}”"
        elif i and isinstance(path[i - 1], int):
            words += "的" + q.label
        else:
            words = q.label
    return words or "案例文件"


class CaseFileError(ValueError):
    """A case file that cannot be used. `.errors` are FieldErrors; `.messages` the sentences a person reads."""

    def __init__(self, errors: list[FieldError | str]):
        self.errors = [e if isinstance(e, FieldError) else FieldError((), e) for e in errors]
        super().__init__("\n".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]

    def messages_with_paths(self) -> list[str]:
        """For the command line: each sentence followed by the contract's field name (help-desk staff edit JSON)."""
        return [f"{e}（字段 {e.dotted}）" if e.path else str(e) for e in self.errors]


DATE_EXAMPLE = "应为日期，格式如 2024-06-05"
_TYPE_MESSAGES = {
    "missing": "必须填写",
    "extra_forbidden": "不是案例文件里的字段（请检查拼写）",
    "bool_type": "应为 true（是）或 false（否）",
    "bool_parsing": "应为 true（是）或 false（否）",
    "int_type": "应为整数",
    "int_parsing": "应为整数（如 1993）",
    "int_from_float": "应为整数（如 1993）",
    "finite_number": "应为整数（如 1993）",
    "date_type": DATE_EXAMPLE,
    "date_parsing": DATE_EXAMPLE,
    "date_from_datetime_parsing": DATE_EXAMPLE,
    "date_from_datetime_inexact": DATE_EXAMPLE,
    "string_type": "应为文字",
    "list_type": "应为列表 [...]",
    "dict_type": "应为对象 {...}",
    "model_type": "应为对象 {...}",
    "model_attributes_type": "应为对象 {...}",
}
_YES_NO = {"grades.all_courses_passed", "prior_education.has_diploma", "prior_education.identity_changed",
           "practice.required", "materials.pledge_signed", "materials.photo_passed"}
_RANGE_TYPES = {"int_parsing_size", "greater_than_equal", "less_than_equal", "greater_than", "less_than"}
# Names of union branches and validators that pydantic puts in a location: noise to a person.
_NOISE = {"date", "str", "int", "bool"}


def _clean_path(loc: tuple) -> Path:
    return tuple(p for p in loc if isinstance(p, int)
                 or not (p in _NOISE or str(p).startswith(("function-", "literal["))))


def _message(err: dict, path: Path) -> str:
    kind = err.get("type", "")
    q = question(path) if path else None
    if kind == "value_error":
        return str(err.get("ctx", {}).get("error", "")) or "格式不对，请对照说明重新填写"
    if kind == "literal_error":
        if q and q.options:
            return "只能是 " + "、".join(f"{k}（{v}）" for k, v in q.options.items())
        return f"只能是 {err.get('ctx', {}).get('expected', '')}"
    if kind == "missing" and q is not None and q.step and q.required:
        return "必须回答（是填 true，否填 false）" if q.path in _YES_NO else "必须回答"
    if (kind in _RANGE_TYPES or kind.startswith(("int_", "finite_"))) and q and q.range:
        return f"应为 {q.range[0]} 到 {q.range[1]} 之间的整数"
    if kind in _RANGE_TYPES:
        return "超出允许的范围"
    if kind in ("string_too_long", "too_long"):  # a text, or a list (pydantic says "too_long" for both)
        given, most = err.get("input"), err.get("ctx", {}).get("max_length")
        if isinstance(given, str):
            return f"太长了，最多 {most} 个字，现在有 {len(given)} 个：请检查是否多粘贴了别的内容"
        return f"太多了，最多 {most} 项，现在有 {err.get('ctx', {}).get('actual_length', '更多')} 项"
    # Never fall back to pydantic's English text: a person reads this.
    return _TYPE_MESSAGES.get(kind, "格式不对，请对照说明重新填写")


def from_validation_error(exc: ValidationError) -> list[FieldError]:
    out: dict[FieldError, None] = {}
    for err in exc.errors():
        path = _clean_path(tuple(err.get("loc", ())))
        if path and path[-1] == "id_valid_until":
            # date | "长期": one sentence, not one per branch of the union.
            out[FieldError(path, "应为日期（如 2030-01-01）或“长期”")] = None
            continue
        out[FieldError(path, _message(err, path))] = None
    return list(out)
