"""Malformed input at scale: whatever a visitor uploads or types, the core answers in Chinese and never crashes.

Property-based (hypothesis). Example counts are tuned to keep the whole file to about a minute; raise
FUZZ_SCALE (e.g. FUZZ_SCALE=10) for a longer hunt.
"""
from __future__ import annotations

import copy
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.models import Case, CaseFileError, parse_case

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
CJK = re.compile(r"[\u4e00-\u9fff]")
# Library or Python wording leaking through to a candidate means a message was not translated.
ENGLISH_LEAKS = ("Input should", "validation error", "Traceback", "Field required", "Extra inputs", "object has no")


def fuzz_settings(n: int):
    return settings(max_examples=max(10, int(n * SCALE)), deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_chinese(messages: list[str]) -> None:
    assert messages, "an error must come with at least one message"
    for msg in messages:
        assert isinstance(msg, str) and CJK.search(msg), f"message is not Chinese: {msg!r}"
        for leak in ENGLISH_LEAKS:
            assert leak not in msg, f"untranslated library text in {msg!r}"


# --- case file (checks.models.parse_case) -------------------------------------------------------------------

VALID_CASE = {
    "schema_version": 1,
    "round": "2024-H1",
    "application_date": "2024-06-05",
    "candidate": {
        "name": "张三", "id_number": "11010519491231002X", "id_valid_until": "2030-01-01",
        "admission_number": "010120100001", "phone": "13800000000", "candidate_type": "social",
        "level": "bachelor", "major_code": "B050101", "major_name": "汉语言文学", "chief_school": "云南大学",
    },
    "grades": {"all_courses_passed": True, "missing_on_platform": [
        {"source": "certificate_13char"}, {"source": "certificate", "year": 1993},
        {"source": "transfer_letter", "year": 2012}, {"source": "practice_notice"}]},
    "prior_education": {"has_diploma": True, "graduation_date": "2015-07-01", "chsi_authorization": "not_done",
                        "identity_changed": False},
    "exemptions": [{"course_code": "00015", "course_name": "英语(二)", "method": "offline", "year": 2019,
                    "has_form": False}],
    "practice": {"required": True, "notice": "none"},
    "materials": {"pledge_signed": False, "photo_passed": False},
}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20) | \
    st.sampled_from(["长期", "2024-02-30", "1993", "", " ", "x", "social", "bachelor", "none", "0" * 18])
json_values = st.recursive(json_scalars, lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=12)


def check_parse(data) -> None:
    try:
        case = parse_case(data)
    except CaseFileError as exc:
        assert_chinese(exc.messages)
    else:
        assert isinstance(case, Case)


def test_valid_case_parses():
    # The mutation tests below start from this: it must itself be accepted, or they test nothing.
    case = parse_case(json.dumps(VALID_CASE, ensure_ascii=False))
    assert case.candidate.name == "张三"


@fuzz_settings(800)
@given(st.binary(max_size=400))
def test_case_random_bytes(data):
    check_parse(data)


@fuzz_settings(800)
@given(json_values)
def test_case_random_json(value):
    check_parse(json.dumps(value, ensure_ascii=False))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


ALL_PATHS = [p for p in _paths(VALID_CASE) if p]


@st.composite
def mutated_cases(draw):
    case = copy.deepcopy(VALID_CASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = case
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            action = draw(st.sampled_from(["replace", "delete", "add_key"]))
            if action == "replace":
                parent[last] = draw(json_values)
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=10))] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return case


@fuzz_settings(1500)
@given(mutated_cases())
def test_case_mutated(case):
    check_parse(json.dumps(case, ensure_ascii=False))


@fuzz_settings(400)
@given(st.binary(min_size=1, max_size=60), st.integers(0, 2000))
def test_case_corrupted_bytes(noise, at):
    text = json.dumps(VALID_CASE, ensure_ascii=False).encode()
    at = at % len(text)
    check_parse(text[:at] + noise + text[at + len(noise):])


@pytest.mark.parametrize("data", [
    b"", b"\xef\xbb\xbf", b"[" * 100_000, b"{" * 50_000, b'{"a":' * 20_000, b"\x00" * 1000,
    "{}".encode("utf-16"), b"1" * (300 * 1024), json.dumps({"candidate": "x" * 200_000}).encode(),
])
def test_case_pathological(data):
    check_parse(data)


# --- roster (checks.roster.read_roster) ---------------------------------------------------------------------

roster = pytest.importorskip("checks.roster")
import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402

ROUND, APPLY = "2024-H1", dt.date(2024, 6, 5)
cell_text = st.text(max_size=25) | st.sampled_from([
    "是", "否", "Y", "√", "长期", "2024/6/5", "2024年2月30日", "1.10105194912E+17", "11010519491231002X",
    "010120100001", "社会考生", "本科", "专科", "证书1993/高等数学(一);证明信2012", "证书", "00015英语(二)/线下/2019/无登记表",
    "00015/线上", "学院公章", "=1+1", '"', "", " ", "示例：张三"])


def check_roster(data: bytes) -> None:
    try:
        result = roster.read_roster(data, ROUND, APPLY)
    except roster.RosterError as exc:
        assert_chinese(exc.messages)
        return
    for student in result.students:
        assert (student.case is None) == bool(student.errors), f"row {student.row}: a case with errors, or neither"
        assert_chinese([str(e) for e in student.errors] or ["无"])


@fuzz_settings(600)
@given(st.binary(max_size=600))
def test_roster_random_bytes(data):
    check_roster(data)


@fuzz_settings(600)
@given(st.lists(st.sampled_from([c.title for c in roster.COLUMNS]) | st.text(max_size=8), min_size=1, max_size=24,
                unique=True).flatmap(lambda header: st.tuples(
                    st.just(header), st.lists(st.lists(cell_text, min_size=0, max_size=len(header) + 2), max_size=6))),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_roster_random_csv(table, encoding):
    header, rows = table
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return  # text the encoding cannot hold: a tutor's Excel could not have saved it either
    check_roster(data)


@fuzz_settings(300)
@given(st.binary(min_size=1, max_size=40), st.integers(0, 10**6), st.booleans())
def test_roster_corrupted_template(noise, at, xlsx):
    base = roster.template_xlsx() if xlsx else roster.template_csv()
    at = at % len(base)
    check_roster(base[:at] + noise + base[at + len(noise):])
