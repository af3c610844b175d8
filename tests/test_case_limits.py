"""Every free-text field has a length limit that fits real values, refused in Chinese naming the field; every
case the model accepts gets a case code that decodes to the same case and a QR that reads back (issue 22: a
100,000-character major name was accepted, and its code was refused by the tool's own decoder)."""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casegen import random_case_dict
from checks import casecode
from checks.errors import CaseFileError
from checks.models import MAX_CHARS, MAX_LIST_ITEMS, case_from_dict

# Where each free-text field lives, its Chinese name as a person reads it, and its limit.
FIELDS = [
    (("candidate", "name"), "姓名", MAX_CHARS["name"]),
    (("candidate", "major_name"), "专业名称", MAX_CHARS["title"]),
    (("candidate", "chief_school"), "主考学校", MAX_CHARS["title"]),
    (("candidate", "major_code"), "专业代码", MAX_CHARS["code"]),
    (("candidate", "phone"), "联系电话", MAX_CHARS["phone"]),
    (("exemptions", 0, "course_name"), "免考课程第1项的课程名称", MAX_CHARS["title"]),
    (("exemptions", 0, "course_code"), "免考课程第1项的课程代码", MAX_CHARS["code"]),
    (("grades", "missing_on_platform", 0, "course_name"), "平台查不到的成绩第1项的课程名称", MAX_CHARS["title"]),
    (("data_version",), "规则数据版本", MAX_CHARS["version"]),
]
REAL = {"姓名": "阿卜杜热合曼·艾合买提江·买买提明", "专业名称": "计算机信息管理", "主考学校": "云南师范大学",
        "课程名称": "毛泽东思想和中国特色社会主义理论体系概论"}


def base_case() -> dict:
    data = random_case_dict(random.Random(3))
    data["exemptions"] = [{"course_name": "大学语文", "course_code": "04729", "method": "offline", "year": 2020}]
    data["grades"] = {"all_courses_passed": False,
                      "missing_on_platform": [{"source": "certificate_13char", "course_name": "英语(二)"}]}
    return data


def put(data: dict, path: tuple, value) -> dict:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize("path,label,limit", FIELDS, ids=[f[1] for f in FIELDS])
def test_too_long_text_is_refused_naming_the_field(path, label, limit):
    value = "7" * (limit + 1) if "phone" in path else "汉" * (limit + 1)
    with pytest.raises(CaseFileError) as err:
        case_from_dict(put(base_case(), path, value))
    assert any(m.startswith(f"{label}：太长了，最多 {limit} 个字") for m in err.value.messages), err.value.messages
    # The longest accepted value is accepted (limits are on characters, not bytes).
    if "phone" not in path:
        case_from_dict(put(base_case(), path, "汉" * limit))


def test_the_100000_character_major_name_is_refused():
    with pytest.raises(CaseFileError) as err:
        case_from_dict(put(base_case(), ("candidate", "major_name"), "汉" * 100_000))
    assert err.value.messages == ["专业名称：太长了，最多 50 个字，现在有 100000 个：请检查是否多粘贴了别的内容"]


def test_real_long_values_fit():
    data = base_case()
    data["candidate"].update(name=REAL["姓名"], major_name=REAL["专业名称"], chief_school=REAL["主考学校"])
    data["exemptions"] = [{"course_name": REAL["课程名称"], "course_code": f"{i:05d}", "method": "offline",
                           "year": 2020} for i in range(25)]  # a whole plan exempted, course by course
    case_from_dict(data)


def test_too_many_courses_are_refused_naming_the_list():
    data = base_case()
    data["exemptions"] = data["exemptions"] * (MAX_LIST_ITEMS + 1)
    with pytest.raises(CaseFileError) as err:
        case_from_dict(data)
    assert err.value.messages[0].startswith(f"免考课程：太多了，最多 {MAX_LIST_ITEMS} 项")


def test_a_roster_row_with_a_too_long_field_is_refused_in_chinese():
    from tests.test_roster import csv_bytes, read, row

    student = read(csv_bytes([row(专业名称="汉" * 500)])).students[0]
    assert student.case is None
    assert any("专业名称" in str(e) and "太长了，最多 50 个字" in str(e) for e in student.errors), student.errors


# Text that compresses worst (random CJK, like a pasted essay), ASCII, and anything in between.
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
ANY = st.characters(blacklist_categories=("Cs", "Cc"))


def text(limit: int):
    return st.one_of(st.text(CJK, min_size=limit - 3, max_size=limit + 2), st.text(ANY, max_size=limit + 2))


@st.composite
def cases(draw):
    data = base_case()
    for path, _label, limit in FIELDS:
        if "phone" in path or path[0] in ("exemptions", "grades"):
            continue
        put(data, path, draw(text(limit)))
    n = draw(st.integers(0, MAX_LIST_ITEMS + 1))
    data["exemptions"] = [{"course_name": draw(text(MAX_CHARS["title"])), "course_code": draw(text(MAX_CHARS["code"])),
                           "method": "offline", "year": 2020} for _ in range(n)]
    m = draw(st.integers(0, 4))
    data["grades"]["missing_on_platform"] = [{"source": "certificate_13char",
                                              "course_name": draw(text(MAX_CHARS["title"]))} for _ in range(m)]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cases())
def test_every_accepted_case_has_a_code_and_qr_that_read_back(data):
    try:
        case = case_from_dict(data)
    except CaseFileError as err:  # refused: in Chinese, naming a field
        assert all("：" in m for m in err.messages), err.messages
        return
    code = casecode.encode(case)
    assert len(code) <= casecode.MAX_WRITTEN_CHARS
    assert casecode.decode(casecode.pretty(code)) == case.redacted()
    assert casecode.read_qr(casecode.qr_png(case)) == code
