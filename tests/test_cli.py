"""`python -m checks eligibility` as scripts and the help desk use it (contract.md)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_json_output_and_exit_1_when_not_ready():
    r = run("eligibility", str(EXAMPLE), "--json")
    assert r.returncode == 1
    out = json.loads(r.stdout)
    assert out["round"] == "2024-H1" and out["ready"] is False
    assert {"rule": "grades.supplement.certificate_pre1995", "status": "todo", "where": "确认点", "source": "(一)1"}.items() \
        <= next(f for f in out["findings"] if f["rule"] == "grades.supplement.certificate_pre1995").items()


def test_exit_0_when_ready(tmp_path):
    case = {"round": "2024-H1", "application_date": "2024-06-01",
            "candidate": {"id_valid_until": "长期", "candidate_type": "social", "level": "associate",
                          "platform_identity": "match"},  # issue 19: the v3 questions answered
            "grades": {"all_courses_passed": True, "admission_numbers": "one", "transfer_in": False, "sanction": "no",
                       "plan_substitution": "no"},
            "materials": {"pledge_signed": True, "photo_passed": True}}
    path = tmp_path / "ready.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    r = run("eligibility", str(path))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "可以申请" in r.stdout


def test_text_output_is_grouped_in_chinese():
    r = run("eligibility", str(EXAMPLE))
    assert r.returncode == 1
    # the refusal is said first, by name; then one list in the order of the process, blockers marked
    assert r.stdout.index("会被退回，必须先解决") < r.stdout.index("【要办的事") < r.stdout.index("【已满足")
    assert "【会被退回】还没有实习（实验）考核合格成绩通知单" in r.stdout
    assert "去哪里：确认点" in r.stdout


def test_invalid_input_exit_2_with_chinese_message_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"round": "2024-H1", "candidate": {"id_valid_until": "长期", "candidate_type": "social",
                                                                  "level": "bachelor", "id_number": "123"}}), encoding="utf-8")
    r = run("eligibility", str(bad))
    assert r.returncode == 2 and "身份证号" in r.stderr and "Traceback" not in r.stderr
    r = run("eligibility", str(tmp_path / "missing.json"))
    assert r.returncode == 2 and "找不到文件" in r.stderr
    unknown_round = tmp_path / "r.json"
    unknown_round.write_text(json.dumps({"round": "1999-H1", "grades": {"all_courses_passed": True}, "candidate": {
        "id_valid_until": "长期", "candidate_type": "social", "level": "associate"}}), encoding="utf-8")
    r = run("eligibility", str(unknown_round))
    assert r.returncode == 2 and "没有批次 1999-H1" in r.stderr
    r = run("eligibility")
    assert r.returncode == 2 and "参数有误" in r.stderr
