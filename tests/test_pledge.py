"""The pledge form as a candidate prints it: embedded font, every detail on the page, a QR without the ID."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import cv2
import pytest

from checks.casecode import case_digest
from checks.models import case_from_dict
from checks.pdf import missing_glyphs
from checks.pledge import PledgeError, build_pledge, field_values

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"
needs_poppler = pytest.mark.skipif(not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm")),
                                   reason="poppler-utils not installed")


def example(**candidate) -> dict:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["candidate"].update(candidate)
    return data


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "p.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def qr_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "q.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "page")], check=True)
    img = cv2.imread(str(next(tmp_path.glob("page*.png"))))
    ok, texts, _, _ = cv2.QRCodeDetector().detectAndDecodeMulti(img)
    return [t for t in texts if t] if ok else []


@needs_poppler
def test_font_is_embedded(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(build_pledge(case_from_dict(example())).pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows, fonts
    assert all("yes" == row[-5] for row in rows), fonts  # the "emb" column


@needs_poppler
def test_every_filled_field_is_printed(tmp_path):
    case = case_from_dict(example())
    text = pdf_text(build_pledge(case).pdf, tmp_path)
    squashed = "".join(text.split())
    for value in ("张三", "女", "1949年12月31日", "11010519491231002X", "010120100001", "本科",
                  "汉语言文学", "B050101", "云南大学", "13800000000", "社会考生"):
        assert value in squashed, value
    assert "云南省高等教育自学考试毕业办证申请暨思想品德合格承诺书" in squashed
    assert "思想品德合格" in squashed and "签名" in squashed
    assert "不是官方附件2原文" in squashed  # marked as not the official wording


@needs_poppler
def test_qr_carries_round_admission_and_digest_but_never_the_id(tmp_path):
    case = case_from_dict(example())
    pledge = build_pledge(case)
    texts = qr_texts(pledge.pdf, tmp_path)
    assert texts == [f"YZPLEDGE1|2024-H1|010120100001|{case_digest(case)}"]
    assert "11010519491231002X" not in texts[0] and "13800000000" not in texts[0] and "张三" not in texts[0]


def test_sex_and_birth_date_come_from_a_15_digit_id():
    values = field_values(case_from_dict(example(id_number="110105491231002")))
    assert (values["sex"], values["birth_date"]) == ("女", "1949年12月31日")
    assert values["id_number"] == "11010519491231002X"  # printed upgraded to 18 digits


@needs_poppler
def test_name_with_a_character_the_font_lacks_is_reported_and_left_blank(tmp_path):
    assert missing_glyphs("王𠈌") == ["𠈌"]
    pledge = build_pledge(case_from_dict(example(name="王𠈌")))
    assert pledge.unprintable == {"姓名": ["𠈌"]}
    assert any("𠈌" in w and "手写" in w for w in pledge.warnings)
    text = pdf_text(pledge.pdf, tmp_path)
    assert "王" not in text.split("性别")[0].split("姓名")[-1]  # the name cell is blank, not half a name


def test_missing_name_or_id_is_a_chinese_error_naming_the_field():
    with pytest.raises(PledgeError) as err:
        build_pledge(case_from_dict(example(name=None, id_number=None)))
    assert any(m.startswith("姓名") for m in err.value.messages)
    assert any(m.startswith("身份证号") for m in err.value.messages)


@needs_poppler
def test_unknown_details_are_left_blank_not_invented(tmp_path):
    pledge = build_pledge(case_from_dict(example(phone=None, admission_number=None)))
    assert pledge.payload.split("|")[2] == "-"
    text = pdf_text(pledge.pdf, tmp_path)
    assert "13800000000" not in text and "010120100001" not in text
    assert "联系电话" in text and "准考证号" in text  # the labelled cells stay, blank for handwriting


def run(*args):
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_writes_the_pdf_and_exits_0(tmp_path):
    out = tmp_path / "out.pdf"
    r = run("pledge", str(EXAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_cli_exits_2_with_chinese_message_on_missing_name(tmp_path):
    case = tmp_path / "c.json"
    case.write_text(json.dumps(example(name=None), ensure_ascii=False), encoding="utf-8")
    r = run("pledge", str(case), "-o", str(tmp_path / "o.pdf"))
    assert r.returncode == 2
    assert "姓名" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o.pdf").exists()


def test_cli_exits_2_on_invalid_case(tmp_path):
    case = tmp_path / "c.json"
    case.write_text("{not json", encoding="utf-8")
    r = run("pledge", str(case), "-o", str(tmp_path / "o.pdf"))
    assert r.returncode == 2 and "JSON" in r.stderr
