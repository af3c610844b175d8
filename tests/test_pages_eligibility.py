"""The guided check in Streamlit's AppTest: 专科 and 本科 paths reach the right verdicts; answers survive pages."""
from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

ELIG = "pages/1_eligibility.py"
RESULT = "pages/2_result.py"


def start() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.switch_page(ELIG).run()
    assert not at.exception
    return at


def radio(at: AppTest, path: str, value) -> None:
    at.radio(key=f"elig.{path}").set_value(value).run()
    assert not at.exception, at.exception


def next_step(at: AppTest) -> None:
    at.button(key="elig.next").click().run()
    assert not at.exception, at.exception


def step_title(at: AppTest) -> str:
    return at.subheader[0].value


def basic(at: AppTest, level: str, valid_until="长期") -> None:
    at.date_input(key="elig.application_date").set_value(dt.date(2024, 6, 5)).run()
    radio(at, "candidate.candidate_type", "social")
    radio(at, "candidate.level", level)
    if valid_until == "长期":
        at.checkbox(key="elig.id_permanent").check().run()
    else:
        at.date_input(key="elig.candidate.id_valid_until").set_value(valid_until).run()


def test_every_step_must_be_answered_before_moving_on():
    at = start()
    next_step(at)
    assert step_title(at) == "基本情况"
    assert any("请先回答" in e.value and "考生类型" in e.value for e in at.error)


def test_invalid_id_number_is_explained_at_the_field():
    at = start()
    at.text_input(key="elig.candidate.id_number").input("110105194912310021").run()
    assert any("校验码" in e.value for e in at.error)
    basic(at, "associate")
    next_step(at)
    assert step_title(at) == "基本情况"  # cannot move on with an invalid ID number
    summary = next(e.value for e in at.error if "请先回答" in e.value)
    assert "身份证号：身份证号最后一位校验码不对" in summary and "candidate" not in summary


def test_associate_path_skips_prior_education_and_is_ready():
    at = start()
    basic(at, "associate")
    next_step(at)
    assert step_title(at) == "课程成绩"
    radio(at, "grades.all_courses_passed", True)
    next_step(at)
    assert step_title(at) == "免考课程"  # 专科 never sees the prior-education step
    next_step(at)
    radio(at, "practice.required", False)
    next_step(at)
    radio(at, "materials.pledge_signed", True)
    radio(at, "materials.photo_passed", True)
    next_step(at)  # 查看结果 → result page
    at.switch_page(RESULT).run()
    assert any("可以申请" in s.value for s in at.success)
    assert not any("前置学历" in e.value for e in list(at.error) + list(at.warning))


def test_bachelor_path_shows_blockers_early_and_in_the_verdict():
    at = start()
    basic(at, "bachelor", valid_until=dt.date(2024, 6, 30))
    # The ID card expiring on the cut-off day is reported on the first step already.
    assert any("身份证有效期到2024-06-30" in e.value for e in at.error)
    next_step(at)
    radio(at, "grades.all_courses_passed", True)
    next_step(at)
    assert step_title(at) == "前置学历（本科）"
    radio(at, "prior_education.has_diploma", True)
    at.date_input(key="elig.prior_education.graduation_date").set_value(dt.date(2024, 7, 1)).run()
    radio(at, "prior_education.identity_changed", False)
    radio(at, "prior_education.chsi_authorization", "not_done")
    assert any("不早于本次毕业申请时间" in e.value for e in at.error)
    next_step(at)
    next_step(at)  # no exemptions
    radio(at, "practice.required", True)
    radio(at, "practice.notice", "other_seal")
    next_step(at)
    radio(at, "materials.pledge_signed", False)
    radio(at, "materials.photo_passed", False)
    at.switch_page(RESULT).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    warnings = " ".join(w.value for w in at.warning)
    assert "照现在的情况申请会被退回" in errors and "身份证" in errors and "前置学历的毕业时间" in errors
    assert "学信网" in warnings and "加盖学院公章" in warnings and "承诺书" in warnings


def test_answers_survive_changing_pages():
    at = start()
    basic(at, "associate")
    at.text_input(key="elig.candidate.name").input("王小明").run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.switch_page(ELIG).run()
    assert at.text_input(key="elig.candidate.name").value == "王小明"
    assert at.radio(key="elig.candidate.level").value == "associate"


def test_change_link_on_result_page_returns_to_that_step():
    at = start()
    basic(at, "associate")
    next_step(at)
    radio(at, "grades.all_courses_passed", True)
    at.switch_page(RESULT).run()
    at.button(key="result.change.practice").click().run()
    assert not at.exception
    # switch_page in AppTest moves the script; re-run the eligibility page as the browser would.
    at.switch_page(ELIG).run()
    assert step_title(at) == "实践性环节与毕业论文"


@pytest.mark.parametrize("page", [RESULT, "pages/4_materials.py"])
def test_unfinished_check_names_the_questions_left(page):
    at = start()
    radio(at, "candidate.level", "associate")
    at.switch_page(page).run()
    assert not at.exception
    text = " ".join(w.value for w in at.warning)
    assert "考生类型" in text and "身份证有效期" in text and "全部课程是否合格" in text
    assert "candidate" not in text  # the model's field path is not for people


@pytest.mark.parametrize("page", [ELIG, RESULT, "pages/5_helpdesk.py"])
def test_page_renders_without_answers(page):
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.switch_page(page).run()
    assert not at.exception


def test_help_desk_sees_the_candidates_verdict_from_the_case_code():
    from checks import casecode
    from checks.models import parse_case

    case = parse_case(open("tests/scenarios/contract_example.json", encoding="utf-8").read())
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_area(key="helpdesk.code.text").input(casecode.pretty(casecode.encode(case))).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "照现在的情况申请会被退回" in errors and "实习（实验）考核合格成绩通知单" in errors
    assert "张三" not in " ".join(m.value for m in at.markdown)


def test_help_desk_explains_a_broken_code():
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_area(key="helpdesk.code.text").input("YZ1-THIS-IS-NOT-A-CODE").run()
    assert not at.exception
    assert any("读不出来" in e.value for e in at.error)
