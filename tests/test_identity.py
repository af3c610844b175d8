"""checks/identity.py cross-checked against python-stdnum's `stdnum.cn.ric` (a well-kept implementation of
GB 11643-1999) on many generated numbers, plus the input cleaning of rules.md v2.

Where we differ on purpose (README “规则怎么来的”): we accept 15-digit numbers and upgrade them; we do not check
the region code against a list (stdnum does); we refuse birth dates in the future or before 1900 (stdnum does not).
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent, ValidationError

from checks import identity
from checks.models import case_from_dict
from checks.pledge import verification_payload
from checks.rounds import load_round

TODAY = dt.date.today()
KNOWN_REGIONS = ["110105", "530102"]  # 北京朝阳、昆明五华 (stdnum knows each only for some birth years)


def ours(number: str) -> str | None:
    try:
        return identity.normalize_id_number(number)
    except ValueError:
        return None


def theirs(number: str) -> str | None:
    try:
        return ric.validate(number)
    except ValidationError:
        return None
    except KeyError:  # stdnum 2.2 raises KeyError on region codes it knows only as a province (e.g. 110001)
        return None


def region_unknown_to_them(number: str) -> bool:
    """stdnum checks the first 6 digits against its list of counties, valid in the birth year; we do not."""
    try:
        ric.get_birth_place(number)
        return False
    except (InvalidComponent, ValidationError, KeyError):
        return True


digits = st.text(alphabet="0123456789", min_size=1, max_size=1)
birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY).map(lambda d: d.strftime("%Y%m%d"))
odd_dates = st.text(alphabet="0123456789", min_size=8, max_size=8)  # mostly not a date at all
regions = st.one_of(st.sampled_from(KNOWN_REGIONS), st.text(alphabet="0123456789", min_size=6, max_size=6))


@st.composite
def id18(draw):
    first17 = draw(regions) + draw(st.one_of(birth_dates, odd_dates)) + draw(st.text("0123456789", min_size=3, max_size=3))
    check = draw(st.one_of(st.just(identity.check_char(first17)), st.sampled_from("0123456789X")))
    return first17 + check


@settings(max_examples=2000, deadline=None)
@given(id18())
def test_18_digit_numbers_agree_with_stdnum(number):
    mine, lib = ours(number), theirs(number)
    if lib is not None and dt.date(1900, 1, 1) <= identity.birth_date(number) <= TODAY:
        assert mine == lib  # everything stdnum accepts (born 1900 to today), we accept unchanged
    if mine is not None:
        # what we accept, stdnum accepts too, unless its region list does not know the first 6 digits
        assert lib == mine or region_unknown_to_them(number)
    if mine is not None or lib is not None:
        assert identity.check_char(number[:17]) == ric.calc_check_digit(number)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(KNOWN_REGIONS), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(1999, 12, 31)),
       st.text("0123456789", min_size=3, max_size=3))
def test_15_digit_numbers_are_upgraded_to_what_stdnum_accepts(region, born, seq):
    old = region + born.strftime("%y%m%d") + seq
    assert theirs(old) is None  # stdnum knows 18-digit numbers only
    assert ours(old) == old
    new = identity.upgrade_to_18(old)
    assert theirs(new) == new or region_unknown_to_them(new)
    assert identity.check_char(new[:17]) == ric.calc_check_digit(new)


def test_lowercase_x_is_upper_in_both():
    number = "11010519491231002x"
    assert ours(number) == theirs(number) == "11010519491231002X"


# --- cleaning typed input (rules.md v2) ---------------------------------------------------------------------------
VALID = "11010519491231002X"


@pytest.mark.parametrize("typed", [
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and letter
    "\u200b11010519491231002x\ufeff",  # zero-width space and BOM
    " 110105 19491231 002X ",
])
def test_id_numbers_typed_in_other_forms_are_stored_as_ascii(typed):
    assert identity.normalize_id_number(typed) == VALID


@pytest.mark.parametrize("typed, char, pos", [
    ("11010519491231002²", "²", 18),  # a superscript two used to crash with int()
    ("1101051949123100٢X", "٢", 17),  # an Arabic-Indic digit
    ("①1010519491231002X", "①", 1),
])
def test_other_non_ascii_characters_are_refused_by_name(typed, char, pos):
    with pytest.raises(ValueError) as exc:
        identity.normalize_id_number(typed)
    assert f"第{pos}位的“{char}”" in str(exc.value)


def test_birth_date_in_the_future_is_refused():
    future = f"110105{TODAY.year + 5}0101001"
    with pytest.raises(ValueError, match="在今天之后"):
        identity.normalize_id_number(future + identity.check_char(future))


CASE = {"round": "2024-H1", "application_date": "2024-06-05", "grades": {"all_courses_passed": True},
        "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": "associate"}}


def case_with(**candidate):
    return case_from_dict({**CASE, "candidate": {**CASE["candidate"], **candidate}})


def test_birth_date_after_the_application_date_is_refused():
    born_later = "11010520240701001"  # born 2024-07-01, applying 2024-06-05
    from checks.errors import CaseFileError

    with pytest.raises(CaseFileError) as exc:
        case_with(id_number=born_later + identity.check_char(born_later))
    assert exc.value.errors[0].path == ("candidate", "id_number")
    assert "在申请日期2024年6月5日之后" in exc.value.messages[0]  # dates in words (#17)


def test_invisible_characters_leave_the_name_and_full_width_admission_numbers_reach_the_qr_as_ascii():
    case = case_with(name="\u200b张三\ufeff ", admission_number="０１０１２０１０００01", major_name="汉语言文学\u200b")
    assert case.candidate.name == "张三" and case.candidate.major_name == "汉语言文学"
    assert case.candidate.admission_number == "010120100001"
    assert "|010120100001|" in verification_payload(case, load_round("2024-H1"))


def test_admission_number_with_a_stray_character_names_it():
    from checks.errors import CaseFileError

    with pytest.raises(CaseFileError) as exc:
        case_with(admission_number="01012010000²")
    assert "第12位的“²”" in exc.value.messages[0] and exc.value.messages[0].startswith("准考证号：")
