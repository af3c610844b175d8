"""Chinese resident ID numbers (GB 11643-1999) and Yunnan 12-digit admission numbers."""
from __future__ import annotations

import datetime as dt
import re

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def _birth_date(digits8: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(digits8, "%Y%m%d").date()
    except ValueError:
        return None


def normalize_id_number(raw: str) -> str:
    """Return the number as it should be stored: stripped, `x` → `X`. Raise ValueError with a Chinese reason."""
    value = re.sub(r"\s+", "", str(raw)).upper()
    if len(value) == 15:
        if not value.isdigit():
            raise ValueError("15位旧身份证号只能由数字组成，请对照身份证重新输入")
        if _birth_date("19" + value[6:12]) is None:
            raise ValueError(f"第7–12位的出生日期 {value[6:12]} 不是有效日期，请对照身份证重新输入")
        return value
    if len(value) != 18:
        raise ValueError(f"身份证号应为18位，你输入了{len(value)}位，请对照身份证重新输入")
    if not (value[:17].isdigit() and (value[17].isdigit() or value[17] == "X")):
        raise ValueError("身份证号前17位必须是数字，最后一位是数字或X，请对照身份证重新输入")
    birth = _birth_date(value[6:14])
    if birth is None or birth.year < 1900:
        raise ValueError(f"第7–14位的出生日期 {value[6:14]} 不是有效日期，请对照身份证重新输入")
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


def normalize_admission_number(raw: str, allow_masked: bool = True) -> str:
    """12 digits: city(2) county(2) year code(3) serial(5). A redacted case may mask digits with `*`."""
    value = re.sub(r"\s+", "", str(raw))
    if len(value) != 12:
        raise ValueError(f"准考证号应为12位数字，你输入了{len(value)}位。13位含字母的旧准考证号请在成绩一步里填写")
    if allow_masked and "*" in value:
        if not re.fullmatch(r"[0-9*]{12}", value):
            raise ValueError("准考证号只能由数字组成（脱敏时可用*遮住部分数字）")
        return value
    if not value.isdigit():
        raise ValueError("准考证号应为12位数字，不能含字母或符号")
    return value
