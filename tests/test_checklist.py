"""The materials checklist for representative candidates: what to prepare, where, in what order."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.checklist import build_checklist, checklist_pdf, checklist_text
from checks.models import case_from_dict, parse_case
from checks.rounds import load_round
from checks.rules import evaluate
from tests.casedata import without_v3_causes

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests" / "scenarios"
EXAMPLE = SCENARIOS / "contract_example.json"


def case(level="associate", ctype="social", **sections):
    data = {"round": "2024-H1", "application_date": "2024-06-05", "grades": {"all_courses_passed": True},
            "candidate": {"id_valid_until": "长期", "candidate_type": ctype, "level": level, "chief_school": "云南大学"}}
    data.update(sections)
    return case_from_dict(without_v3_causes(data))  # issue 19: the v3 questions answered "no such cause"


def items(cl, key):
    return [i for i in cl.items if i.key == key]


def one(cl, key):
    found = items(cl, key)
    assert len(found) == 1, [i.key for i in cl.items]
    return found[0]


def test_associate_social_ready_case_needs_only_the_id_scan():
    cl = build_checklist(case(practice={"required": True, "notice": "college_seal"},
                              materials={"pledge_signed": True, "photo_passed": True}))
    assert [i.key for i in cl.todo] == ["id_card"]
    assert one(cl, "prior_none").status == "not_needed"  # 专科: no prior-qualification documents
    assert one(cl, "practice_ready").status == "ready"
    assert one(cl, "pledge").status == "ready" and one(cl, "photo").status == "ready"


def test_bachelor_identity_changed_credit_transfer_goes_to_the_chief_school():
    cl = build_checklist(case("bachelor", "credit_transfer",
                              prior_education={"has_diploma": True, "graduation_date": "2020-07-01",
                                               "chsi_authorization": "failed", "identity_changed": True}))
    assert cl.in_person == "主考学校"
    for key in ("prior_diploma", "prior_register", "identity_proof"):
        item = one(cl, key)
        assert item.status == "needed" and item.channel == "both"
        assert "主考学校" in item.where
    assert "原件和复印件" in one(cl, "prior_diploma").form
    assert not items(cl, "chsi")  # 学信网 scan failed: manual review instead


def test_bachelor_social_manual_review_goes_to_the_confirmation_point():
    cl = build_checklist(case("bachelor", "social",
                              prior_education={"has_diploma": True, "graduation_date": "2020-07-01",
                                               "chsi_authorization": "not_done", "identity_changed": True}))
    assert "确认点" in one(cl, "prior_diploma").where


def test_bachelor_chsi_authorised_needs_no_diploma_scans():
    cl = build_checklist(case("bachelor", prior_education={"has_diploma": True, "graduation_date": "2020-07-01",
                                                           "chsi_authorization": "passed"}))
    assert one(cl, "chsi").status == "ready"
    assert one(cl, "prior_manual_not_needed").status == "not_needed"
    assert not items(cl, "prior_diploma")


def test_exemptions_one_item_per_course_online_needs_no_form():
    cl = build_checklist(case(exemptions=[
        {"course_code": "00015", "course_name": "英语(二)", "method": "offline", "year": 2019, "has_form": False},
        {"course_code": "03708", "course_name": "中国近现代史纲要", "method": "offline", "year": 2018, "has_form": True},
        {"course_code": "00018", "course_name": "计算机应用基础", "method": "online", "year": 2022},
        {"course_code": "00041", "course_name": "基础会计学", "method": "online", "year": 2020},
    ]))
    forms = items(cl, "exemption_form")
    assert [(i.status, i.title.split("“")[1].split("”")[0]) for i in forms] == \
        [("needed", "00015 英语(二)"), ("ready", "03708 中国近现代史纲要"), ("needed", "00041 基础会计学")]
    online = one(cl, "exemption_online")
    assert online.status == "not_needed" and "计算机应用基础" in online.title


def test_no_exemptions_means_no_form():
    assert one(build_checklist(case()), "exemption_none").status == "not_needed"


def test_supplements_are_originals_at_the_confirmation_point_even_for_credit_transfer():
    cl = build_checklist(case(ctype="credit_transfer", grades={"all_courses_passed": True, "missing_on_platform": [
        {"source": "certificate", "year": 1993}, {"source": "transfer_letter", "year": 2012},
        {"source": "certificate", "year": 2001}, {"source": "practice_notice"}, {"source": "certificate_13char"}]}))
    pre95 = one(cl, "certificate_pre1995")
    assert pre95.where == "确认点" and "原件" in pre95.form and pre95.channel == "in_person" and pre95.clause == "(一)1"
    assert one(cl, "transfer_letter_pre2016").where == "确认点"
    unknown = one(cl, "grade_unknown_route")
    assert unknown.blocked and "2001" in unknown.title
    assert one(cl, "practice_grade").where.startswith("主考学校")


def test_practice_notice_with_the_wrong_seal():
    cl = build_checklist(case(practice={"required": True, "notice": "other_seal"}))
    item = one(cl, "practice_reseal")
    assert item.status == "needed" and "学院" in item.where and not item.blocked


def test_expired_id_card_is_blocked_and_comes_first_in_the_application_stage():
    cl = build_checklist(case_from_dict({
        "round": "2024-H1", "application_date": "2024-06-05", "grades": {"all_courses_passed": True},
        "candidate": {"id_valid_until": "2024-06-30", "candidate_type": "social", "level": "associate"}}))
    apply_items = [i for i in cl.items if i.stage == "apply"]
    assert apply_items[0].key == "id_card_expired" and apply_items[0].blocked
    assert apply_items[-1].key == "pledge"  # signed last, when everything else is true


def test_order_follows_the_process():
    cl = build_checklist(case_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
    stages = [i.stage for i in cl.items]
    assert stages == sorted(stages, key=["supplement", "prior", "apply"].index)


def test_text_is_numbered_grouped_and_names_the_clause():
    text = checklist_text(build_checklist(case_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))))
    assert text.index("【课程合格成绩补录】") < text.index("【本科毕业前置学历审核】") < text.index("【考生网上毕业申请】")
    assert "[ ] 1. " in text and "依据通知(一)1" in text and "现场办理：确认点" in text
    assert "【不需要准备】" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_has_the_same_items(tmp_path):
    cl = build_checklist(case_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
    path = tmp_path / "c.pdf"
    path.write_bytes(checklist_pdf(cl))
    text = "".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    for item in cl.items:
        assert "".join(item.title.split()) in text, item.title
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "yes yes" in fonts


def run(*args):
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_text_json_pdf_and_exit_codes(tmp_path):
    out = tmp_path / "c.pdf"
    r = run("checklist", str(EXAMPLE), "-o", str(out))
    assert r.returncode == 1 and "材料清单" in r.stdout and out.read_bytes().startswith(b"%PDF")
    r = run("checklist", str(EXAMPLE), "--json")
    data = json.loads(r.stdout)
    assert data["counts"]["needed"] > 0 and data["items"][0]["stage"] == "supplement"
    bad = tmp_path / "bad.json"
    bad.write_text('{"round": "2024-H1"}', encoding="utf-8")
    r = run("checklist", str(bad))
    assert r.returncode == 2 and "考生信息" in r.stderr


# --- the checklist and the verdict agree, for every case --------------------------------------------------------
def _runs(rules: list[str]) -> list[str]:
    """Consecutive repeats collapsed: one finding may yield several items (and two findings of a rule, two)."""
    return [r for i, r in enumerate(rules) if i == 0 or r != rules[i - 1]]


def assert_agrees(c) -> None:
    """Every blocker finding reaches the checklist as a blocked item, in the verdict's order; every item comes
    from a finding; the text shows every blocked item, says it would be refused, and heads with the items' places."""
    v = evaluate(c)
    cl = build_checklist(c, v)
    blockers = [f.rule for f in v.by_status("blocker")]
    assert _runs([i.rule for i in cl.items if i.blocked]) == _runs(blockers)
    assert sum(i.blocked for i in cl.items) >= len(blockers)
    assert {i.rule for i in cl.items} <= {f.rule for f in v.findings}
    # The same order as the verdict (and so the result page): each item stands where its finding stands.
    first = {}
    for n, f in enumerate(v.findings):
        first.setdefault(f.rule, n)
    positions = [first[i.rule] for i in cl.items]
    assert positions == sorted(positions), [i.rule for i in cl.items]
    text = checklist_text(cl)
    for item in cl.items:
        assert "{" not in item.title + item.where + item.form + item.note + item.place, item
        if item.blocked:
            assert item.title in text and item.status == "needed"
    assert ("会被退回" in text.splitlines()[2]) is bool(blockers)
    for place in cl.places:
        assert place in text.splitlines()[1]


def _scenario_cases():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        sc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "case_file" in sc:
            c = parse_case((SCENARIOS / sc["case_file"]).read_text(encoding="utf-8"))
        else:
            c = case_from_dict(json.loads(json.dumps(sc["case"], default=str)))
        yield pytest.param(c, sc, id=path.stem)


@pytest.mark.parametrize("c, sc", list(_scenario_cases()))
def test_scenario_checklist_agrees_with_the_verdict(c, sc):
    assert_agrees(c)
    cl = build_checklist(c)
    if "checklist_blocked" in sc:
        assert [i.key for i in cl.items if i.blocked] == sc["checklist_blocked"], sc["name"]
    if "checklist_places" in sc:
        assert cl.places == sc["checklist_places"], sc["name"]


_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)).map(str)
CASES = st.fixed_dictionaries({
    "round": st.just("2024-H1"),
    "application_date": st.sampled_from(["2024-06-05", "2024-06-30", "2023-12-31"]),
    "candidate": st.fixed_dictionaries({
        "id_valid_until": st.one_of(st.just("长期"), _dates),
        "candidate_type": st.sampled_from(["social", "credit_transfer"]),
        "level": st.sampled_from(["associate", "bachelor"]),
    }),
    "grades": st.fixed_dictionaries({
        "all_courses_passed": st.booleans(),
        "missing_on_platform": st.lists(st.one_of(
            st.fixed_dictionaries({"source": st.sampled_from(["certificate_13char", "practice_notice"])}),
            st.fixed_dictionaries({"source": st.sampled_from(["certificate", "transfer_letter"]),
                                   "year": st.integers(1985, 2024)}),
        ), max_size=4),
    }),
    "prior_education": st.fixed_dictionaries({
        "has_diploma": st.booleans(),
        "graduation_date": _dates,
        "chsi_authorization": st.sampled_from(["not_done", "passed", "failed"]),
        "identity_changed": st.booleans(),
    }),
    "exemptions": st.lists(st.fixed_dictionaries({
        "course_name": st.sampled_from(["英语(二)", "高等数学"]), "method": st.sampled_from(["online", "offline"]),
        "year": st.integers(2015, 2024), "has_form": st.booleans()}), max_size=3),
    "practice": st.fixed_dictionaries({"required": st.booleans(),
                                       "notice": st.sampled_from(["none", "college_seal", "other_seal"])}),
    "materials": st.fixed_dictionaries({"pledge_signed": st.booleans(), "photo_passed": st.booleans()}),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASES)
def test_generated_cases_checklist_agrees_with_the_verdict(data):
    assert_agrees(case_from_dict(data))


def test_every_blocker_outcome_names_its_checklist_item():
    rnd = load_round("2024-H1")
    known = rnd.checklist["items"]
    for rule_id, spec in rnd.rules.items():
        for status in ("blocker", "todo", "ok", "info"):
            entries = spec.get(status, {}).get("checklist", [])
            if status == "blocker" and status in spec:
                assert entries, f"{rule_id}: a blocker must name its checklist item"
            for e in entries:
                assert (e if isinstance(e, str) else e["item"]) in known, f"{rule_id}.{status}: unknown item {e}"


def test_the_two_blockers_that_never_reached_the_checklist_now_do():
    cl = build_checklist(case("bachelor", grades={"all_courses_passed": False},
                              prior_education={"has_diploma": True, "graduation_date": "2024-07-01",
                                               "chsi_authorization": "passed"}))
    assert [i.key for i in cl.items if i.blocked] == ["courses_not_passed", "prior_date_late"]
    assert "其中 2 项照现在的情况会被退回" in checklist_text(cl)


def test_a_blocker_without_checklist_wording_still_reaches_the_checklist(tmp_path):
    # A rule added to the round file without naming its item (say by another round) is still a blocked item.
    rnd = load_round("2024-H1")
    rules = {**rnd.rules, "prior.diploma_required": {**rnd.rules["prior.diploma_required"], "blocker": {
        k: v for k, v in rnd.rules["prior.diploma_required"]["blocker"].items() if k != "checklist"}}}
    bare = rnd.model_copy(update={"rules": rules})
    c = case("bachelor", prior_education={"has_diploma": False})
    item = next(i for i in build_checklist(c, evaluate(c, bare), bare).items if i.blocked)
    assert item.rule == "prior.diploma_required" and "专科（或以上）学历" in item.note


def test_13char_and_boundary_wording_is_the_verdicts():
    c = case(grades={"all_courses_passed": True, "missing_on_platform": [
        {"source": "certificate_13char", "course_name": "英语"}, {"source": "certificate_13char"},
        {"source": "certificate", "year": 1995}, {"source": "transfer_letter", "year": 2016}]})
    v = evaluate(c)
    cl = build_checklist(c, v)
    assert "（共2门：英语）" in one(cl, "grades_13char").title
    assert "（共2门：英语）" in next(f.message for f in v.findings if f.rule.endswith("certificate_13char"))
    assert "1995年当年" in one(cl, "certificate_pre1995").note
    assert "2016年当年" in one(cl, "transfer_letter_pre2016").note


def test_places_in_the_headline_are_the_items_places():
    # 学分互认在校生 with a pre-1995 certificate: the 补录 is at the 确认点, the manual review at the 主考学校.
    cl = build_checklist(case("bachelor", "credit_transfer",
                              grades={"all_courses_passed": True, "missing_on_platform": [
                                  {"source": "certificate", "year": 1990}]},
                              prior_education={"has_diploma": True, "graduation_date": "2020-07-01",
                                               "chsi_authorization": "failed"}))
    assert cl.places == ["确认点", "主考学校"]
    assert "要到现场办理的地方：确认点、主考学校" in checklist_text(cl).splitlines()[1]
    assert build_checklist(case(materials={"pledge_signed": True, "photo_passed": True})).places == []
