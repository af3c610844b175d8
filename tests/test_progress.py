"""Where the candidate stands (checks.progress) and the pages that show it: 我的申请 and 承诺书与材料清单."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from checks.models import case_from_dict
from checks.progress import progress
from checks.rules import evaluate
from tests.casedata import without_v3_causes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))
# The pages give a verdict only once every question is answered (issue 19): the example with the v3 questions too.
ANSWERED = without_v3_causes(EXAMPLE)


def case(level="associate", **sections):
    data = {"round": "2024-H1", "application_date": "2024-06-05", "grades": {"all_courses_passed": True},
            "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": level}}
    data.update(sections)
    data["grades"].setdefault("all_courses_passed", True)
    return case_from_dict(without_v3_causes(data))  # issue 19: the v3 questions answered "no such cause"


READY = {"materials": {"pledge_signed": True, "photo_passed": True}}


def test_associate_has_no_prior_stage():
    p = progress(case(**READY))
    assert [s.id for s in p.stages] == ["supplement", "apply", "first_review", "second_review", "final_review"]


def test_bachelor_shows_all_six_stages():
    p = progress(case("bachelor", prior_education={"has_diploma": True, "chsi_authorization": "passed"}, **READY))
    assert len(p.stages) == 6 and p.stages[1].id == "prior"


def test_ready_candidate_is_at_the_online_application():
    p = progress(case(**READY))
    assert p.ready and p.current == "apply" and p.next_steps == []
    assert [s.state for s in p.stages] == ["done", "current", "upcoming", "upcoming", "upcoming"]
    assert "可以提交" in p.headline


def test_missing_grade_keeps_the_candidate_in_the_supplement_stage():
    p = progress(case(grades={"missing_on_platform": [{"source": "certificate", "year": 1993}]}, **READY))
    assert p.current == "supplement" and p.todos == 1 and p.blockers == 0
    assert p.current_stage.todos == 1


def test_prior_stage_for_bachelor_without_authorisation():
    p = progress(case("bachelor", prior_education={"has_diploma": True, "chsi_authorization": "not_done"}, **READY))
    assert p.current == "prior" and p.stages[0].state == "done"


def test_next_three_steps_include_every_blocker_first_and_follow_the_result_pages_order():
    """Issue 21: the home page's to-dos are in the order the result page and the checklist list them."""
    p = progress(case_from_dict(EXAMPLE))
    assert len(p.next_steps) == 3
    assert any(f.status == "blocker" for f in p.next_steps)
    assert all(f.status in ("blocker", "todo") for f in p.next_steps)
    open_items = [f for f in evaluate(case_from_dict(EXAMPLE)).findings if f.status in ("blocker", "todo")]
    assert [f.rule for f in p.next_steps] == [f.rule for f in open_items if f in p.next_steps]
    assert p.blockers == 1 and "1 个会被退回的问题" in p.headline


# --- pages (AppTest paths are relative to this file) ----------------------------------------------------------
def app(answers: dict | None) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    if answers is not None:
        at.session_state["answers"] = answers
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "success", "warning", "error", "info", "caption", "text")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def test_home_without_answers_welcomes_and_links_to_the_eligibility_check():
    at = app(None)
    assert not at.exception
    shown = texts(at)
    assert "资格自查" in shown and "不保存" in shown


def test_home_with_answers_shows_readiness_stage_and_next_steps():
    at = app(ANSWERED)
    assert not at.exception
    assert "还不能提交" in at.error[0].value
    assert [m.value for m in at.metric][:2] == ["1", str(progress(case_from_dict(ANSWERED)).todos)]
    shown = texts(at)
    assert "接下来要做的事" in [h.value for h in at.subheader]
    assert "课程合格成绩补录" in shown  # the timeline


def test_materials_page_without_answers_says_what_is_missing():
    at = app(None)
    at.switch_page("pages/4_materials.py").run()
    assert not at.exception
    assert "还没有做完" in at.warning[0].value


def test_materials_page_with_answers_shows_checklist_and_pledge():
    at = app(ANSWERED)
    at.switch_page("pages/4_materials.py").run()
    assert not at.exception
    shown = texts(at)
    assert "1993年取得的课程合格证书" in shown and "[ ] 1. " in shown  # the checklist and its copyable text
    assert len(at.get("download_button")) == 1  # the text; PDFs are built only when asked for
    at.button(key="materials.build_checklist").click().run()
    at.button(key="materials.build_pledge").click().run()
    assert not at.exception
    assert len(at.get("download_button")) == 3  # pledge PDF, checklist PDF, checklist text
    assert at.get("image")  # the pledge preview


def test_materials_page_warns_about_a_name_character_the_font_lacks():
    data = json.loads(json.dumps(ANSWERED))
    data["candidate"]["name"] = "王𠈌"
    at = app(data)
    at.switch_page("pages/4_materials.py").run()
    at.button(key="materials.build_pledge").click().run()
    assert not at.exception
    assert any("𠈌" in e.value and "手写" in e.value for e in at.error)


def test_materials_page_without_name_asks_for_it():
    data = json.loads(json.dumps(ANSWERED))
    del data["candidate"]["name"]
    at = app(data)
    at.switch_page("pages/4_materials.py").run()
    assert not at.exception
    assert any("姓名" in w.value for w in at.warning)
