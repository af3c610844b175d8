"""`python -m checks round list|check|diff|new` (contract.md v2): exit codes, Chinese output, each problem named."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from checks.round_check import problems
from checks.rounds import ROUNDS_DIR

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(ROUNDS_DIR.glob("*.yaml"))
EXAMPLE = ROOT / "tests" / "data" / "rounds" / "2090-H2.yaml"  # the worked example of docs/new-round.md


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", "round", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)


def chinese_only(text: str) -> bool:
    """No English sentence reaches staff: only ids, paths, field names and numbers are ASCII."""
    return "Traceback" not in text and not re.search(r"\b(Error|error|invalid|missing|usage)\b", text)


def test_list_names_every_round_with_period_version_and_status():
    r = run("list")
    assert r.returncode == 0
    assert "2024-H1" in r.stdout and "2023年12月30日之后至2024年6月30日" in r.stdout
    assert "数据版本" in r.stdout and "草稿：未与官方通知核对" in r.stdout


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_round_passes_round_check(path):
    r = run("check", path)
    assert r.returncode == 0, r.stderr
    assert "检查通过" in r.stdout


def test_worked_example_passes_and_diff_says_what_changed_in_chinese():
    assert run("check", EXAMPLE).returncode == 0
    r = run("diff", "2024-H1", EXAMPLE)
    assert r.returncode == 0 and chinese_only(r.stdout)
    out = r.stdout
    assert "【参数】" in out and "id_valid_after → 数值" in out and "2024-06-30" in out and "2090-12-30" in out
    assert "【适用期间】" in out and "【申请和审核日期】" in out and "网上申请开始" in out
    assert "materials.id_card → ok → 说明" in out  # the one rule whose wording changed
    assert "materials.pledge" not in out           # unchanged rules are not listed


def test_diff_of_a_round_with_itself_says_nothing_changed():
    r = run("diff", "2024-H1", ROUNDS_DIR / "2024-H1.yaml")
    assert r.returncode == 0 and "没有差别" in r.stdout


def test_diff_of_an_unknown_round_exits_2():
    r = run("diff", "2024-H1", "1999-H1")
    assert r.returncode == 2 and "没有批次 1999-H1" in r.stderr and chinese_only(r.stderr)


def test_check_reaches_every_outcome_of_the_shipped_round():
    """The sample cases `check` runs must reach every outcome wording, or a missing one would go unnoticed."""
    found, rnd, read = problems(ROUNDS_DIR / "2024-H1.yaml")
    assert found == []
    outcomes = {(rid, key) for rid, spec in rnd.rules.items() for key, v in spec.items() if isinstance(v, dict)}
    assert outcomes - read == set()


def full_copy(tmp_path: Path, round_id: str = "2099-A", **period) -> tuple[Path, dict]:
    """A self-contained copy of 2024-H1 under a new id and a period of its own, to break on purpose."""
    data = yaml.safe_load((ROUNDS_DIR / "2024-H1.yaml").read_text(encoding="utf-8"))
    data["id"] = round_id
    data["period"].update({"after": dt.date(2099, 6, 30), "until": dt.date(2099, 12, 30), **period})
    data["params"]["certificate_date"]["value"] = data["period"]["until"]
    return tmp_path / f"{round_id}.yaml", data


def write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def broken(tmp_path, change) -> subprocess.CompletedProcess:
    path, data = full_copy(tmp_path)
    change(data)
    return run("check", write(path, data))


def test_the_unbroken_copy_passes(tmp_path):
    """The baseline the next test breaks one thing at a time: so each problem found is the one made on purpose."""
    path, data = full_copy(tmp_path)
    r = run("check", write(path, data))
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["rules"]["materials.id_card"].pop("blocker_expired"), "规则 materials.id_card：缺少“blocker_expired”的措辞"),
    (lambda d: d["rules"].pop("materials.pledge"), "规则 materials.pledge：rules 里缺少这一条的措辞"),
    (lambda d: d["rules"]["materials.pledge"]["todo"].update(message=""), "规则 materials.pledge 的 todo：缺少说明 message"),
    (lambda d: d["rules"]["materials.id_card"]["ok"].update(message="有效期{valid_txt}"), "占位符 {valid_txt}"),
    (lambda d: d["rules"]["materials.photo"]["todo"].update(message="照片{没填"), "materials.photo 的 todo.message：大括号不成对"),
    (lambda d: d["rules"]["materials.photo"].update(stage="upload"), "规则 materials.photo：所属阶段 stage 'upload'"),
    (lambda d: d["params"]["id_valid_after"].update(source=""), "参数 id_valid_after 的出处 source：是空的"),
    (lambda d: d["params"].pop("online_exemption_since"), "参数 online_exemption_since：程序要用这个参数"),
    (lambda d: d["params"]["certificate_date"].update(value=dt.date(2099, 6, 30)), "period.until（2099-12-30）与参数 certificate_date"),
    (lambda d: d["period"].update(after=dt.date(2024, 1, 1)), "与已有批次 2024-H1"),
    (lambda d: d["period"].update(after=dt.date(2100, 1, 1)), "适用期间的开始（2100-01-01）应早于结束"),
    (lambda d: d.pop("verified"), "verified：必须填写"),
    (lambda d: d["window"].update(apply_from=dt.date(2099, 10, 20), apply_until=dt.date(2099, 10, 8)), "apply_from（2099-10-20）晚于"),
    (lambda d: d["params"]["certificate_date"].update(value="2099-12-30"), "certificate_date 的数值 2099-12-30：应为日期（如 2024-06-30，不加引号）"),
    (lambda d: d.update(id="2099-B"), "应与文件名 2099-A 一致"),
    (lambda d: d["params"]["online_exemption_since"].update(value="二〇二一年"), "参数 online_exemption_since 的数值 二〇二一年：应为整数"),
    (lambda d: d["params"]["id_valid_after"].update(value="2099年6月30日"), "参数 id_valid_after 的数值 2099年6月30日：应为日期"),
])
def test_check_names_each_problem_in_chinese_and_exits_2(tmp_path, change, expected):
    r = broken(tmp_path, change)
    assert r.returncode == 2 and r.stdout == ""
    assert expected in r.stderr, r.stderr
    assert chinese_only(r.stderr)


def test_check_reports_an_extends_that_does_not_resolve(tmp_path):
    path = tmp_path / "2099-C.yaml"
    path.write_text("extends: 1999-H1\nid: 2099-C\n", encoding="utf-8")
    r = run("check", path)
    assert r.returncode == 2 and "extends: 1999-H1 找不到" in r.stderr and chinese_only(r.stderr)


def test_check_of_a_missing_or_unreadable_file_exits_2(tmp_path):
    assert "找不到批次数据文件" in run("check", tmp_path / "nope.yaml").stderr
    bad = tmp_path / "2099-D.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    r = run("check", bad)
    assert r.returncode == 2 and "不是有效的YAML" in r.stderr and chinese_only(r.stderr)


def test_new_writes_a_draft_listing_every_fact_to_confirm(tmp_path):
    out = tmp_path / "2024-H2.yaml"
    r = run("new", "2024-H2", "--from", "2024-H1", "-o", out)
    assert r.returncode == 0 and "待核对" in r.stdout
    text = out.read_text(encoding="utf-8")
    assert "extends: 2024-H1" in text and "verified: false" in text
    # A fresh draft cannot pass: each fact still to confirm is named.
    c = run("check", out)
    assert c.returncode == 2
    for fact in ("标题 title", "notice.source", "period.source", "参数 id_valid_after", "参数 certificate_date"):
        assert fact in c.stderr
    # Every rule's clause is listed for rereading against the new notice.
    assert "materials.id_card（(三)1）" in text and "round.date_in_round" in text
    # Staff fill the facts (here: the period and the certificate date the new notice gives) → it passes.
    filled = text.replace("待核对", "新通知").replace("value: 2024-06-30", "value: 2024-12-30")
    out.write_text(filled, encoding="utf-8")
    c = run("check", out)
    assert c.returncode == 0, c.stderr
    assert "草稿" in c.stdout  # still a draft until verified against the official notice
    d = run("diff", "2024-H1", out)
    assert "2024-12-30" in d.stdout


@pytest.mark.parametrize("args, expected", [
    (["new", "2024-H2", "--from", "2024-H1", "-o", "{tmp}/other.yaml"], "输出文件名应为 2024-H2.yaml"),
    (["new", "../x", "--from", "2024-H1", "-o", "{tmp}/x.yaml"], "格式不对"),
    (["new", "2024-H2", "--from", "1999-H1", "-o", "{tmp}/2024-H2.yaml"], "没有批次 1999-H1"),
    (["new", "2024-H1", "--from", "2024-H1", "-o", "{tmp}/2024-H1.yaml"], "已经有了"),
    (["new", "2024-H2", "-o", "{tmp}/2024-H2.yaml"], "参数有误"),
    ([], "参数有误"),
])
def test_new_and_usage_errors_exit_2_in_chinese(tmp_path, args, expected):
    r = run(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.returncode == 2 and expected in r.stderr, r.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_never_overwrites(tmp_path):
    out = tmp_path / "2024-H2.yaml"
    out.write_text("我已经填了一半", encoding="utf-8")
    r = run("new", "2024-H2", "--from", "2024-H1", "-o", out)
    assert r.returncode == 2 and "已经存在" in r.stderr
    assert out.read_text(encoding="utf-8") == "我已经填了一半"
