"""`round.window` (rules.md v3): the application window of the round's `window:` data, on both sides of each date."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from checks.checklist import build_checklist, checklist_text
from checks.models import case_from_dict
from checks.rounds import load_round
from checks.rules import evaluate
from tests.casedata import without_v3_causes

ROOT = Path(__file__).resolve().parents[1]
TEST_ROUNDS = Path(__file__).parent / "data" / "rounds"  # 2090-H2: online application 2090-10-08 … 2090-10-20


def case(date: str, round_id: str = "2090-H2") -> dict:
    """A candidate with nothing else to do (the v3 questions answered with no cause of refusal, issue 19)."""
    return without_v3_causes({"round": round_id, "application_date": date,
                              "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": "associate"},
                              "grades": {"all_courses_passed": True},
                              "materials": {"pledge_signed": True, "photo_passed": True}})


def window_finding(verdict):
    return next(f for f in verdict.findings if f.rule == "round.window")


@pytest.mark.parametrize("date, status", [
    ("2090-10-07", "todo"),     # the day before applications open
    ("2090-10-08", "ok"),       # the first day
    ("2090-10-20", "ok"),       # the last day
    ("2090-10-21", "blocker"),  # the day after it closes: a late application is void
    ("2090-12-30", "blocker"),  # still inside the round's period, but after the window
])
def test_window_on_both_sides_of_each_date(date, status):
    v = evaluate(case_from_dict(case(date)), load_round("2090-H2", TEST_ROUNDS))
    f = window_finding(v)
    assert f.status == status
    assert v.ready is (status == "ok")
    if status == "blocker":
        assert "2090年10月20日" in f.message and "无效" in f.message
    if status == "todo":
        assert "2090年10月8日" in f.title and "准备" in f.message


def test_a_round_without_a_window_says_so_as_information():
    v = evaluate(case_from_dict(case("2024-06-05", "2024-H1")))
    f = window_finding(v)
    assert f.status == "info" and "没有写网上申请" in f.message
    assert v.ready  # nothing stands in the way of this case: the unknown window is not a to-do


def test_checklist_shows_the_window_where_known():
    rnd = load_round("2090-H2", TEST_ROUNDS)
    c = case_from_dict(case("2090-10-10"))
    text = checklist_text(build_checklist(c, evaluate(c, rnd), rnd))
    assert "网上申请时间：2090年10月8日至2090年10月20日" in text
    late = case_from_dict(case("2090-10-21"))
    text = checklist_text(build_checklist(late, evaluate(late, rnd), rnd))
    assert "网上申请已截止（2090年10月20日）" in text and "逾期申请无效" in text
    none = case_from_dict(case("2024-06-05", "2024-H1"))
    assert "网上申请时间" not in checklist_text(build_checklist(none))


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_checklist_and_eligibility_exit_codes_agree(tmp_path):
    # A ready case: the ID-card scan is still "需要准备" in the checklist, yet nothing stands in the way: both exit 0.
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case("2024-06-05", "2024-H1")), encoding="utf-8")
    e, c = cli("eligibility", path), cli("checklist", path)
    assert (e.returncode, c.returncode) == (0, 0), c.stdout
    assert "需要准备" in c.stdout
    path.write_text(json.dumps({**case("2024-06-05", "2024-H1"), "materials": {}}), encoding="utf-8")
    assert (cli("eligibility", path).returncode, cli("checklist", path).returncode) == (1, 1)


@pytest.mark.parametrize("command", [["eligibility"], ["checklist"], ["photo"], ["pledge"], ["code"], ["batch"],
                                     ["round", "check"], ["round", "new"]])
def test_every_help_says_what_the_exit_codes_mean(command):
    r = cli(*command, "--help")
    assert r.returncode == 0
    assert "退出码" in r.stdout and "0 = 没有任何事挡着" in r.stdout and "2 = 输入有误" in r.stdout
    assert "轮次" not in r.stdout  # one word for one thing: 批次
