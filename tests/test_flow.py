"""The guided check's routing (checks/flow.py), one context per question, in the smart-answers manner:
"with these earlier answers, the next question is …", "this answer is invalid", "this step settles …"."""
from __future__ import annotations

import pytest
from tests.casedata import changed

from checks import flow
from checks.errors import CaseFileError
from checks.models import case_from_dict
from checks.questions import QUESTIONS, bachelor_only_applies, step_of

BASIC = {"round": "2024-H1", "application_date": "2024-06-05",
         "candidate": {"candidate_type": "social", "level": "associate", "id_valid_until": "长期",
                       "platform_identity": "match"},
         # "都能查到" and "没有免考" are answers too (an empty list), asked as yes/no: see the tests below.
         # The v3 questions (issue 19: the 考籍信息 step, plan substitution) answered: the tests below are about
         # the other questions; tests/test_causes.py asks them.
         "grades": {"missing_on_platform": [], "admission_numbers": "one", "transfer_in": False, "sanction": "no",
                    "plan_substitution": "no"},
         "exemptions": []}


def answers(**changes) -> dict:
    """BASIC with dotted-path changes; None removes an answer."""
    return changed(BASIC, **changes)


def next_path(a: dict) -> str | None:
    """The first question, in the order of the steps, that must still be answered (None: nothing left).
    (flow.next_question was dead code in the app, removed by #17: the same walk over the public routing.)"""
    level = a.get("candidate", {}).get("level")
    for step in flow.steps_for(level):
        paths = flow.unanswered_paths(step.id, a)
        if paths:
            return paths[0]
    return None


ALL_ANSWERED_ASSOCIATE = {"grades.all_courses_passed": True, "practice.required": False,
                          "materials.pledge_signed": True, "materials.photo_passed": True}


# --- which question comes next ----------------------------------------------------------------------------------
def test_nothing_answered_starts_with_the_application_date():
    assert next_path({}) == "application_date"


def test_after_the_basic_step_comes_the_grades_question():
    assert next_path(answers()) == "grades.all_courses_passed"


@pytest.mark.parametrize("missing", ["candidate.candidate_type", "candidate.level", "candidate.id_valid_until"])
def test_each_basic_question_must_be_answered_first(missing):
    assert next_path(answers(**{missing: None})) == missing


def test_associate_goes_from_grades_to_practice_never_to_prior():
    assert next_path(answers(**{"grades.all_courses_passed": True})) == "practice.required"
    assert "prior" not in [s.id for s in flow.steps_for("associate")]


def test_bachelor_goes_from_grades_to_the_prior_diploma():
    a = answers(**{"candidate.level": "bachelor", "grades.all_courses_passed": False})
    assert next_path(a) == "prior_education.has_diploma"


def test_a_no_to_all_courses_passed_is_an_answer_not_a_gap():
    # "否" must not be mistaken for "not answered" (it is falsy).
    assert next_path(answers(**{"grades.all_courses_passed": False})) == "practice.required"


def test_graduation_date_is_asked_only_of_those_holding_a_diploma():
    base = {"candidate.level": "bachelor", "grades.all_courses_passed": True,
            "prior_education.chsi_authorization": "not_done", "prior_education.identity_changed": False}
    assert next_path(answers(**base, **{"prior_education.has_diploma": True})) == "prior_education.graduation_date"
    assert next_path(answers(**base, **{"prior_education.has_diploma": False})) == "practice.required"


def test_practice_notice_is_asked_only_when_practice_is_required():
    base = {"grades.all_courses_passed": True}
    assert next_path(answers(**base, **{"practice.required": True})) == "practice.notice"
    assert next_path(answers(**base, **{"practice.required": False})) == "materials.pledge_signed"


def test_everything_answered_leaves_no_question():
    assert next_path(answers(**ALL_ANSWERED_ASSOCIATE)) is None


def test_unanswered_names_the_questions_as_asked():
    assert flow.unanswered("grades", answers()) == ["全部课程是否合格"]
    assert flow.unanswered("basic", {}) == ["打算提交申请的日期", "考生类型", "申请层次", "身份证有效期至"]


def test_unknown_level_still_shows_the_prior_step():
    # Nobody skips a question they may need: only a known 专科 candidate skips it.
    assert [s.id for s in flow.steps_for(None)] == [s.id for s in flow.steps_for("bachelor")]
    assert bachelor_only_applies(None) and bachelor_only_applies("bachelor") and not bachelor_only_applies("associate")


# --- invalid answers, named at their question -----------------------------------------------------------------
def errors_of(a: dict) -> dict[str, str]:
    with pytest.raises(CaseFileError) as exc:
        case_from_dict(a)
    return {".".join(str(p) for p in e.path): e.message for e in exc.value.errors}


def test_an_unanswered_grades_question_is_invalid_never_yes():
    found = errors_of(answers(**{k: v for k, v in ALL_ANSWERED_ASSOCIATE.items() if k != "grades.all_courses_passed"}))
    assert list(found) == ["grades.all_courses_passed"] and "必须回答" in found["grades.all_courses_passed"]


@pytest.mark.parametrize("path, value, words", [
    ("candidate.level", "master", "只能是 associate（专科）、bachelor（本科）"),
    ("candidate.id_number", "11010519491231002²", "第18位的“²”"),
    ("candidate.id_number", "110105203001010025", "在今天之后"),
    ("candidate.admission_number", "0101201000０", "11位"),
    ("prior_education.graduation_date", "2024-02-30", "应为日期"),
])
def test_this_answer_is_invalid(path, value, words):
    given = {**ALL_ANSWERED_ASSOCIATE, "candidate.level": "bachelor", "prior_education.has_diploma": True}
    found = errors_of(answers(**{**given, path: value}))
    assert path in found and words in found[path], found


def test_every_error_path_belongs_to_a_step():
    # The pages show an invalid answer at the step that asks it: every question the wizard asks has a step.
    for q in QUESTIONS:
        if q.required:
            assert step_of(q.path), q.path


# --- which findings a step settles (blockers shown as early as possible) ----------------------------------------
@pytest.mark.parametrize("step, rule, settled", [
    ("basic", "materials.id_card", True),
    ("basic", "grades.all_passed", False),
    ("grades", "grades.supplement.unknown_route", True),
    ("grades", "prior.diploma_required", False),
    ("prior", "prior.graduation_before_application", True),
    ("practice", "materials.practice_notice", True),
    ("exemptions", "materials.practice_notice", False),
])
def test_settled_by(step, rule, settled):
    assert flow.settled_by(step, rule, "bachelor") is settled


# --- check your answers ------------------------------------------------------------------------------------------
def test_answer_rows_use_the_question_labels_and_option_names():
    case = case_from_dict(answers(**ALL_ANSWERED_ASSOCIATE, **{"candidate.candidate_type": "credit_transfer"}))
    rows = {q: a for _, q, a in flow.answer_rows(case)}
    assert rows["考生类型"] == "学分互认在校生" and rows["全部课程是否合格"] == "是"
    assert "是否持有专科（或以上）学历证书" not in rows  # 专科: no prior-education rows
    steps = {sid for sid, _, _ in flow.answer_rows(case)}
    assert steps <= {s.id for s in flow.STEPS}


def test_questions_are_asked_in_the_candidates_words():
    from checks.questions import BY_PATH

    q = BY_PATH["practice.required"]
    assert q.ask_for("associate") == "你的专业考试计划有实践性环节要求吗？"
    assert q.ask_for("bachelor") == "你的专业考试计划有毕业论文要求吗？"
    assert BY_PATH["candidate.phone"].ask_for() == "联系电话"  # no sentence of its own: asked by its label
    assert BY_PATH["candidate.name"].ask_for() == "姓名（与身份证一致）"


def test_the_wizard_asks_every_question_in_the_tables_words():
    # One home for the words (issue 10): the page asks through ui.form.ask, never with a sentence of its own.
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "pages" / "1_eligibility.py").read_text(encoding="utf-8")
    asked = set(re.findall(r'form\.ask(?:ed)?\("([a-z_.]+)"', page))  # form.asked: sentence, options, help
    wizard = {q.path for q in QUESTIONS if q.step and (q.required or q.path.startswith("candidate."))
              and "." in q.path}
    assert wizard <= asked | {"round"}, sorted(wizard - asked)
    assert not re.search(r'form\.(choice|yes_no|text|date)\("', page), "a question worded on the page itself"


def test_missing_grades_and_exemptions_are_questions_nobody_answers_by_default():
    # Nothing is preselected: a list not yet chosen (None) is asked, an empty list is the answer "none".
    a = answers(**{"grades.all_courses_passed": True, "grades.missing_on_platform": None})
    assert next_path(a) == "grades.missing_on_platform"
    a = answers(**{"grades.all_courses_passed": True, "practice.required": False, "exemptions": None})
    assert next_path(a) == "exemptions"


def test_without_a_diploma_the_follow_up_questions_are_not_asked_and_stay_absent():
    # #17: they used to be answered for the candidate ("not_done", "否") so that the step could be left.
    a = answers(**{"candidate.level": "bachelor", "grades.all_courses_passed": True,
                   "prior_education.has_diploma": False})
    assert flow.unanswered_paths("prior", a) == []
    assert set(a["prior_education"]) == {"has_diploma"}  # nothing answered for the candidate
    assert case_from_dict(a).prior_education.has_diploma is False
    with_diploma = answers(**{"candidate.level": "bachelor", "prior_education.has_diploma": True})
    assert {"prior_education.issued_in", "prior_education.identity_changed"} <= set(
        flow.unanswered_paths("prior", with_diploma))
    # issue 19: the 学信网 questions follow once the diploma is a mainland one
    mainland = changed(with_diploma, **{"prior_education.issued_in": "mainland"})
    assert {"prior_education.chsi_authorization", "prior_education.in_chsi"} <= set(
        flow.unanswered_paths("prior", mainland))

