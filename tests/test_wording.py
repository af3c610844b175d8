"""Every message says exactly one thing (issue 23): sources cited as what they are, the candidate types explained
where they are asked, and a to-do's place that does not contradict itself."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checks.checklist import build_checklist, checklist_text
from checks.models import case_from_dict
from checks.report import verdict_text
from checks.rules import evaluate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))


def test_only_the_notices_clauses_are_cited_as_the_notice():
    v = evaluate(case_from_dict(EXAMPLE))
    sources = {f.source for f in v.findings}
    assert "多省毕业办证通知" in sources and "全国准考证管理规定" in sources  # the tips the issue quotes
    for text in (verdict_text(v, show_rule=False), verdict_text(v), checklist_text(build_checklist(case_from_dict(EXAMPLE), v))):
        assert "依据通知(一)1" in text
        assert not re.search(r"依据通知[^(]", text), re.search(r"依据通知[^(].{0,12}", text).group()
    text = verdict_text(v, show_rule=False)
    assert "来源：多省毕业办证通知" in text and "来源：全国准考证管理规定" in text


# rules.md v3 (issue 20): a date after every round is a to-do under the projected round; a date before the oldest
# round is still a blocker. Both name a place outside this tool.
@pytest.mark.parametrize("date, status", [("2023-06-01", "blocker"), ("2026-11-29", "todo")])
def test_the_date_to_do_names_a_place_outside_this_tool(date, status):
    late = {**EXAMPLE, "application_date": date}
    (f,) = [f for f in evaluate(case_from_dict(late)).findings if f.rule == "round.date_in_round"]
    assert f.status == status and "ynzs.cn" in f.where
    assert "本工具" not in f.where  # it is shown as "去办这件事：…（不在本工具里办理）"
    if status == "blocker":
        assert "帮助台" in f.message  # the help desk is still mentioned, in the message


def test_both_candidate_types_are_explained_where_the_question_is_asked():
    from streamlit.testing.v1 import AppTest

    from checks.questions import BY_PATH

    q = BY_PATH["candidate.candidate_type"]
    assert set(q.explain) == set(q.options)
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.switch_page("pages/1_eligibility.py").run()
    radio = at.radio(key="elig.candidate.candidate_type")
    assert list(radio.options) == ["社会考生", "学分互认在校生"]
    captions = list(radio.proto.captions)
    assert "确认点" in captions[0] and "学分互认" in captions[1] and "主考学校" in captions[1]
