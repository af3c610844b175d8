"""Chinese resident ID numbers (GB 11643-1999), Yunnan 12-digit admission numbers, and how typed text is cleaned.

Where we differ from python-stdnum's `stdnum.cn.ric` (cross-checked in tests/test_identity.py; see README
“规则怎么来的”): we accept a 15-digit number and upgrade it to 18 (stdnum validates 18 digits only), and we do
not check the 6-digit region code against a list (codes are retired and re-issued; an old card stays valid,
and the platform checks the number itself). Our messages are Chinese and say which position is wrong.
"""
from __future__ import annotations

import datetime as dt
import unicodedata

from checks.wording import cn_date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


# --- cleaning typed text (rules.md v2) -------------------------------------------------------------------------
def _invisible(ch: str) -> bool:
    """Zero-width spaces and joiners, BOM, soft hyphen, direction marks: Unicode category Cf."""
    return unicodedata.category(ch) == "Cf"


def clean_text(value: str) -> str:
    """Any text field: Unicode NFKC (full-width letters and digits become ASCII), invisible characters removed,
    surrounding spaces stripped. The platform compares names exactly, so a zero-width space must not survive."""
    value = "".join(ch for ch in unicodedata.normalize("NFKC", str(value)) if not _invisible(ch))
    return value.strip()


def _fold_width(value: str) -> str:
    """Full-width (and half-width) forms → their ASCII letters and digits; nothing else changes, so that other
    look-alikes (superscript ², circled ①, Arabic-Indic ٣) are refused by name instead of being read as digits."""
    out = []
    for ch in str(value):
        if _invisible(ch):
            continue
        if unicodedata.decomposition(ch).startswith(("<wide>", "<narrow>")) or ch == "\u3000":
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def _compact(raw: str, what: str) -> str:
    """An ID-like number as typed → ASCII without spaces; ValueError naming a character that is not ASCII."""
    value = "".join(_fold_width(raw).split())
    for pos, ch in enumerate(value, 1):
        if not ch.isascii():
            also_x = "（身份证号末位也可以是X）" if what == "身份证号" else ""
            raise ValueError(f"{what}第{pos}位的“{ch}”不是键盘上的数字，请删掉它，用键盘上的数字{also_x}重新输入")
    return value


# --- ID numbers ---------------------------------------------------------------------------------------------------
def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def _birth_date(digits8: str) -> dt.date | None:
    if not (digits8.isascii() and digits8.isdigit()):
        return None
    try:
        return dt.datetime.strptime(digits8, "%Y%m%d").date()
    except ValueError:
        return None


def _check_birth(birth: dt.date | None, digits: str, positions: str, today: dt.date | None) -> None:
    if birth is None or birth.year < 1900:
        raise ValueError(f"第{positions}位的出生日期 {digits} 不是有效日期，请对照身份证重新输入")
    if birth > (today or dt.date.today()):
        raise ValueError(f"第{positions}位的出生日期{cn_date(birth)}在今天之后，不可能是出生日期，请对照身份证重新输入")


def normalize_id_number(raw: str, today: dt.date | None = None) -> str:
    """The number as it should be stored: ASCII, no spaces, `x` → `X`. Raise ValueError with a Chinese reason."""
    value = _compact(raw, "身份证号").upper()
    if len(value) == 15:
        if not value.isdigit():
            raise ValueError("15位旧身份证号只能由数字组成，请对照身份证重新输入")
        _check_birth(_birth_date("19" + value[6:12]), value[6:12], "7–12", today)
        return value
    if len(value) != 18:
        raise ValueError(f"身份证号应为18位（旧身份证15位），你输入了{len(value)}位，请对照身份证重新输入")
    if not (value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")):
        raise ValueError("身份证号前17位必须是数字，最后一位是数字或X，请对照身份证重新输入")
    _check_birth(_birth_date(value[6:14]), value[6:14], "7–14", today)
    if check_char(value[:17]) != value[17]:
        raise ValueError("身份证号最后一位校验码不对，可能有数字输错了，请对照身份证逐位核对")
    return value


def upgrade_to_18(id15: str) -> str:
    first17 = id15[:6] + "19" + id15[6:]
    return first17 + check_char(first17)


def id18(value: str) -> str:
    return upgrade_to_18(value) if len(value) == 15 else value


def birth_date(value: str) -> dt.date:
    full = id18(value)
    return dt.date(int(full[6:10]), int(full[10:12]), int(full[12:14]))


def sex(value: str) -> str:
    return "男" if int(id18(value)[16]) % 2 else "女"


# --- admission numbers --------------------------------------------------------------------------------------------
def normalize_admission_number(raw: str, allow_masked: bool = True) -> str:
    """12 digits: city(2) county(2) year code(3) serial(5). A redacted case may mask digits with `*`.
    Full-width digits are stored as ASCII, so the pledge form and its QR code carry the number as the platform has it."""
    value = _compact(raw, "准考证号")
    if len(value) != 12:
        raise ValueError(f"准考证号应为12位数字，你输入了{len(value)}位。13位含字母的旧准考证号请在成绩一步里填写")
    if allow_masked and "*" in value:
        if not all(c.isdigit() or c == "*" for c in value):
            raise ValueError("准考证号只能由数字组成（脱敏时可用*遮住部分数字）")
        return value
    if not value.isdigit():
        raise ValueError("准考证号应为12位数字，不能含字母或符号")
    return value
