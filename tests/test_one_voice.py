"""One case, one voice (#17): the headline, the order and the wording of the findings are the same on the result
page, the help desk, the home page, the text report, the command line (eligibility and code --decode) and the
checklist (text and PDF). Each output is read back as a person sees it and compared with the verdict's view."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from checks import casecode
from checks.checklist import build_checklist, checklist_pdf, checklist_text
from checks.models import parse_case
from checks.report import verdict_text
from checks.rules import evaluate
from checks.views import verdict_view

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"


def plain(text: str) -> str:
    """What a person reads: no Markdown marks, no escapes, no spaces or line breaks (PDF lines wrap anywhere)."""
    text = re.sub(r":(?:red|orange|green|gray|grey)(?:-badge)?\[(.*?)\]", r"\1", text)
    # ui.safe.md writes "www." as "www．" so that a page never turns a web address into a link: same words.
    text = text.replace("www．", "www.")
    return re.sub(r"\s+", "", text.replace("**", "").replace("\\", "").replace("###", ""))


def in_order(shown: str, expected: list[str], where: str) -> None:
    """Each expected text appears in `shown`, in this order."""
    pos = 0
    for text in expected:
        found = shown.find(plain(text), pos)
        assert found >= 0, f"{where}: “{text}” missing or out of order"
        pos = found + len(plain(text))


def page_text(at: AppTest) -> str:
    """Every text element of a page, in page order (alerts, Markdown, captions, headings, expander labels)."""
    out = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            label = getattr(child, "label", None)
            if getattr(child, "type", "") == "expander" and label:
                out.append(str(label))
            value = getattr(child, "value", None) if getattr(child, "type", "") in (
                "markdown", "alert", "caption", "subheader", "header", "title", "text") else getattr(child, "body", None)
            if isinstance(value, str):
                out.append(value)
            walk(child)

    walk(at.main)
    return plain("\n".join(out))


@pytest.fixture(scope="module")
def case():
    # The v3 questions answered (issue 19): the home page gives a verdict only for a finished questionnaire.
    from checks.models import case_from_dict
    from tests.casedata import without_v3_causes

    return case_from_dict(without_v3_causes(json.loads(EXAMPLE.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def said(case):
    """What every output must say, in this order: the headline, then each finding to do (title, message), then
    what is fine and the tips (titles)."""
    view = verdict_view(evaluate(case))
    expected = [view.headline.title, view.headline.detail, view.places]
    for section in view.sections:
        expected.append(section.heading)
        for item in section.items:
            expected += [item.title, item.message] + [f"{d.label}：{d.text}" for d in item.details]
    assert view.headline.tone == "blocker" and view.section("open") and view.section("ok")  # a case with all parts
    return view, expected


def test_text_report_and_command_line_say_it_in_the_same_order(case, said, tmp_path):
    _view, expected = said
    in_order(plain(verdict_text(evaluate(case))), expected, "text report")
    answered = tmp_path / "case.json"  # the example with the v3 questions answered (issue 19)
    answered.write_text(case.to_json(), encoding="utf-8")
    for args in (["eligibility", str(answered)], ["code", "--decode", casecode.encode(case)]):
        r = subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
        assert r.returncode == 1, r.stderr
        in_order(plain(r.stdout), expected, " ".join(args[:2]))


def test_result_page_and_help_desk_say_it_in_the_same_order(case, said):
    view, expected = said
    at = AppTest.from_file("../app.py", default_timeout=60)
    # The pages give a verdict only once every question is answered (issue 19): the v3 questions answered too.
    from tests.casedata import without_v3_causes

    at.session_state["answers"] = without_v3_causes(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    at.run()
    # the home page: the same headline, word for word
    in_order(page_text(at), [view.headline.title, view.headline.detail], "home page")
    at.switch_page("pages/2_result.py").run()
    assert not at.exception
    in_order(page_text(at), expected, "result page")

    desk = AppTest.from_file("../app.py", default_timeout=60).run()
    desk.switch_page("pages/5_helpdesk.py").run()
    desk.text_area(key="helpdesk.code.text").input(casecode.pretty(casecode.encode(case)))
    next(b for b in desk.button if b.label == "查看结果").click().run()
    assert not desk.exception
    in_order(page_text(desk), expected, "help desk")


def test_checklist_text_and_pdf_open_with_the_verdicts_headline(case, said, tmp_path):
    view, _expected = said
    cl = build_checklist(case)
    items = [i.title for i in cl.items if i.status != "not_needed"]
    opening = [view.headline.title, view.headline.detail]
    in_order(plain(checklist_text(cl)), opening + items, "checklist text")
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the checklist PDF back")
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(checklist_pdf(cl))
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    in_order(plain(shown), opening + items, "checklist PDF")
