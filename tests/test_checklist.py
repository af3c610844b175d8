"""The materials checklist for representative candidates: what to prepare, where, in what order."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.checklist import build_checklist, checklist_pdf, checklist_text
from checks.models import case_from_dict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"


def case(level="associate", ctype="social", **sections):
    data = {"round": "2024-H1", "application_date": "2024-06-05",
            "candidate": {"id_valid_until": "长期", "candidate_type": ctype, "level": level, "chief_school": "云南大学"}}
    data.update(sections)
    return case_from_dict(data)


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
    assert [(i.status, "英语(二)" in i.title or "纲要" in i.title or "会计" in i.title) for i in forms] == \
        [("needed", True), ("ready", True), ("needed", True)]
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
        "round": "2024-H1", "application_date": "2024-06-05",
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
    assert "[ ] 1. " in text and "依据：通知(一)1" in text and "现场办理：确认点" in text
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
