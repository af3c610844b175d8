"""The help desk sees what the candidate answered, in the wizard's words, beside the verdict (issue 23)."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from checks import casecode, flow
from checks.models import case_from_dict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))


def open_code(code: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_area(key="helpdesk.code.text").input(code)
    at.button[0].click().run()  # the form's 查看结果
    assert not at.exception
    return at


def texts_outside(at: AppTest, folded_label: str) -> str:
    """Everything written on the page except inside the expander whose label starts with `folded_label`."""
    folded = {id(e) for x in at.expander if x.label.startswith(folded_label) for e in _walk(x)}
    return "\n".join(e.value for e in [*at.markdown, *at.text, *at.caption, *at.error, *at.warning, *at.success,
                                       *at.info] if id(e) not in folded)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def test_help_desk_pastes_a_code_and_reads_the_candidates_answers_in_the_wizards_words():
    case = case_from_dict(EXAMPLE)
    at = open_code(casecode.pretty(casecode.encode(case)))
    answers = "\n".join(t.value for t in at.text)
    # The questionnaire's own labels and option names, as on the candidate's 核对你的回答.
    for line in ("学信网授权情况：还没有授权", "前置学历毕业时间：2015-07-01",
                 "实习（实验）考核合格成绩通知单的情况：还没有通知单",
                 "平台查不到的成绩：13位（含字母）准考证取得的成绩；云南省自学考试课程合格证书（1993年）",
                 "免考课程：00015 英语(二)（线下办理，2019年，无登记表）", "考生类型：社会考生", "准考证号：0101********"):
        assert line in answers, line
    assert [s.value for s in at.subheader if s.value == "考生的回答"]
    # Redacted as the code is: the name never appears, and is not claimed to be unanswered.
    assert "张三" not in answers and "姓名：（脱敏后不含）" in answers
    # Every row the candidate saw (of the redacted case) is there, in the same order.
    rows = [f"{q}：{a}" for _, q, a in flow.answer_rows(case.redacted(), redacted=True)]
    assert [r for r in answers.split("\n") if r in rows] == rows


def test_trace_is_in_words_and_identifiers_are_folded_away():
    at = open_code(casecode.encode(case_from_dict(EXAMPLE)))
    shown = texts_outside(at, "技术信息")
    assert "身份证有效期须晚于这一天：2024年6月30日（出处：(三)1" in shown
    for identifier in ("id_valid_after", "pre1995_certificate_year", "materials.practice_notice", "grades.all_passed"):
        assert identifier not in shown, identifier
    technical = "\n".join(t.value for x in at.expander if x.label.startswith("技术信息") for t in x.text)
    assert "id_valid_after = 2024-06-30" in technical and "materials.practice_notice：会被退回" in technical
