"""Cell converters: text as a tutor types it into a roster → a case-file value.

Each raises ValueError with the Chinese reason; every rule about what a valid value *is* stays in the case
model (checks.models), these only translate 是/否, dates, choice labels and the two compact notations.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from checks.models import PERMANENT
from checks.wording import parse_date

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


parse_bool.choices = ("是", "否")  # the template's drop-down list


def parse_valid_until(value: Any) -> dt.date | str:
    if str(value).strip() == PERMANENT:
        return PERMANENT
    try:
        return parse_date(value)
    except ValueError:
        raise ValueError("应为日期（如 2030-01-01）或“长期”") from None


def _choice(options: dict[str, str], shown: tuple[str, ...] = ()) -> Callable[[Any], str]:
    """Chinese label (or the contract's code) → code. A hand-typed start of one label only ("社会" for
    社会考生, "学分互认" for 学分互认在校生) is that label; a start shared by several labels is refused.
    `shown`: the names the template's drop-down list and the error message offer (default: every Chinese name)."""
    lookup = {k.lower(): v for k, v in options.items()}
    choices = shown or tuple(k for k in options if not k.isascii())

    def parse(value: Any) -> str:
        text = str(value).strip()
        code = lookup.get(text.lower())
        if code is None and len(text) >= 2:
            starts = {v for k, v in options.items() if not k.isascii() and k.startswith(text)}
            code = starts.pop() if len(starts) == 1 else None
        if code is None:
            raise ValueError(f"只能填 {'、'.join(choices)}")
        return code

    parse.choices = choices
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


