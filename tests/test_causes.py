"""Causes of refusal the notice takes for granted (rules.md v3, issue 19).

Three kinds of test: each new rule on both sides of its boundary; one test per in-scope problem of
../shared/research/real-problems.md, answered truthfully, caught as a blocker or a to-do naming the cause and the
action; and the questions asked of the right candidates, old case files and codes loading with them unanswered."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from checks import casecode, flow
from checks.checklist import build_checklist, checklist_text
from checks.models import SCHEMA_VERSION, case_from_dict, parse_case
from checks.progress import progress
from checks.questions import BY_PATH, QUESTIONS
from checks.report import verdict_text
from checks.roster import COLUMNS, read_roster
from checks.rounds import load_round
from checks.rules import evaluate
from tests.casedata import changed

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"  # a schema-1 case file, as saved before v3
# The contract example encoded by the tool before v3 (main at c87e4da): an old case code still decodes.
OLD_CODE = ("YZ1UN-FXAGI-ZDAN6-QGQY5-KBJ2S-2JSBQ-QSIC2-ATFEA-ZRCJN-RSFM4-RUEI6-DDCEP-2UWI2-FKNNQ-A5CJQ-IKSRH-"
            "3VSRB-IAC3T-IRJIY-JP7I3-YEIYK-UNE65-XUNHR-S7TIN-FXES7-T6AIU-37RZK-MFQA3-MY4")

# A 专科 candidate with nothing to do, the v3 questions answered "no such cause".
READY = {
    "schema_version": 2, "round": "2024-H1", "application_date": "2024-06-05",
    "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": "associate",
                  "platform_identity": "match"},
    "grades": {"all_courses_passed": True, "admission_numbers": "one", "transfer_in": False, "sanction": "no",
               "plan_substitution": "no"},
    "materials": {"pledge_signed": True, "photo_passed": True},
}
DIPLOMA = {"has_diploma": True, "graduation_date": "2015-07-01", "issued_in": "mainland", "in_chsi": "found",
           "chsi_authorization": "passed"}
BACHELOR = changed(READY, **{"candidate.level": "bachelor", "prior_education": DIPLOMA})


def make(base=READY, **changes):
    return case_from_dict(changed(base, **changes))


def verdict(base=READY, **changes):
    return evaluate(make(base, **changes))


def found(v, rule):
    return [f for f in v.findings if f.rule == rule]


def status(v, rule):
    return [f.status for f in found(v, rule)]


def test_the_ready_starting_points_are_ready():
    assert evaluate(case_from_dict(READY)).ready
    assert evaluate(case_from_dict(BACHELOR)).ready


# --- each new rule on both sides -----------------------------------------------------------------------------
@pytest.mark.parametrize("path, answer, rule, expected", [
    ("candidate.platform_identity", "match", "identity.platform_match", ["ok"]),
    ("candidate.platform_identity", "mismatch", "identity.platform_match", ["todo"]),
    ("candidate.platform_identity", "unsure", "identity.platform_match", ["todo"]),
    ("grades.admission_numbers", "one", "grades.admission_numbers", ["ok"]),
    ("grades.admission_numbers", "several", "grades.admission_numbers", ["todo"]),
    ("grades.admission_numbers", "unsure", "grades.admission_numbers", ["todo"]),
    ("grades.transfer_in", False, "grades.transfer_in", []),
    ("grades.transfer_in", True, "grades.transfer_in", ["todo"]),
    ("grades.sanction", "no", "grades.sanction", []),
    ("grades.sanction", "yes", "grades.sanction", ["blocker"]),
    ("grades.sanction", "unsure", "grades.sanction", ["todo"]),
    ("grades.plan_substitution", "no", "grades.plan_substitution", []),
    ("grades.plan_substitution", "yes", "grades.plan_substitution", ["todo"]),
    ("grades.plan_substitution", "unsure", "grades.plan_substitution", ["todo"]),
])
def test_each_answer_of_the_exam_record(path, answer, rule, expected):
    v = verdict(**{path: answer})
    assert status(v, rule) == expected
    assert v.ready is (expected in ([], ["ok"]))


@pytest.mark.parametrize("answer, expected", [("yes", ["ok"]), ("no", ["blocker"]), ("unsure", ["todo"]),
                                              (None, ["todo"])])
def test_exemptions_confirmed_is_read_only_with_exemptions(answer, expected):
    online = [{"course_code": "00015", "course_name": "英语(二)", "method": "online", "year": 2022}]
    v = verdict(**{"exemptions": online, "grades.exemptions_confirmed": answer})
    assert status(v, "exemptions.confirmed") == expected
    if expected != ["ok"]:
        assert "00015 英语(二)" in found(v, "exemptions.confirmed")[0].message
    # Without exemptions the question does not apply, whatever a stale answer says.
    assert status(verdict(**{"grades.exemptions_confirmed": "no"}), "exemptions.confirmed") == []


def registry_year(year: int, in_chsi: str | None, authorised="not_done"):
    prior = {**DIPLOMA, "graduation_date": f"{year}-07-01", "in_chsi": in_chsi, "chsi_authorization": authorised}
    return evaluate(case_from_dict(changed(BACHELOR, prior_education={k: v for k, v in prior.items() if v})))


@pytest.mark.parametrize("year, in_chsi, rule, variant", [
    (2000, "found", "prior.chsi_registry", ""),  # before 2001: not in the registry whatever the answer
    (2000, "not_found", "prior.chsi_registry", ""),
    (2001, "found", "prior.chsi_authorization", ""),  # 2001–2002: the 学信档案 decides
    (2001, "not_found", "prior.chsi_registry", "uncertain"),
    (2001, "unsure", "prior.chsi_registry", "uncertain"),
    (2002, None, "prior.chsi_registry", "uncertain"),
    (2002, "found", "prior.chsi_authorization", ""),
    (2003, "not_found", "prior.in_chsi", ""),
    (2003, "found", "prior.chsi_authorization", ""),
])
def test_diploma_year_boundaries_of_the_chsi_registry(year, in_chsi, rule, variant):
    v = registry_year(year, in_chsi)
    todo = [f for f in v.findings if f.status == "todo" and f.rule.startswith("prior.")]
    assert [f.rule for f in todo] == [rule] and todo[0].variant == variant
    if rule == "prior.chsi_authorization":
        assert "二维码" in todo[0].message
    else:  # never told to scan the QR code; the 学历认证报告 and its lead time are named
        assert "二维码" not in todo[0].message and "学历认证报告" in todo[0].message and "一个月" in todo[0].message
        assert status(v, "prior.manual_review") == []


def test_the_registry_year_is_round_data(tmp_path):
    # A round that says 学信网 starts in 2003 moves the boundary, with no code change.
    (tmp_path / "2099-R.yaml").write_text(yaml.safe_dump({
        "extends": "2024-H1", "id": "2099-R", "title": "测试批次", "data_version": "t", "verified": False,
        "notice": {"title": "测试", "source": "测试", "pledge_template": "pledge.yaml"},
        "period": {"after": dt.date(2024, 1, 1), "until": dt.date(2024, 6, 30), "source": "测试"},
        "params": {"chsi_registry_since": {"value": 2003, "source": "测试"},
                   "chsi_registry_uncertain_until": {"value": 2003, "source": "测试"}},
    }, allow_unicode=True), encoding="utf-8")
    rnd = load_round("2099-R", tmp_path)
    case = case_from_dict(changed(BACHELOR, **{"prior_education.graduation_date": "2002-07-01",
                                               "prior_education.chsi_authorization": "not_done"}))
    assert [f.rule for f in evaluate(case).findings if f.status == "todo"] == ["prior.chsi_authorization"]
    assert [f.rule for f in evaluate(case, rnd).findings if f.status == "todo"] == ["prior.chsi_registry"]


def test_pre_registry_diploma_with_a_changed_name_brings_the_proof_not_the_register_form():
    v = evaluate(case_from_dict(changed(BACHELOR, prior_education={
        **DIPLOMA, "graduation_date": "1998-07-01", "chsi_authorization": "failed", "identity_changed": True})))
    f = found(v, "prior.chsi_registry")[0]
    assert "公安机关" in f.bring and "备案表" not in f.bring
    keys = [i.key for i in build_checklist(case_from_dict(changed(BACHELOR, prior_education={
        **DIPLOMA, "graduation_date": "1998-07-01", "identity_changed": True, "chsi_authorization": "not_done"})))
        .items if i.status == "needed"]
    assert {"chsi_report", "prior_diploma", "identity_proof"} <= set(keys) and "prior_register" not in keys
    assert "chsi" not in keys  # no QR item


def test_foreign_diploma_is_a_blocker_unless_the_round_gives_a_route(tmp_path):
    case = case_from_dict(changed(BACHELOR, **{"prior_education.issued_in": "abroad",
                                               "prior_education.chsi_authorization": "not_done"}))
    v = evaluate(case)
    assert status(v, "prior.foreign") == ["blocker"]
    assert status(v, "prior.chsi_authorization") == [] and status(v, "prior.in_chsi") == []
    assert "留学服务中心" in found(v, "prior.foreign")[0].message
    (tmp_path / "2099-F.yaml").write_text(yaml.safe_dump({
        "extends": "2024-H1", "id": "2099-F", "title": "测试批次", "data_version": "t", "verified": False,
        "notice": {"title": "测试", "source": "测试", "pledge_template": "pledge.yaml"},
        "period": {"after": dt.date(2024, 1, 1), "until": dt.date(2024, 6, 30), "source": "测试"},
        "params": {"foreign_diploma_route": {"value": "带认证书到确认点人工审核。", "source": "测试通知(二)3"}},
    }, allow_unicode=True), encoding="utf-8")
    routed = evaluate(case, load_round("2099-F", tmp_path))
    assert status(routed, "prior.foreign") == ["todo"]
    assert "带认证书到确认点人工审核" in found(routed, "prior.foreign")[0].message


def test_the_foreign_route_is_left_empty_in_2024_h1_and_says_where_to_confirm():
    rnd = load_round("2024-H1")
    assert rnd.param("foreign_diploma_route") is None and rnd.params["foreign_diploma_route"].source
    f = found(evaluate(case_from_dict(changed(BACHELOR, **{"prior_education.issued_in": "abroad"}))), "prior.foreign")[0]
    assert "确认点" in f.title + f.message


def test_one_admission_number_is_not_told_to_merge():
    v = verdict()
    assert status(v, "grades.admission_numbers") == ["ok"] and status(v, "pitfall.merge_admission_numbers") == []
    several = verdict(**{"grades.admission_numbers": "several"})
    assert status(several, "pitfall.merge_admission_numbers") == []  # the to-do replaces the info line
    unsure = verdict(**{"grades.admission_numbers": "unsure"})
    assert status(unsure, "pitfall.merge_admission_numbers") == ["info"]


# --- "不确定" leads somewhere: a place to look, not silence ---------------------------------------------------
@pytest.mark.parametrize("path, rule, place", [
    ("candidate.platform_identity", "identity.platform_match", "管理平台"),
    ("grades.admission_numbers", "grades.admission_numbers", "我的成绩"),
    ("grades.sanction", "grades.sanction", "确认点"),
    ("grades.plan_substitution", "grades.plan_substitution", "专业考试计划"),
])
def test_unsure_says_where_to_find_out(path, rule, place):
    v = verdict(**{path: "unsure"})
    f = found(v, rule)[0]
    assert f.status == "todo" and place in f.message + f.where and "不确定" in f.message
    assert BY_PATH[path].label in v.to_confirm_text
    assert any(i.rule == rule and i.status == "needed" for i in build_checklist(make(**{path: "unsure"})).items)


def test_unsure_in_the_chsi_record_says_where_to_look():
    v = registry_year(2010, "unsure")
    f = found(v, "prior.in_chsi")[0]
    assert "学信档案" in f.message and "高等教育信息" in f.message and f.status == "todo"


# --- the research list: each in-scope problem caught when answered truthfully --------------------------------
def caught(v, rule, status_, *words):
    """The finding exists with this status, and its words name the cause and the action."""
    matches = [f for f in v.findings if f.rule == rule and f.status == status_]
    assert matches, [(f.rule, f.status) for f in v.findings]
    text = " ".join(f.title + f.message + f.where for f in matches)
    for w in words:
        assert w in text, (w, text)
    assert not v.ready


def test_r01_a_course_of_the_plan_not_passed():
    caught(verdict(**{"grades.all_courses_passed": False}), "grades.all_passed", "blocker", "没有合格", "剩余课程")


def test_r02_old_plan_or_substituted_courses():
    caught(verdict(**{"grades.plan_substitution": "yes"}), "grades.plan_substitution", "todo", "顶替", "确认")


def test_r05_associate_practice_required_but_no_notice():
    caught(verdict(**{"practice.required": True, "practice.notice": "none"}), "materials.practice_notice", "blocker",
           "实践性环节", "主考学校")


def test_r06_several_admission_numbers_not_merged():
    caught(verdict(**{"grades.admission_numbers": "several"}), "grades.admission_numbers", "todo", "合并", "确认点")


def test_r07_transferred_thesis_or_practice_courses():
    caught(verdict(**{"grades.transfer_in": True}), "grades.transfer_in", "todo", "论文", "实践", "确认点")


def test_r08_transfer_in_needs_courses_passed_locally():
    caught(verdict(**{"grades.transfer_in": True}), "grades.transfer_in", "todo", "转入", "还差的先考完")


def test_r10_exam_violation_still_running():
    caught(verdict(**{"grades.sanction": "yes"}), "grades.sanction", "blocker", "违规处理", "期满")


def test_r12_diploma_of_the_other_level_not_yet_issued():
    # 专本套读: the 专科 diploma is not issued yet, so truthfully "no diploma" (or one dated after this application)
    caught(verdict(BACHELOR, **{"prior_education": {"has_diploma": False}}), "prior.diploma_required", "blocker",
           "专科", "学历证书")
    caught(verdict(BACHELOR, **{"prior_education.graduation_date": "2024-06-20"}),
           "prior.graduation_before_application", "blocker", "不早于", "下一次")


def test_r13_diploma_held_but_not_in_the_chsi_record():
    v = registry_year(2012, "not_found")
    caught(v, "prior.in_chsi", "todo", "查不到", "学历认证报告", "人工审核", "发证学校")


def test_r14_diploma_from_before_the_registry():
    v = registry_year(1998, "not_found")
    caught(v, "prior.chsi_registry", "todo", "1998", "学历认证报告", "一个月", "人工审核")
    assert all("二维码" not in f.message for f in v.findings if f.rule.startswith("prior."))


def test_r15_name_changed_since_the_prior_diploma():
    v = evaluate(case_from_dict(changed(BACHELOR, prior_education={**DIPLOMA, "identity_changed": True,
                                                                    "chsi_authorization": "not_done"})))
    caught(v, "prior.manual_review", "todo", "人工审核", "变更证明")


def test_r16_old_15_digit_id_on_the_record():
    case = changed(BACHELOR, **{"candidate.id_number": "110105491231002",
                                "prior_education": {**DIPLOMA, "identity_changed": True, "chsi_authorization": "not_done"}})
    v = evaluate(case_from_dict(case))
    assert status(v, "candidate.id_upgraded") == ["info"]
    caught(v, "prior.manual_review", "todo", "15位升18位", "人工审核")


def test_r17_foreign_or_hong_kong_macao_taiwan_diploma():
    caught(verdict(BACHELOR, **{"prior_education.issued_in": "abroad"}), "prior.foreign", "blocker",
           "国外或港澳台", "认证书", "确认点")


def test_r19_both_levels_finished_together():
    # The 专科 certificate of this same round is dated after the application: 本科 only next time.
    caught(verdict(BACHELOR, **{"prior_education.graduation_date": "2024-06-30"}),
           "prior.graduation_before_application", "blocker", "不早于")


def test_r20_homophone_name_on_the_record():
    caught(verdict(**{"candidate.platform_identity": "mismatch"}), "identity.platform_match", "todo",
           "不一致", "考籍信息更正", "确认点")


def test_r21_identity_changed_while_taking_exams():
    # Asked of every level: a 专科 candidate whose ID number changed answers "有不一致".
    assert BY_PATH["candidate.platform_identity"].applies_to("associate")
    caught(verdict(**{"candidate.platform_identity": "mismatch"}), "identity.platform_match", "todo",
           "改过姓名或身份证号", "变更证明")


def test_r25_platform_identity_check_failed():
    caught(verdict(BACHELOR, **{"candidate.platform_identity": "mismatch"}), "identity.platform_match", "todo",
           "身份核验", "申请前")


def test_r28_pledge_not_signed():
    caught(verdict(**{"materials.pledge_signed": False}), "materials.pledge", "todo", "亲笔签名", "上传")


def test_exemption_not_yet_approved_and_paid():
    v = verdict(**{"exemptions": [{"course_name": "英语(二)", "method": "online", "year": 2023}],
                   "grades.exemptions_confirmed": "no"})
    caught(v, "exemptions.confirmed", "blocker", "缴费", "英语(二)", "办完")


# --- never "ready" while a cause is unanswered; the headline names it -------------------------------------------
def test_old_case_file_loads_with_the_new_questions_unanswered():
    case = parse_case(EXAMPLE.read_text(encoding="utf-8"))
    assert case.schema_version == 1 and case.grades.admission_numbers is None
    v = evaluate(case)
    for rule in ("identity.platform_match", "grades.admission_numbers", "grades.transfer_in", "grades.sanction",
                 "grades.plan_substitution", "exemptions.confirmed", "prior.foreign", "prior.in_chsi"):
        f = found(v, rule)
        assert [x.status for x in f] == ["todo"], rule
        assert "未回答" in f[0].message, rule
    names = flow.predates(case)
    assert "用过几个准考证号" in names and "学信档案里能否查到前置学历" in names
    rows = dict((q, a) for _, q, a in flow.answer_rows(case))
    assert rows["用过几个准考证号"] == "未回答" and rows["考籍是否从外省转入"] == "未回答"
    text = verdict_text(v)
    assert "还要确认：" in text and "有没有未结束的违规处理" in text.splitlines()[2]


def test_old_case_code_decodes_with_the_new_questions_unanswered():
    case = casecode.decode(OLD_CODE)
    assert case.schema_version == 1 and case.candidate.platform_identity is None
    assert "未回答" in found(evaluate(case), "grades.sanction")[0].message


def test_new_fields_travel_in_the_case_code_and_the_case_file():
    case = make(BACHELOR, **{"candidate.platform_identity": "unsure", "grades.admission_numbers": "several",
                             "grades.transfer_in": True, "grades.sanction": "unsure",
                             "grades.plan_substitution": "yes", "exemptions": [{"method": "online", "year": 2022}],
                             "grades.exemptions_confirmed": "unsure", "prior_education.issued_in": "mainland",
                             "prior_education.in_chsi": "not_found"})
    back = casecode.decode(casecode.encode(case))
    assert back == case.redacted()
    assert parse_case(case.to_json()) == case
    assert json.loads(case.to_json())["schema_version"] == SCHEMA_VERSION == 2


def test_headline_names_what_is_still_to_be_confirmed():
    case = make(**{"grades.admission_numbers": "unsure", "grades.sanction": None})
    p = progress(case)
    assert not p.ready
    assert "还要确认：" in p.headline and "用过几个准考证号" in p.headline and "有没有未结束的违规处理" in p.headline
    assert "还要确认" not in progress(make(**{"grades.admission_numbers": "several"})).headline
    assert "准考证号" in checklist_text(build_checklist(case))


# --- the questionnaire asks each question of the candidates it concerns ---------------------------------------
def needed(answers: dict) -> list[str]:
    return [p for s in flow.steps_for(answers.get("candidate", {}).get("level"))
            for p in flow.unanswered_paths(s.id, answers)]


def test_associate_is_never_asked_the_prior_diploma_questions():
    paths = needed({"candidate": {"level": "associate"}})
    assert not [p for p in paths if p.startswith("prior_education")]
    assert "candidate.platform_identity" in paths  # identity: every level
    bachelor = needed({"candidate": {"level": "bachelor"}, "prior_education": {"has_diploma": True}})
    assert {"prior_education.issued_in", "candidate.platform_identity"} <= set(bachelor)


def test_chsi_questions_only_for_a_mainland_diploma():
    base = {"candidate": {"level": "bachelor"}, "prior_education": {"has_diploma": True}}
    abroad = needed(changed(base, **{"prior_education.issued_in": "abroad"}))
    mainland = needed(changed(base, **{"prior_education.issued_in": "mainland"}))
    assert "prior_education.in_chsi" not in abroad and "prior_education.chsi_authorization" not in abroad
    assert {"prior_education.in_chsi", "prior_education.chsi_authorization"} <= set(mainland)
    assert "prior_education.issued_in" not in needed(changed(base, **{"prior_education.has_diploma": False}))


def test_exemption_state_only_for_those_with_exemptions():
    assert "grades.exemptions_confirmed" not in needed({"exemptions": []})
    assert "grades.exemptions_confirmed" not in needed({})
    assert "grades.exemptions_confirmed" in needed({"exemptions": [{"method": "online"}]})


def test_every_new_question_says_why_it_is_asked_and_offers_unsure_where_one_may_not_know():
    new = [q for q in QUESTIONS if q.since == 2]
    assert len(new) == 8
    for q in new:
        assert q.help and q.required and q.step, q.path
    for path in ("candidate.platform_identity", "grades.admission_numbers", "grades.sanction",
                 "grades.plan_substitution", "grades.exemptions_confirmed", "prior_education.in_chsi"):
        assert "不确定" in " ".join(BY_PATH[path].options.values()), path


# --- rosters: new columns optional ----------------------------------------------------------------------------
def roster_csv(headers: list[str], values: dict) -> bytes:
    return ("\r\n".join([",".join(headers), ",".join(values.get(h, "") for h in headers)])).encode("utf-8")


OLD_HEADERS = ["姓名", "身份证号", "身份证有效期至", "准考证号", "考生类型", "层次", "全部课程已合格", "承诺书已签字"]
ROW = {"姓名": "李四", "身份证号": "11010519491231002X", "身份证有效期至": "长期", "准考证号": "010120100001",
       "考生类型": "社会考生", "层次": "专科", "全部课程已合格": "是", "承诺书已签字": "是"}


def test_old_roster_loads_and_its_students_get_the_unanswered_todos():
    r = read_roster(roster_csv(OLD_HEADERS, ROW), "2024-H1", dt.date(2024, 6, 5))
    assert r.errors == []
    v = evaluate(r.students[0].case)
    assert status(v, "grades.sanction") == ["todo"] and "未回答" in found(v, "grades.sanction")[0].message


def test_new_roster_columns_are_read():
    headers = OLD_HEADERS + ["平台身份信息一致", "准考证号个数", "外省转入", "未结束的违规处理", "旧计划或顶替课程"]
    values = {**ROW, "平台身份信息一致": "不一致", "准考证号个数": "多个", "外省转入": "否", "未结束的违规处理": "有",
              "旧计划或顶替课程": "没有"}
    r = read_roster(roster_csv(headers, values), "2024-H1", dt.date(2024, 6, 5))
    assert r.errors == []
    v = evaluate(r.students[0].case)
    assert status(v, "identity.platform_match") == ["todo"] and status(v, "grades.sanction") == ["blocker"]
    bad = read_roster(roster_csv(headers, {**values, "准考证号个数": "三个"}), "2024-H1", dt.date(2024, 6, 5))
    assert any("一个、多个、不确定" in e.message for e in bad.errors)
    assert {c.header for c in COLUMNS} >= set(headers)


# --- pages (AppTest; paths relative to this file) ---------------------------------------------------------------
def test_help_desk_says_an_old_case_predates_the_new_questions():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_area(key="helpdesk.code.text").input(OLD_CODE)
    at.button[0].click().run()
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert "早于下面这些问题" in notes and "用过几个准考证号" in notes and "案例文件版本 1" in notes
    assert "还要确认" in " ".join(e.value for e in at.error)  # the headline names them too


def test_a_restored_old_case_asks_the_new_questions_before_any_verdict():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["answers"] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    at.run()
    at.switch_page("pages/2_result.py").run()
    assert not at.exception
    links = {p.proto.label: p.proto.query_string for p in at.get("page_link")}
    assert links.get("用过几个准考证号") == "step=record&q=grades.admission_numbers"
    assert links.get("前置学历在哪里取得") == "step=prior&q=prior_education.issued_in"
    assert not any("YZ" in t.value for t in at.text)  # no verdict, no case code from half the answers
