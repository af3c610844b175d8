"""`python -m checks eligibility` starts fast because it imports only what it needs (not timed here: the figures
come from benchmarks/bench_cli.py). Each check runs the real command in a fresh interpreter and lists the modules
it loaded."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "tests" / "scenarios" / "contract_example.json"
# PDF (fpdf2, fontTools, qrcode, pypdfium2), photo stack (OpenCV, yuface, numpy, Pillow, HEIF), spreadsheets
# (openpyxl) and QR reading (zxing-cpp): together about 1 s of a cold start, none needed to judge a case file.
HEAVY = ("fpdf", "fontTools", "qrcode", "pypdfium2", "cv2", "yuface", "numpy", "PIL", "pillow_heif", "openpyxl",
         "zxingcpp", "streamlit")

PROBE = """
import json, runpy, sys
sys.argv = ["checks", *json.loads(sys.argv[1])]
try:
    runpy.run_module("checks", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print("\\nIMPORTS " + json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def loaded(*argv: str) -> tuple[int, list[str], subprocess.CompletedProcess]:
    probe = f"HEAVY = {HEAVY!r}\n" + PROBE
    r = subprocess.run([sys.executable, "-c", probe, json.dumps(argv)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    line = [x for x in r.stderr.splitlines() if x.startswith("IMPORTS ")]
    assert line, r.stderr
    info = json.loads(line[-1][len("IMPORTS "):])
    return info["code"], info["heavy"], r


def test_eligibility_imports_no_pdf_photo_or_spreadsheet_library():
    code, heavy, r = loaded("eligibility", str(CASE))
    assert code in (0, 1), r.stderr          # it really judged the case
    assert r.stdout.strip(), r.stdout
    assert heavy == [], f"`python -m checks eligibility` imported {heavy}"


def test_eligibility_json_imports_nothing_heavy():
    code, heavy, r = loaded("eligibility", str(CASE), "--json")
    assert json.loads(r.stdout)["round"]
    assert heavy == []


def test_checklist_as_text_imports_no_pdf_library():
    # The PDF is only made with -o; the text to paste into a chat needs no fpdf2.
    code, heavy, r = loaded("checklist", str(CASE))
    assert code in (0, 1), r.stderr
    assert r.stdout.strip()
    assert heavy == [], f"`python -m checks checklist` imported {heavy}"


def test_help_lists_every_command_without_importing_them():
    from checks.cli import COMMANDS

    code, heavy, r = loaded("--help")
    assert code == 0
    for name in COMMANDS:
        assert name in r.stdout
    assert heavy == []


@pytest.mark.parametrize("name", ["photo", "pledge", "batch", "checklist", "code"])
def test_each_command_still_gets_its_own_arguments(name):
    code, _, r = loaded(name, "--help")
    assert code == 0, r.stderr
    assert r.stdout.startswith("usage: python -m checks " + name)
