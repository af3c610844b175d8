"""Hostile case codes and case files: limits that hold, Chinese messages, exit status 2, never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from checks import casecode, safejson
from checks.models import CaseFileError, parse_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))


def code_of(payload: bytes) -> str:
    """A code with a valid checksum around any payload, as an attacker would build it."""
    comp = zlib.compressobj(level=9, wbits=-15, zdict=casecode.ZDICT_V1)
    head = "YZ1" + casecode._b32(comp.compress(payload) + comp.flush())
    return head + casecode._check(head)


NESTED = code_of(b"[" * 5_000 + b"]" * 5_000)
BOMB = code_of(b'{"round":"' + b"A" * 2_000_000 + b'"}')
LONG_NUMBER = code_of(json.dumps({**EXAMPLE, "application_date": None}).replace("null", "9" * 5000).encode())


def cli(*args):
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_hostile_codes_are_short_enough_to_paste():
    assert len(NESTED) < 200 and len(BOMB) <= casecode.MAX_CODE_CHARS


def test_deeply_nested_code_is_refused_in_chinese():
    with pytest.raises(casecode.CaseCodeError, match="嵌套超过"):
        casecode.decode(NESTED)


def test_inflate_cap_holds():
    with pytest.raises(casecode.CaseCodeError, match="超过 64 KB"):
        casecode.decode(BOMB)


def test_inflate_stops_at_the_cap_without_producing_the_rest(monkeypatch):
    produced = []
    real = zlib.decompressobj

    class Spy:
        def __init__(self, *a, **k):
            self._d = real(*a, **k)

        def decompress(self, data, max_length=0):
            out = self._d.decompress(data, max_length)
            produced.append(len(out))
            return out

        def flush(self, *a):
            out = self._d.flush(*a)
            produced.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._d, name)

    monkeypatch.setattr(zlib, "decompressobj", Spy)
    with pytest.raises(casecode.CaseCodeError):
        casecode.decode(BOMB)
    assert sum(produced) <= casecode.MAX_INFLATED


def test_long_number_in_a_code_is_refused_in_chinese():
    with pytest.raises(casecode.CaseCodeError, match="超过 40 位的数字"):
        casecode.decode(LONG_NUMBER)


def test_truncated_deflate_stream_is_refused():
    comp = zlib.compressobj(level=9, wbits=-15, zdict=casecode.ZDICT_V1)
    raw = comp.compress(json.dumps(EXAMPLE).encode()) + comp.flush()
    head = "YZ1" + casecode._b32(raw[: len(raw) // 2])
    with pytest.raises(casecode.CaseCodeError, match="无法解开"):
        casecode.decode(head + casecode._check(head))


@pytest.mark.parametrize("code", [NESTED, BOMB, LONG_NUMBER], ids=["nested", "bomb", "long-number"])
def test_cli_refuses_hostile_codes_with_exit_2(code):
    r = cli("code", "--decode", code)
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "案例码" in r.stderr


@pytest.mark.parametrize("text", [
    json.dumps({**EXAMPLE, "application_date": None}).replace("null", "9" * 5000),
    json.dumps({**EXAMPLE, "exemptions": None}).replace("null", "[" * 50_000 + "]" * 50_000),
], ids=["5000-digit-number", "deep-nesting"])
def test_case_file_limits(tmp_path, text):
    with pytest.raises(CaseFileError) as info:
        parse_case(text.encode())
    assert "JSON" in info.value.messages[0] and "案例文件" in info.value.messages[0]
    path = tmp_path / "case.json"
    path.write_text(text)
    r = cli("eligibility", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "案例文件" in r.stderr


def test_safejson_ignores_brackets_and_digits_inside_strings():
    text = json.dumps({"a": "[" * 100 + "9" * 100, "b": [[1, 2], {"c": -1.5e3}]})
    assert safejson.loads(text)["b"][1]["c"] == -1500.0


def test_safejson_names_the_line():
    with pytest.raises(safejson.SafeJSONError) as info:
        safejson.loads('{\n"a": 1,\n"b": ' + "1" * 50 + "}")
    assert info.value.lineno == 3
