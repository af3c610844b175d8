"""A new notice in an afternoon (issue 20, contract.md v3): `round new --notice` fills the dates the notice states,
with the sentence each came from, and names exactly the clauses that changed from the previous notice."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checks.notice import NoticeError, clauses, compare, decode, find_dates
from checks.round_draft import build
from checks.rounds import load_round

ROOT = Path(__file__).resolve().parents[1]
KEPT = ROOT / "assets" / "notices" / "2024-H1.txt"
SEED = ROOT.parent / "shared" / "seed" / "notice-2024H1-graduation.txt"

WINDOW = "考生网上毕业申请时间为2026年10月9日至10月18日。"
PRACTICE_OLD = "成绩通知单须加盖申请毕业主考学校有关学院的公章"
PRACTICE_NEW = "成绩通知单须加盖主考学校教务处的公章"


def modified_notice() -> str:
    """The 2024-H1 notice moved to 2026-H2 (new dates, a window) with one clause, (三)4, changed."""
    text = KEPT.read_text(encoding="utf-8")
    text = text.replace("2024年上半年云南省自学考试毕业办证,按照", f"2026年下半年云南省自学考试毕业办证。{WINDOW}按照")
    text = text.replace("身份证有效期在2024年6月30日之后", "身份证有效期在2026年12月30日之后")
    assert PRACTICE_OLD in text
    return text.replace(PRACTICE_OLD, PRACTICE_NEW)


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", "round", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def test_the_project_keeps_the_2024_h1_notice_text():
    if SEED.exists():
        assert KEPT.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")
    names = list(clauses(KEPT.read_text(encoding="utf-8")))
    assert names[:5] == ["开头", "(一)", "(一)1", "(一)2", "(一)3"] and "(三)5" in names


def test_comparison_finds_exactly_the_changed_clauses():
    cmp = compare(KEPT.read_text(encoding="utf-8"), modified_notice())
    # The new dates live in the opening and in (三)1; the one rewritten clause is (三)4. Nothing else.
    assert cmp.changed_clauses == ["开头", "(三)1", "(三)4"]
    practice = next(c for c in cmp.changed if c.clause == "(三)4")
    assert [PRACTICE_OLD in s for s in practice.old] == [True] and [PRACTICE_NEW in s for s in practice.new] == [True]
    assert "(三)5" in cmp.unchanged and "(一)1" in cmp.unchanged


def test_dates_are_found_with_their_sentence():
    found = find_dates(modified_notice(), 2026)
    assert (str(found["apply_from"].value), str(found["apply_until"].value)) == ("2026-10-09", "2026-10-18")
    assert WINDOW.rstrip("。") in found["apply_until"].sentence
    assert str(found["id_valid_after"].value) == "2026-12-30" and found["id_valid_after"].clause == "(三)1"
    assert "certificate_date" not in found and "review_until" not in found  # not stated: never guessed


def test_round_new_with_the_notice_writes_a_draft_that_passes_check(tmp_path):
    notice = tmp_path / "通知.txt"
    notice.write_text(modified_notice(), encoding="utf-8")
    out = tmp_path / "2026-H2.yaml"
    r = run("new", "2026-H2", "--from", "2024-H1", "--notice", notice, "-o", out)
    assert r.returncode == 0, r.stderr
    report = r.stdout
    # Changed clauses, with old and new sentence and the rules to reread; then the unchanged ones, marked.
    assert report.count("【改了】") == 3
    for clause in ("【改了】开头", "【改了】(三)1", "【改了】(三)4"):
        assert clause in report
    assert "materials.practice_notice" in report and "materials.id_card" in report
    assert f"原：{PRACTICE_OLD}" in report and f"新：{PRACTICE_NEW}" in report
    unchanged = next(line for line in report.splitlines() if line.startswith("【没改】"))
    assert "(三)5" in unchanged and "(三)4" not in unchanged and "(三)1、" not in unchanged
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert str(draft["window"]["apply_from"]) == "2026-10-09" and str(draft["window"]["apply_until"]) == "2026-10-18"
    assert "2026年10月9日" in draft["window"]["source"]
    assert str(draft["params"]["id_valid_after"]["value"]) == "2026-12-30"
    assert "2026年12月30日之后" in draft["params"]["id_valid_after"]["source"]
    assert str(draft["period"]["until"]) == "2026-12-30" and draft["verified"] is False
    c = run("check", out)
    assert c.returncode == 0, c.stderr


def test_a_changed_clause_with_a_parameter_and_no_date_stays_to_confirm():
    # (一)1 rewritten: its parameter (1995) cannot be confirmed from a date, so the draft says 待核对 there.
    text = modified_notice().replace("1995年以前取得的", "1996年以前取得的")
    draft = build("2026-H2", load_round("2024-H1"), text, "n.txt")
    assert "(一)1" in draft.review and "参数 pre1995_certificate_year" in draft.review["(一)1"]
    data = yaml.safe_load(draft.text)
    assert "待核对" in data["params"]["pre1995_certificate_year"]["source"]


@pytest.mark.parametrize("data, expected", [
    (b"", "空的"), (b"\xff\xfe\x00\x01garbage\x80", "不是文字"), ("没有条款编号的文字".encode(), "找不到“(一)”"),
])
def test_unusable_notice_text_is_refused_in_chinese(data, expected):
    with pytest.raises(NoticeError) as exc:
        decode(data)
    assert expected in str(exc.value)


def test_gbk_notice_is_read():
    assert "(三)4" in clauses(decode(modified_notice().encode("gb18030")))


def test_helpdesk_page_drafts_a_round_from_a_pasted_notice():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_input(key="newround.id").set_value("2026-H2")
    at.text_area(key="newround.text").set_value(modified_notice())
    next(b for b in at.button if "生成草稿" in str(b.label)).click().run()
    assert not at.exception
    assert any("草稿通过检查" in s.value for s in at.success)
    shown = "\n".join(m.value for m in at.text)
    assert "【改了】(三)4" in shown and f"新：{PRACTICE_NEW}" in shown and "【没改】" in shown


def test_helpdesk_page_refuses_an_empty_notice_in_chinese():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    next(b for b in at.button if "生成草稿" in str(b.label)).click().run()
    assert not at.exception and any("请先粘贴通知正文" in e.value for e in at.error)
