"""`python -m checks photo …` through a real subprocess: exit codes, JSON shape, --fix output."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import photo_fixtures as pf
from checks.photo import CODES
from photo_fixtures import check_photo

ROOT = Path(__file__).resolve().parents[1]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "checks", "photo", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("photos")
    ok = d / "ok.jpg"
    ok.write_bytes(pf.compliant_bytes())
    big = d / "phone.jpg"
    big.write_bytes(pf.jpeg(pf.phone_photo(3.0), 90))
    return d, ok, big


def test_pass_exit_0_and_json(files):
    _, ok, _ = files
    r = cli(ok, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["file"] == "ok.jpg" and doc["passed"] is True
    assert [c["code"] for c in doc["checks"]] == list(CODES)
    assert all(set(c) >= {"code", "status", "measured", "expected", "message"} for c in doc["checks"])


def test_fail_exit_1_text_leads_with_the_answer(files):
    r = cli(pf.PHOTOS / "obama.jpg")
    assert r.returncode == 1
    assert r.stdout.startswith("obama.jpg：需要重拍：背景不是浅蓝色"), r.stdout[:80]
    assert "不合格" in r.stdout and "480×640" in r.stdout
    assert "请自己确认" in r.stdout and "近一年内拍摄" in r.stdout
    _, ok, big = files
    r = cli(big)
    assert r.returncode == 1 and r.stdout.startswith("phone.jpg：可以一键修正"), r.stdout[:80]
    r = cli(ok)
    assert r.returncode == 0 and r.stdout.startswith("ok.jpg：可以直接用（符合本工具能检查的各项"), r.stdout[:80]


def test_fix_writes_passing_file(files, tmp_path):
    _, _, big = files
    out = tmp_path / "fixed.jpg"
    r = cli(big, "--fix", out)
    assert r.returncode == 1  # the original still fails; the fixed file is written
    assert out.is_file() and check_photo(out.read_bytes(), "fixed.jpg").passed
    assert "已写出修正后的照片" in r.stdout


def test_no_safe_fix_exit_1_and_nothing_written(tmp_path):
    out = tmp_path / "x.jpg"
    r = cli(pf.PHOTOS / "two_people.jpg", "--fix", out, "--json")
    assert r.returncode == 1 and not out.exists()
    assert json.loads(r.stdout)["fix"]["passed"] is False


def test_several_files_json_list_and_fix_directory(files, tmp_path):
    _, ok, big = files
    r = cli(ok, big, "--json", "--fix", tmp_path / "out")
    assert r.returncode == 1
    docs = json.loads(r.stdout)
    assert [d["file"] for d in docs] == ["ok.jpg", "phone.jpg"]
    assert (tmp_path / "out" / "phone_480x640.jpg").is_file()


def test_usage_errors_exit_2_in_chinese(files):
    r = cli("missing.jpg")
    assert r.returncode == 2 and "找不到文件" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "checks", "photo"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "参数有误" in r.stderr


def test_broken_file_is_a_failed_check_not_a_crash(tmp_path):
    p = tmp_path / "broken.jpg"
    p.write_bytes(b"\xff\xd8\xff\xe0 not really")
    r = cli(p, "--json")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    doc = json.loads(r.stdout)
    assert doc["checks"][0]["code"] == "file.readable" and doc["checks"][0]["status"] == "fail"
