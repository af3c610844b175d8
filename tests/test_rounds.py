"""Rounds that know their dates (issue 11): the period, the round picked by the application date, the
`round.date_in_round` blocker, an ID card expired on the day of applying, and round ids from the shipped list only."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks import casecode
from checks.checklist import build_checklist, checklist_text
from checks.models import case_from_dict
from checks.rounds import ROUNDS_DIR, RoundError, load_round, round_for_date
from checks.rules import evaluate

ROOT = Path(__file__).resolve().parents[1]
TEST_ROUNDS = Path(__file__).parent / "data" / "rounds"
DRAFT = "草稿：未与官方通知核对"
WHAT_TO_DO = "帮助台可以按通知添加批次"  # a date before the oldest round: a blocker (rules.md v3)
PROJECTED = "预估"  # a date after every round: the projected round of its half-year (rules.md v3)
COMPARE = "新通知发布后请逐项对照：网上申请的起止日期"


def case(date: str, valid_until: str = "长期", round_id: str = "2024-H1", **extra) -> dict:
    """A case with nothing else to do: only the round and the ID card can stop it (the v3 questions of issue 19
    answered "no such cause")."""
    return {"round": round_id, "application_date": date,
            "candidate": {"id_valid_until": valid_until, "candidate_type": "social", "level": "associate",
                          "platform_identity": "match"},
            "grades": {"all_courses_passed": True, "admission_numbers": "one", "transfer_in": False, "sanction": "no",
                       "plan_substitution": "no"},
            "materials": {"pledge_signed": True, "photo_passed": True}, **extra}


def finding(verdict, rule):
    return next(f for f in verdict.findings if f.rule == rule)


# --- the period of 2024-H1 and both sides of each boundary -----------------------------------------------------
def test_shipped_round_states_its_period_window_and_status():
    rnd = load_round("2024-H1")
    assert (str(rnd.period.after), str(rnd.period.until)) == ("2023-12-30", "2024-06-30")
    assert "证书" in rnd.period.source  # derived from the certificate dates, and says so
    assert not rnd.window.known and "没有" in rnd.window.source  # the notice gives none: left empty, never guessed
    assert rnd.verified is False  # we only have a repost, not the official notice


# rules.md v3 changed the side after the last period: a date after every shipped period is a `todo` under the
# projected round of its half-year (it was a blocker); a date before the oldest period stays a blocker.
@pytest.mark.parametrize("date, status, round_id", [
    ("2023-12-30", "blocker", "2024-H1"),  # the previous round's certificate date belongs to the previous round
    ("2023-12-31", "ok", "2024-H1"),
    ("2024-06-05", "ok", "2024-H1"),
    ("2024-06-30", "ok", "2024-H1"),       # this round's certificate date is still in it
    ("2024-07-01", "todo", "2024-H2"),     # the day after: the projected 2024-H2
    ("2024-12-30", "todo", "2024-H2"),
    ("2024-12-31", "todo", "2025-H1"),
    ("2026-11-29", "todo", "2026-H2"),
])
def test_date_in_round_on_both_sides_of_each_boundary(date, status, round_id):
    v = evaluate(case_from_dict(case(date)))
    f = finding(v, "round.date_in_round")
    assert (f.status, v.round) == (status, round_id)
    assert v.ready is (status == "ok")  # a verdict outside its round or under a projection is never "ready"
    assert v.projected is (status == "todo")
    if status == "blocker":
        assert WHAT_TO_DO in f.message and "2023年12月30日之后至2024年6月30日" in f.message
    elif status == "todo":
        assert PROJECTED in f.title and "2024年上半年" in f.title and COMPARE in f.message
        assert not v.by_status("blocker")  # nothing but the projection stands in the way of this case
    else:
        assert "2024年上半年" in f.message and "2023年12月30日之后至2024年6月30日" in f.message


def test_draft_round_says_so_in_its_verdict():
    f = finding(evaluate(case_from_dict(case("2024-06-05"))), "round.date_in_round")
    assert DRAFT in f.message


def test_date_picks_the_round(tmp_path):
    # Two rounds side by side: 2024-H1 and the test round 2099-T (period 2029-12-30 … 2030-06-30).
    shutil.copy(ROUNDS_DIR / "2024-H1.yaml", tmp_path)
    shutil.copy(TEST_ROUNDS / "2099-T.yaml", tmp_path)
    assert round_for_date(dt.date(2024, 3, 1), tmp_path).id == "2024-H1"
    assert round_for_date(dt.date(2030, 6, 30), tmp_path).id == "2099-T"
    assert round_for_date(dt.date(2029, 12, 30), tmp_path).id == "2024-H1"  # between two: the one before it
    assert round_for_date(dt.date(2023, 1, 1), tmp_path).id == "2024-H1"    # before the oldest: the oldest
    assert round_for_date(dt.date(2030, 7, 1), tmp_path).id == "2030-H2"    # after every period: a projection
    assert round_for_date(dt.date(2026, 11, 29)).id == "2026-H2"


# --- the ID card on the day of applying ---------------------------------------------------------------------
@pytest.mark.parametrize("valid_until, date, expired", [
    ("2030-02-28", "2030-03-01", True),   # ran out the day before applying
    ("2030-03-01", "2030-03-01", False),  # still valid on the day (but not after the 2030-06-30 cut-off)
])
def test_id_card_expired_on_the_application_date(valid_until, date, expired):
    v = evaluate(case_from_dict(case(date, valid_until, round_id="2099-T")), load_round("2099-T", TEST_ROUNDS))
    f = finding(v, "materials.id_card")
    assert f.status == "blocker"
    assert ("过期" in f.message) is expired
    assert ("2030年6月30日" in f.message) is not expired


def test_expired_card_is_a_blocker_even_after_the_cut_off():
    # Valid after 2024-06-30 (the old cut-off) but expired by 2026: the card is not 有效 on the day.
    f = finding(evaluate(case_from_dict(case("2026-11-29", "2025-01-01"))), "materials.id_card")
    assert f.status == "blocker" and "2025年1月1日" in f.message and "过期" in f.message  # dates in words (#17)


# --- round ids come only from the shipped list ------------------------------------------------------------------
TRAVERSAL = "../../tests/data/rounds/2099-T"


def test_round_id_outside_the_shipped_list_is_refused_without_saying_whether_it_exists():
    with pytest.raises(RoundError) as real:
        load_round(TRAVERSAL)  # that file does exist, relative to assets/rounds
    with pytest.raises(RoundError) as fake:
        load_round("../../tests/data/rounds/2099-X")  # this one does not
    assert str(real.value).replace("2099-T", "?") == str(fake.value).replace("2099-X", "?")
    assert "2024-H1" in str(real.value)


def test_tests_load_test_rounds_through_an_explicit_directory():
    assert load_round("2099-T", TEST_ROUNDS).id == "2099-T"


def test_what_identifies_a_round_is_not_inherited(tmp_path):
    (tmp_path / "2099-Z.yaml").write_text("extends: 2024-H1\nid: 2099-Z\ntitle: 缺期间\n", encoding="utf-8")
    with pytest.raises(Exception):  # no period, notice, verified: a copy cannot claim 2024-H1's dates
        load_round("2099-Z", tmp_path)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_cli_refuses_a_path_as_round_in_chinese(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case("2024-06-05", round_id=TRAVERSAL)), encoding="utf-8")
    r = cli("eligibility", str(path), "--json")
    assert r.returncode == 2 and r.stdout == ""
    assert "没有批次" in r.stderr and "Traceback" not in r.stderr and "id 是" not in r.stderr


# --- a date in 2026 everywhere the verdict goes: the projected round, named as such ----------------------------
def test_cli_json_for_a_2026_date_is_a_projection_not_a_refusal(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(case("2026-11-29")), encoding="utf-8")  # names 2024-H1, as files saved before v3
    r = cli("eligibility", str(path), "--json")
    assert r.returncode == 1  # something to do: compare with the new notice
    out = json.loads(r.stdout)
    assert out["ready"] is False and out["projected"] is True and out["round"] == "2026-H2"
    assert not [f for f in out["findings"] if f["status"] == "blocker"]
    f = next(f for f in out["findings"] if f["rule"] == "round.date_in_round")
    assert f["status"] == "todo" and COMPARE in f["message"]


def test_case_code_round_trip_keeps_the_projection():
    code = casecode.encode(case_from_dict(case("2026-11-29")))
    decoded = casecode.decode(code)
    v = evaluate(decoded)
    assert decoded.round == "2026-H2"  # case codes written today carry the projection's id, and it loads
    assert finding(v, "round.date_in_round").status == "todo" and v.projected and not v.ready


@pytest.mark.parametrize("date, expected", [("2026-11-29", COMPARE), ("2024-06-05", DRAFT)])
def test_checklist_carries_the_round_warning(date, expected):
    cl = build_checklist(case_from_dict(case(date)))
    assert expected in cl.round_warning
    assert expected in checklist_text(cl)
    assert (PROJECTED in cl.round_title) is (date == "2026-11-29")
    out = cl.to_json()  # the JSON names it too
    assert out["projected"] is (date == "2026-11-29") and out["round_title"] == cl.round_title


# --- the help desk's trace: which data the verdict used ---------------------------------------------------------
def test_trace_names_the_round_period_version_and_the_parameters_read():
    from checks.trace import trace

    rnd = load_round("2024-H1")
    plain = trace(case_from_dict(case("2024-06-05")), rnd)
    assert plain.round_id == "2024-H1" and plain.data_version == rnd.data_version and plain.date_in_round
    assert [p.name for p in plain.params] == ["id_valid_after", "online_exemption_since"]
    certificate = case("2024-06-05", grades={"all_courses_passed": True,
                                           "missing_on_platform": [{"source": "certificate", "year": 1993}]})
    t = trace(case_from_dict(certificate), rnd)
    used = {p.name: p for p in t.params}
    assert used["pre1995_certificate_year"].value == "1995" and "(一)1" in used["pre1995_certificate_year"].source
    text = "\n".join(t.lines())
    assert "2023年12月30日之后至2024年6月30日" in text and "通知没有给出" in text and DRAFT in text
    assert t.verdict == evaluate(case_from_dict(certificate), rnd)  # tracing does not change the verdict


def test_helpdesk_page_shows_the_trace_for_an_uploaded_case():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    data = json.dumps(case("2026-11-29"), ensure_ascii=False).encode("utf-8")
    at.file_uploader(key="helpdesk.file").set_value(("c.json", data, "application/json")).run()
    assert not at.exception
    shown = "\n".join(m.value for m in [*at.markdown, *at.text])
    # The case names 2024-H1 with a 2026 date: its half-year's projection, with the cut-off moved (rules.md v3).
    assert "这次结论用到的参数" in shown and "id_valid_after = 2026-12-30" in shown
    assert "2026年下半年（预估，按2024年上半年通知推算）" in shown and "预估：按2024-H1推算" in shown


def banner_text(at) -> str:
    return "\n".join(m.value for m in at.markdown if "round-banner" in m.value)


@pytest.mark.parametrize("case_date, projected", [("2024-06-05", False), ("2026-11-29", True)])
def test_helpdesk_banner_speaks_of_the_opened_cases_date(case_date, projected):
    # The worker's own session has today's date; the banner must say what the candidate saw for their date.
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    assert (COMPARE in banner_text(at)) == (not load_round("2024-H1").covers(dt.date.today()))
    data = json.dumps(case(case_date), ensure_ascii=False).encode("utf-8")
    at.file_uploader(key="helpdesk.file").set_value(("c.json", data, "application/json")).run()
    assert not at.exception
    assert (COMPARE in banner_text(at)) == projected
    assert (PROJECTED in banner_text(at)) == projected
    assert (DRAFT in banner_text(at)) != projected  # a projection says more than "draft": what to compare


@pytest.mark.parametrize("class_date, projected", [("2024-06-05", False), ("2026年11月29日", True)])
def test_batch_banner_speaks_of_the_class_date(class_date, projected):
    from tests.test_batch_page import page

    at = page()
    at.text_input(key="batch.date_text").set_value(class_date).run()
    assert not at.exception
    assert (COMPARE in banner_text(at)) == projected
    assert (DRAFT in banner_text(at)) != projected
    assert len([m for m in at.markdown if "round-banner" in m.value]) == 1


def test_helpdesk_refuses_a_case_code_whose_round_is_a_path():
    from streamlit.testing.v1 import AppTest

    crafted = case_from_dict(case("2024-06-05")).model_copy(update={"round": TRAVERSAL})
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    at.text_area(key="helpdesk.code.text").set_value(casecode.encode(crafted))
    at.button[0].click().run()  # the form's 查看结果
    assert not at.exception
    assert any("案例里的批次读不出来" in e.value and "没有批次" in e.value for e in at.error)


def test_round_list_shows_the_round_of_todays_date():
    expected = round_for_date(dt.date.today())
    r = cli("round", "list")
    assert r.returncode == 0
    line = next(line for line in r.stdout.splitlines() if line.startswith("今天"))
    assert expected.id in line and expected.title in line
    assert ("预估批次" in line) is expected.projected


def test_projection_is_derived_not_stored_and_a_real_round_wins(tmp_path):
    shutil.copy(ROUNDS_DIR / "2024-H1.yaml", tmp_path)
    projected = load_round("2090-H2", tmp_path)
    assert projected.projected and projected.projection.base_id == "2024-H1" and not projected.verified
    assert projected.id_valid_after == dt.date(2090, 12, 30) and str(projected.period.after) == "2090-06-30"
    assert projected.rules == load_round("2024-H1", tmp_path).rules  # same rules and wording
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-H1.yaml"]  # never written to disk
    shutil.copy(TEST_ROUNDS / "2090-H2.yaml", tmp_path)  # the help desk adds the real notice
    load_round.cache_clear()
    real = load_round("2090-H2", tmp_path)
    assert not real.projected and real.window.known
    assert round_for_date(dt.date(2090, 10, 10), tmp_path).id == "2090-H2" and \
        not round_for_date(dt.date(2090, 10, 10), tmp_path).projected


@pytest.mark.parametrize("round_id", ["2023-H2", "2024-H3", "2024-H1x", "9999-H1"])
def test_only_a_later_half_year_has_a_projection(round_id):
    with pytest.raises(RoundError):
        load_round(round_id)
