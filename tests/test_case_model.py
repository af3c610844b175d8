"""Identity fields and case-file validation: every rejection is a Chinese sentence naming the field."""
from __future__ import annotations

import json

import pytest

from checks import identity
from checks.models import CaseFileError, case_from_dict, parse_case
from checks.rules import evaluate

VALID_18 = "11010519491231002X"  # the contract's example


def with_check(first17: str) -> str:
    return first17 + identity.check_char(first17)


def test_checksum_accepts_valid_and_normalises_lowercase_x():
    assert identity.normalize_id_number(VALID_18.lower()) == VALID_18
    assert identity.normalize_id_number(" 1101 0519 4912 3100 2X ") == VALID_18


@pytest.mark.parametrize("raw, words", [
    ("110105194912310021", "校验码"),
    ("11010519491231002", "18位"),
    ("1101051949123100XX", "前17位"),
    (with_check("11010519490231002"), "出生日期"),  # 1949-02-31
    ("11010549123100", "18位"),
])
def test_invalid_id_numbers_are_explained(raw, words):
    with pytest.raises(ValueError) as exc:
        identity.normalize_id_number(raw)
    assert words in str(exc.value)


def test_15_digit_number_is_upgraded_with_a_finding():
    old = "110105491231002"
    assert identity.upgrade_to_18(old) == with_check("11010519491231002")
    def upgraded(level):
        case = case_from_dict({"round": "2024-H1", "grades": {"all_courses_passed": True}, "candidate": {
            "id_number": old, "id_valid_until": "长期", "candidate_type": "social", "level": level}})
        return next(f for f in evaluate(case).findings if f.rule == "candidate.id_upgraded")

    f = upgraded("bachelor")
    assert f.status == "info" and identity.upgrade_to_18(old) in f.message and "人工审核" in f.message
    # 专科 has no prior-qualification check: no 学信网 advice for them.
    f = upgraded("associate")
    assert identity.upgrade_to_18(old) in f.message and "学信网" not in f.message and "人工审核" not in f.message


def test_birth_date_and_sex_from_id():
    assert str(identity.birth_date(VALID_18)) == "1949-12-31"
    assert identity.sex(VALID_18) == "女"  # 17th digit 2 is even


@pytest.mark.parametrize("raw, ok", [("010120100001", True), ("01012010000", False), ("0101201000a1", False),
                                      ("0101********", True)])
def test_admission_number(raw, ok):
    if ok:
        assert identity.normalize_admission_number(raw) == raw
    else:
        with pytest.raises(ValueError, match="12位"):
            identity.normalize_admission_number(raw)


def messages(raw) -> list[str]:
    with pytest.raises(CaseFileError) as exc:
        parse_case(raw if isinstance(raw, (str, bytes)) else json.dumps(raw, ensure_ascii=False))
    return exc.value.messages


CAND = {"id_valid_until": "长期", "candidate_type": "social", "level": "associate"}


@pytest.mark.parametrize("raw, expected", [
    ("{not json", "不是有效的JSON"),
    (b"\xff\xfe\x00bad", "UTF-8"),
    ("[1, 2]", "最外层"),
    ({"round": "2024-H1"}, "考生信息：必须填写"),
    ({"round": "2024-H1", "candidate": {**CAND, "level": "master"}}, "申请层次：只能是 associate（专科）、bachelor（本科）"),
    ({"round": "2024-H1", "candidate": {**CAND, "id_valid_until": "明年"}}, "身份证有效期至：应为日期"),
    ({"round": "2024-H1", "candidate": {**CAND, "id_number": "110105194912310021"}}, "身份证号：身份证号最后一位校验码不对"),
    ({"round": "2024-H1", "candidate": CAND, "grades": {"missing_on_platform": [{"source": "certificate"}]}},
     "第1项：“云南省自学考试课程合格证书”要填写取得的年份"),
    ({"round": "2024-H1", "candidate": CAND, "application_date": "2024-13-01"}, "打算提交申请的日期：应为日期"),
    ({"round": "2024-H1", "candidate": CAND, "materials": {"photo_ok": True}}, "材料里的“photo_ok”：不是案例文件里的字段"),
    ({"round": "2024-H1", "candidate": CAND}, "全部课程是否合格：必须回答"),
    ({"round": "2024-H1", "candidate": CAND, "exemptions": [{"method": "online", "year": 1970}]},
     "免考课程第1项的免考办理年份：应为 1980 到 2100 之间的整数"),
    ({"schema_version": 3, "round": "2024-H1", "candidate": CAND}, "只支持 schema_version 1 和 2"),
])
def test_case_file_errors_name_the_field(raw, expected):
    found = messages(raw)
    assert any(expected in m for m in found), found


def test_huge_case_file_is_refused():
    assert "太大" in messages(b" " * 300_000)[0]


def test_case_file_round_trip_keeps_answers():
    case = parse_case(open("tests/scenarios/contract_example.json", encoding="utf-8").read())
    again = parse_case(case.to_json())
    assert again == case


@pytest.mark.parametrize("year", [float("nan"), float("inf"), 1e30])
def test_odd_numbers_get_chinese_messages(year):
    found = messages({"round": "2024-H1", "candidate": CAND, "grades": {"all_courses_passed": True},
                      "exemptions": [{"course_name": "英语(二)", "method": "offline", "year": year}]})
    assert found == ["免考课程第1项的免考办理年份：应为 1980 到 2100 之间的整数"], found
