"""Eligibility rules (../shared/spec/rules.md): scenario files, and both sides of every boundary."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from tests.casedata import changed
from checks.models import case_from_dict, parse_case
from checks.rounds import load_round
from checks.rules import evaluate

SCENARIOS = Path(__file__).parent / "scenarios"
TEST_ROUNDS = Path(__file__).parent / "data" / "rounds"

# v3 (issue 19): the questions of the exam record are answered as a ready candidate answers them; a case that
# leaves them out gets their "未回答" to-dos (tests/test_causes.py).
BASE = {
    "round": "2024-H1",
    "application_date": "2024-06-05",
    "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": "associate",
                  "platform_identity": "match"},
    "grades": {"all_courses_passed": True, "admission_numbers": "one", "transfer_in": False, "sanction": "no",
               "plan_substitution": "no"},
    "materials": {"pledge_signed": True, "photo_passed": True},
}


def make(**changes) -> dict:
    """BASE with dotted-path changes, e.g. make(**{"candidate.level": "bachelor"})."""
    return changed(BASE, **changes)


def statuses(case: dict, rnd=None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in evaluate(case_from_dict(case), rnd).findings:
        out.setdefault(f.rule, []).append(f.status)
    return out


def test_base_case_is_ready():
    v = evaluate(case_from_dict(BASE))
    assert v.ready
    assert not v.by_status("blocker") and not v.by_status("todo")


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.stem)
def test_scenario(path: Path):
    sc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "case_file" in sc:
        case = parse_case((SCENARIOS / sc["case_file"]).read_text(encoding="utf-8"))
    else:
        case = case_from_dict(json.loads(json.dumps(sc["case"], default=str)))
    v = evaluate(case)
    found = {}
    for f in v.findings:
        found.setdefault(f.rule, set()).add(f.status)
        for text in (f.title, f.message, f.where, f.bring):
            assert "{" not in text, f"{f.rule}: unfilled placeholder in {text!r}"
        assert f.message
        assert f.source, f"{f.rule} has no source clause"
    assert v.ready is sc["ready"], sc["name"]
    for rule_id, status in sc.get("expect", {}).items():
        assert status in found.get(rule_id, set()), f"{sc['name']}: {rule_id} expected {status}, got {found.get(rule_id)}"
    for rule_id in sc.get("absent", []):
        assert rule_id not in found, f"{sc['name']}: {rule_id} should not be reported"
    for rule_id, title in sc.get("titles", {}).items():
        assert any(f.title == title for f in v.findings if f.rule == rule_id)
    for rule_id, where in sc.get("where", {}).items():
        assert any(f.where == where for f in v.findings if f.rule == rule_id)


# --- (一) grades: 1995 and 2016 boundaries ---------------------------------------------------------------
@pytest.mark.parametrize("year, rule, status", [
    (1994, "grades.supplement.certificate_pre1995", "todo"),
    (1995, "grades.supplement.certificate_pre1995", "todo"),  # boundary year counts, confirm with 确认点
    (1996, "grades.supplement.unknown_route", "blocker"),
])
def test_certificate_year_boundary(year, rule, status):
    s = statuses(make(**{"grades.missing_on_platform": [{"source": "certificate", "year": year}]}))
    assert s[rule] == [status]
    assert "grades.on_platform" not in s


def test_boundary_year_tells_candidate_to_confirm():
    v = evaluate(case_from_dict(make(**{"grades.missing_on_platform": [{"source": "certificate", "year": 1995}]})))
    f = next(f for f in v.findings if f.rule == "grades.supplement.certificate_pre1995")
    assert "确认" in f.message and f.where == "确认点"
    v = evaluate(case_from_dict(make(**{"grades.missing_on_platform": [{"source": "certificate", "year": 1990}]})))
    f = next(f for f in v.findings if f.rule == "grades.supplement.certificate_pre1995")
    assert "是否包括" not in f.message


@pytest.mark.parametrize("year, rule, status", [
    (2015, "grades.supplement.transfer_letter_pre2016", "todo"),
    (2016, "grades.supplement.transfer_letter_pre2016", "todo"),
    (2017, "grades.supplement.unknown_route", "blocker"),
])
def test_transfer_letter_year_boundary(year, rule, status):
    s = statuses(make(**{"grades.missing_on_platform": [{"source": "transfer_letter", "year": year}]}))
    assert s[rule] == [status]


def test_each_missing_grade_gets_its_own_finding():
    missing = [{"source": "certificate", "year": 1990, "course_name": "政治经济学"},
               {"source": "certificate", "year": 1993, "course_name": "大学语文"}]
    v = evaluate(case_from_dict(make(**{"grades.missing_on_platform": missing})))
    found = [f for f in v.findings if f.rule == "grades.supplement.certificate_pre1995"]
    assert len(found) == 2
    assert "政治经济学" in found[0].message and "大学语文" in found[1].message


def test_practice_notice_grade_goes_to_chief_school():
    case = make(**{"grades.missing_on_platform": [{"source": "practice_notice"}], "candidate.chief_school": "云南大学"})
    f = next(f for f in evaluate(case_from_dict(case)).findings if f.rule == "grades.supplement.practice_notice")
    assert f.status == "todo" and f.where == "主考学校" and "云南大学" in f.message


def test_not_all_passed_blocks():
    assert statuses(make(**{"grades.all_courses_passed": False}))["grades.all_passed"] == ["blocker"]


def test_unanswered_grades_question_is_never_read_as_all_passed(tmp_path):
    import subprocess
    import sys

    case = make()
    del case["grades"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    r = subprocess.run([sys.executable, "-m", "checks", "eligibility", str(path)], cwd=root, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and "全部课程是否合格" in r.stderr and "grades.all_courses_passed" in r.stderr
    assert "全部课程均已合格" not in r.stdout


@pytest.mark.parametrize("ctype", ["social", "credit_transfer"])
def test_unknown_route_sends_every_candidate_type_to_the_confirmation_point(ctype):
    case = make(**{"candidate.candidate_type": ctype,
                   "grades.missing_on_platform": [{"source": "certificate", "year": 2001}]})
    f = next(f for f in evaluate(case_from_dict(case)).findings if f.rule == "grades.supplement.unknown_route")
    assert f.where == "确认点" and "咨询确认点" in f.message and "主考学校" not in f.message


# --- (二) prior qualification ---------------------------------------------------------------------------
def bachelor(**prior) -> dict:
    return make(**{"candidate.level": "bachelor", "prior_education": {"has_diploma": True, **prior}})


def test_associate_never_gets_prior_checks():
    s = statuses(make(**{"prior_education": {"has_diploma": False}}))
    assert s["prior.not_required"] == ["info"]
    assert not any(r.startswith("prior.") and r != "prior.not_required" for r in s)


@pytest.mark.parametrize("graduation, status", [
    ("2024-06-04", "ok"),       # the day before the application
    ("2024-06-05", "blocker"),  # same day: not earlier
    ("2024-07-01", "blocker"),
])
def test_prior_graduation_vs_application_date(graduation, status):
    s = statuses(bachelor(graduation_date=graduation, chsi_authorization="passed"))
    assert s["prior.graduation_before_application"] == [status]


def test_bachelor_without_diploma_blocks():
    s = statuses(make(**{"candidate.level": "bachelor", "prior_education": {"has_diploma": False}}))
    assert s["prior.diploma_required"] == ["blocker"]
    assert "prior.chsi_authorization" not in s


def test_chsi_states():
    assert statuses(bachelor(chsi_authorization="not_done"))["prior.chsi_authorization"] == ["todo"]
    assert statuses(bachelor(chsi_authorization="passed"))["prior.chsi_authorization"] == ["ok"]
    failed = statuses(bachelor(chsi_authorization="failed"))
    assert failed["prior.manual_review"] == ["todo"] and "prior.chsi_authorization" not in failed


@pytest.mark.parametrize("ctype, place", [("social", "确认点"), ("credit_transfer", "主考学校")])
def test_manual_review_place_depends_on_candidate_type(ctype, place):
    case = bachelor(identity_changed=True)
    case["candidate"]["candidate_type"] = ctype
    f = next(f for f in evaluate(case_from_dict(case)).findings if f.rule == "prior.manual_review")
    assert f.where == place and place in f.message
    assert "公安机关" in f.bring  # identity changed: the police certificate is needed


def test_manual_review_reason_is_said_once():
    f = next(f for f in evaluate(case_from_dict(bachelor(chsi_authorization="failed"))).findings
             if f.rule == "prior.manual_review")
    assert f.message.count("学信网") == 1 and f.message.startswith("你的学信网扫码授权已经失败：")


def test_pledge_says_the_official_form_comes_first():
    f = next(f for f in evaluate(case_from_dict(make(**{"materials.pledge_signed": False}))).findings
             if f.rule == "materials.pledge")
    assert f.message.index("官方") < f.message.index("草稿")


def test_blocker_titles_say_what_is_wrong():
    # A blocker's title is read as the problem: it must not state the condition as if it were met.
    case = make(**{"grades.all_courses_passed": False, "candidate.id_valid_until": "2024-06-30",
                   "practice": {"required": True, "notice": "none"}})
    titles = {f.rule: f.title for f in evaluate(case_from_dict(case)).by_status("blocker")}
    assert titles == {"grades.all_passed": "还有课程没有合格", "materials.id_card": "身份证有效期不够：先换领新证",
                      "materials.practice_notice": "还没有实习（实验）考核合格成绩通知单"}


def test_manual_review_without_identity_change_needs_no_police_proof():
    f = next(f for f in evaluate(case_from_dict(bachelor(chsi_authorization="failed"))).findings
             if f.rule == "prior.manual_review")
    assert "公安机关" not in f.message


# --- (三) materials: ID cut-off, exemptions 2021, practice seal -------------------------------------------
@pytest.mark.parametrize("valid_until, status", [
    ("2024-06-29", "blocker"),
    ("2024-06-30", "blocker"),  # on the cut-off day: not "after"
    ("2024-07-01", "ok"),
    ("长期", "ok"),
])
def test_id_card_cutoff(valid_until, status):
    assert statuses(make(**{"candidate.id_valid_until": valid_until}))["materials.id_card"] == [status]


def test_other_round_file_changes_the_verdict():
    """A new round is a data file: the test round moves the ID cut-off to 2030-06-30."""
    case = make(**{"candidate.id_valid_until": "2028-01-01"})
    assert statuses(case)["materials.id_card"] == ["ok"]
    test_round = load_round("2099-T", TEST_ROUNDS)
    assert test_round.photo == load_round("2024-H1").photo  # inherited unchanged
    assert statuses(case, test_round)["materials.id_card"] == ["blocker"]
    f = next(f for f in evaluate(case_from_dict(case), test_round).findings if f.rule == "materials.id_card")
    assert "2030年6月30日" in f.message


@pytest.mark.parametrize("method, year, has_form, status", [
    ("offline", 2019, False, "todo"),
    ("offline", 2023, False, "todo"),   # offline always needs the form
    ("offline", 2019, True, "ok"),
    ("online", 2021, False, "ok"),      # 2021 onwards online: system-generated 审核单
    ("online", 2020, False, "todo"),
    ("online", 2020, True, "ok"),
])
def test_exemption_forms_2021_boundary(method, year, has_form, status):
    ex = [{"course_code": "00015", "course_name": "英语(二)", "method": method, "year": year, "has_form": has_form}]
    assert statuses(make(exemptions=ex))["materials.exemption_form"] == [status]


def test_one_exemption_finding_per_course():
    ex = [{"course_name": "英语(二)", "method": "offline"}, {"course_name": "高等数学", "method": "offline"},
          {"course_name": "计算机", "method": "online", "year": 2022}]
    found = [f for f in evaluate(case_from_dict(make(exemptions=ex))).findings if f.rule == "materials.exemption_form"]
    assert [f.status for f in found] == ["todo", "todo", "ok"]
    assert "英语(二)" in found[0].title and "高等数学" in found[1].title
    assert "计算机" in found[2].message and "不用提交登记表" in found[2].message


def test_exemption_message_says_how_it_was_done_in_one_clause():
    ex = [{"course_name": "英语(二)", "method": "online", "year": 2020},
          {"course_name": "高等数学", "method": "offline", "year": 2019}]
    online, offline = [f.message for f in evaluate(case_from_dict(make(exemptions=ex))).findings
                       if f.rule == "materials.exemption_form"]
    assert "2020年线上办理" in online and "线下" not in online
    assert "是线下办理的（2019年）" in offline


@pytest.mark.parametrize("practice, status", [
    ({"required": False}, "ok"),
    ({"required": True, "notice": "none"}, "blocker"),
    ({"required": True, "notice": "other_seal"}, "todo"),
    ({"required": True, "notice": "college_seal"}, "ok"),
])
def test_practice_notice(practice, status):
    assert statuses(make(practice=practice))["materials.practice_notice"] == [status]


def test_missing_materials_are_todos():
    s = statuses(make(materials={"pledge_signed": False, "photo_passed": False}))
    assert s["materials.pledge"] == ["todo"] and s["materials.photo"] == ["todo"]


# --- ordering and the contract ---------------------------------------------------------------------------
def test_findings_are_in_process_order_with_blockers_in_place():
    # One order for every output (issue 10): the verdict, the result page and the checklist follow the process.
    case = parse_case((SCENARIOS / "contract_example.json").read_text(encoding="utf-8"))
    v = evaluate(case)
    rnd = load_round(case.round)
    stages = [s.id for s in rnd.stages]
    positions = [stages.index(f.stage) for f in v.findings if f.stage in stages]
    assert positions == sorted(positions)
    rules = [f.rule for f in v.findings if f.status in ("blocker", "todo")]
    assert rules.index("grades.supplement.certificate_pre1995") < rules.index("prior.chsi_authorization") \
        < rules.index("materials.practice_notice") < rules.index("materials.pledge")
    assert [f.status for f in v.findings if f.rule == "materials.practice_notice"] == ["blocker"]  # (Verdict.status_of removed as dead code, #17)


def test_json_contract_shape():
    case = parse_case((SCENARIOS / "contract_example.json").read_text(encoding="utf-8"))
    out = evaluate(case).to_contract()
    assert out["round"] == "2024-H1" and out["ready"] is False
    for f in out["findings"]:
        assert {"rule", "status", "message", "where", "source"} <= set(f)


def test_engine_uses_the_case_date_not_the_clock():
    case = bachelor(graduation_date="2025-01-01", chsi_authorization="passed")
    assert statuses(case)["prior.graduation_before_application"] == ["blocker"]
    case["application_date"] = "2025-06-01"
    assert statuses(case)["prior.graduation_before_application"] == ["ok"]


def test_application_date_defaults_to_today():
    case = make()
    del case["application_date"]
    assert case_from_dict(case).application_date == dt.date.today()


def test_redacted_case_reproduces_every_finding():
    case = parse_case((SCENARIOS / "contract_example.json").read_text(encoding="utf-8"))
    redacted = parse_case(case.to_json(redact=True))
    assert redacted.candidate.name is None and redacted.candidate.id_number is None
    assert "11010519491231002X" not in case.to_json(redact=True)
    assert [f.model_dump() for f in evaluate(redacted).findings] == [f.model_dump() for f in evaluate(case).findings]


@pytest.mark.parametrize("level, word, other", [("associate", "实践性环节", "毕业论文"), ("bachelor", "毕业论文", "实践性环节")])
def test_practice_is_named_for_the_level_everywhere(level, word, other):
    from checks.checklist import build_checklist

    for practice in ({"required": False}, {"required": True, "notice": "none"}):
        case = case_from_dict(make(**{"candidate.level": level, "practice": practice,
                                      "prior_education": {"has_diploma": True}}))
        f = next(f for f in evaluate(case).findings if f.rule == "materials.practice_notice")
        item = next(i for i in build_checklist(case).items if i.rule == "materials.practice_notice")
        assert word in f.message and other not in f.message
        assert word in item.title + item.note and other not in item.title + item.note
