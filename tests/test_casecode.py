"""Case codes: what a candidate pastes into a chat or screenshots, and what the help desk gets back."""
from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from checks import casecode
from checks.models import case_from_dict
from checks.rules import evaluate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "scenarios" / "contract_example.json"


def example():
    return case_from_dict(json.loads(EXAMPLE.read_text(encoding="utf-8")))


def test_round_trip_gives_the_redacted_case_and_the_same_findings():
    case = example()
    back = casecode.decode(casecode.pretty(casecode.encode(case)))
    assert back == case.redacted()
    assert evaluate(back).findings == evaluate(case.redacted()).findings


def test_code_holds_no_personal_data():
    case = example()
    code = casecode.encode(case)
    back = casecode.decode(code)
    assert back.candidate.name is None and back.candidate.id_number is None and back.candidate.phone is None
    assert back.candidate.admission_number == "0101********"


def test_code_is_short_enough_to_paste():
    assert len(casecode.encode(example())) < 200


def test_spaces_line_breaks_lower_case_and_lookalikes_are_tolerated():
    code = casecode.pretty(casecode.encode(example()))
    messy = "\n".join(code[i:i + 17] for i in range(0, len(code), 17)).lower().replace("-", " ")
    assert casecode.decode("  " + messy + "  ") == example().redacted()
    body = casecode.encode(example())
    assert "O" in body or "I" in body or "B" in body
    typed = body[:3] + body[3:].replace("O", "0").replace("I", "1").replace("B", "8")
    assert casecode.decode(typed) == example().redacted()


@pytest.mark.parametrize("position", [5, 40, -2])
def test_a_typo_is_rejected_with_a_chinese_message(position):
    code = casecode.encode(example())
    chars = list(code)
    chars[position] = "A" if chars[position] != "A" else "C"
    with pytest.raises(casecode.CaseCodeError, match="校验不通过"):
        casecode.decode("".join(chars))


@pytest.mark.parametrize("text, message", [
    ("", "没有输入"),
    ("hello", "不是本工具的案例码"),
    ("YZ9ABCDEFGH", "版本"),
    ("YZ1ABC", "太短"),
    ("YZ1ABCDEFG!#", "不该出现的字符"),
])
def test_bad_codes_say_what_is_wrong(text, message):
    with pytest.raises(casecode.CaseCodeError, match=message):
        casecode.decode(text)


def test_truncated_code_is_rejected():
    code = casecode.encode(example())
    with pytest.raises(casecode.CaseCodeError):
        casecode.decode(code[:-10])


def screenshot(qr_png: bytes, scale: float = 0.6) -> bytes:
    """The QR pasted small onto a bigger noisy 'chat' screenshot, saved as JPEG."""
    rng = random.Random(4)
    canvas = Image.new("RGB", (1080, 1920), (237, 237, 237))
    draw = ImageDraw.Draw(canvas)
    for _ in range(400):
        x, y = rng.randrange(1080), rng.randrange(1920)
        draw.rectangle([x, y, x + rng.randrange(5, 60), y + rng.randrange(3, 12)],
                       fill=tuple(rng.randrange(120, 230) for _ in range(3)))
    qr = Image.open(io.BytesIO(qr_png)).convert("RGB")
    qr = qr.resize((int(qr.width * scale), int(qr.height * scale)))
    canvas.paste(qr, (300, 700))
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.6))
    buf = io.BytesIO()
    canvas.save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def test_qr_screenshot_round_trips():
    case = example()
    assert casecode.decode_image(screenshot(casecode.qr_png(case))) == case.redacted()


def test_picture_without_qr_says_so():
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 220, 240)).save(buf, format="PNG")
    with pytest.raises(casecode.CaseCodeError, match="没有找到二维码"):
        casecode.decode_image(buf.getvalue())


def test_not_a_picture_says_so():
    with pytest.raises(casecode.CaseCodeError, match="不是能识别的图片"):
        casecode.decode_image(b"%PDF-1.4 not an image")


def test_qr_of_something_else_is_not_taken_for_a_case():
    from checks.pdf import qr_image

    buf = io.BytesIO()
    qr_image("https://example.com").save(buf, format="PNG")
    with pytest.raises(casecode.CaseCodeError, match="不是本工具的案例码"):
        casecode.decode_image(buf.getvalue())


def test_digest_is_the_same_for_the_case_and_its_decoded_code():
    case = example()
    assert casecode.case_digest(casecode.decode(casecode.encode(case))) == casecode.case_digest(case)


def run(*args):
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_prints_code_and_decodes_it(tmp_path):
    r = run("code", str(EXAMPLE))
    assert r.returncode == 0 and r.stdout.startswith("YZ2")
    code = r.stdout.strip()
    r = run("code", "--decode", code, "--json")
    assert r.returncode == 1  # the example has blockers and to-dos, like `eligibility`
    out = json.loads(r.stdout)
    assert any(f["rule"] == "grades.supplement.certificate_pre1995" for f in out["findings"])
    shot = tmp_path / "shot.jpg"
    shot.write_bytes(screenshot(casecode.qr_png(example())))
    r = run("code", "--decode", str(shot))
    assert r.returncode == 1 and "会被退回" in r.stdout


def test_cli_bad_code_exits_2_in_chinese():
    r = run("code", "--decode", "YZ1ABCDE-FGHIJ-KLMNO")
    assert r.returncode == 2 and "案例码" in r.stderr and "Traceback" not in r.stderr


def _widgets_page():
    import json as _json

    import streamlit as st

    from checks.models import case_from_dict as _from
    from ui.casecode import case_code_input, render_case_code

    path = st.session_state["example_path"]
    render_case_code(_from(_json.loads(open(path, encoding="utf-8").read())))
    got = case_code_input()
    if got is not None:
        st.success(f"已读出：{got.round}")


def test_widgets_show_the_code_and_read_it_back():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_widgets_page, default_timeout=30)
    at.session_state["example_path"] = str(EXAMPLE)
    at.run()
    assert not at.exception
    code = next(t.value for t in at.text if t.value.startswith("YZ2"))  # the copyable box
    assert at.get("download_button")
    # The text area sits in a form with a Chinese submit button (no "Press Ctrl+Enter to apply").
    at.text_area[0].set_value(code.lower().replace("-", "\n"))
    at.button[0].click().run()
    assert [s.value for s in at.success] == ["已读出：2024-H1"]
    at.text_area[0].set_value(code[:-3] + "AAA")
    at.button[0].click().run()
    assert any("校验不通过" in e.value for e in at.error)


# --- version 2: the answers packed as bits (issue 23) -------------------------------------------------------
V1_EXAMPLES = json.loads((ROOT / "tests" / "data" / "casecode_v1_examples.json").read_text(encoding="utf-8"))
STAMP = "2024-H1.1 (2026-11-28)"  # the result page stamps the rule-data version before making the code


@pytest.mark.parametrize("stored", V1_EXAMPLES, ids=lambda s: s["code"][:9])
def test_codes_made_by_the_previous_version_still_decode(stored):
    # Made with version 1 of the encoder before it was replaced; kept verbatim.
    assert stored["code"].startswith("YZ1")
    assert casecode.decode(stored["code"]) == case_from_dict(stored["case"])


V2_EXAMPLES = json.loads((ROOT / "tests" / "data" / "casecode_v2_examples.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stored", V2_EXAMPLES, ids=lambda s: s["code"][:9])
def test_version_2_codes_already_sent_keep_decoding(stored):
    # Made when version 2 was introduced: a change to FIELDS other than a line at its end, to the dictionary or
    # to how a kind of answer is packed breaks these, and would break every code candidates have sent.
    assert stored["code"].startswith("YZ2")
    assert casecode.decode(stored["code"]) == case_from_dict(stored["case"])


def test_a_typical_code_fits_in_120_characters():
    from tests.casegen import random_case

    stamped = example().model_copy(update={"data_version": STAMP})
    assert len(casecode.encode(stamped)) <= 120
    lengths = sorted(len(casecode.encode(random_case(s).model_copy(update={"data_version": STAMP})))
                     for s in range(101))
    assert lengths[50] <= 120  # the median generated case


def test_generated_cases_round_trip_exactly():
    from tests.casegen import random_case

    for seed in range(200):
        case = random_case(seed).model_copy(update={"data_version": STAMP})
        assert casecode.decode(casecode.encode(case)) == case.redacted(), seed


def test_any_text_round_trips():
    # Rare characters (outside GBK, beyond the BMP), emoji, digits that look like numbers, and long text.
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for text in ("𠈌𪚥龘", "Ⅻ①😀 x", "0012", "0" * 20, "00015*", "课" * 300, 'a"b\\c'):
        data["candidate"]["major_name"] = text
        data["exemptions"][0]["course_code"] = text
        case = case_from_dict(data)
        assert casecode.decode(casecode.encode(case)) == case.redacted(), text


def test_every_field_of_the_case_model_has_a_line_in_the_field_list():
    """A new case field costs one line at the end of casepack.FIELDS; without it the field still travels, in the
    slower JSON fallback, and this test names it."""
    from checks import casepack
    from checks.models import Case

    def paths(model, prefix=""):
        for name, info in model.model_fields.items():
            path = f"{prefix}{name}"
            yield path
            kind = casepack._kind(info.annotation)
            if kind[0] in ("model", "list"):
                yield from paths(kind[1], path + ".")

    missing = [p for p in paths(Case) if p != "schema_version" and p not in casepack.FIELDS]
    assert not missing, f"add these lines at the end of checks/casepack.py FIELDS: {missing}"


def test_a_field_the_list_does_not_know_travels_in_the_fallback(monkeypatch):
    from checks import casepack

    case = example().model_copy(update={"data_version": STAMP})
    monkeypatch.setattr(casepack, "FIELDS", tuple(f for f in casepack.FIELDS
                                                  if f not in ("candidate.major_name", "exemptions.year")))
    # As if both fields were new in the model and nobody had added their lines yet.
    assert casecode.decode(casecode.encode(case)) == case.redacted()


def test_a_code_from_an_older_field_list_still_decodes(monkeypatch):
    """Codes made before a line was appended: the decoder reads only the entries the code says it knew."""
    from checks import casepack

    case = example().model_copy(update={"data_version": STAMP})
    monkeypatch.setattr(casepack, "FIELDS", casepack.FIELDS[:-2])  # "materials.*" came later
    code = casecode.encode(case)
    monkeypatch.undo()
    assert casecode.decode(code) == case.redacted()


def test_a_code_from_a_newer_tool_says_so(monkeypatch):
    from checks import casepack

    code = casecode.encode(example())
    monkeypatch.setattr(casepack, "FIELDS", casepack.FIELDS[:-3])
    with pytest.raises(casecode.CaseCodeError, match="更新版本"):
        casecode.decode(code)


@pytest.mark.parametrize("seed", range(40))
def test_random_bodies_with_a_valid_checksum_give_a_chinese_message(seed):
    rng = random.Random(seed)
    body = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(rng.randint(1, 200)))
    head = "YZ2" + body
    try:
        casecode.decode(head + casecode._check(head))
    except casecode.CaseCodeError as exc:
        assert "案例码" in str(exc)


def test_the_packing_of_every_listed_field_is_unchanged():
    """How each listed field is packed follows its type in the case model. Codes already sent were packed with
    the kinds below: changing a field's type (bool → three answers, a choice removed or reordered) would make
    them decode wrongly. (Required or optional does not matter: every field has its "present" bit.) Appending a choice at the end of a Literal is fine (update the snapshot); anything else
    needs a new field name, or a new code version (docs/case-code.md)."""
    from checks import casepack
    from checks.models import Case

    stored = json.loads((ROOT / "tests" / "data" / "casepack_kinds_v2.json").read_text(encoding="utf-8"))
    now = {}

    def walk(model, prefix):
        for path, _, info in casepack._children(model, prefix, casepack.FIELDS):
            kind = casepack._kind(info.annotation)
            now[path] = [kind[0], *([list(kind[1])] if kind[0] in ("enum", "date|enum") else [])]
            if kind[0] in ("model", "list"):
                walk(kind[1], path)

    walk(Case, "")
    for path, kind in stored.items():
        assert path in now, f"{path}: a listed field left the case model; old codes still carry it"
        if kind[0] in ("enum", "date|enum") and now[path][0] == kind[0]:
            assert now[path][1][:len(kind[1])] == kind[1], f"{path}: choices may only be appended at the end"
        else:
            assert now[path] == kind, f"{path}: packed as {kind} in codes already sent, now {now[path]}"


def test_a_line_appended_for_a_field_of_an_inner_section_keeps_older_codes_readable(monkeypatch):
    """As when #19-style fields are added to `prior_education`: before the line existed the field travelled in
    the fallback; after, it is packed in its section, and codes from before still decode."""
    from checks import casepack

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["prior_education"]["identity_changed"] = True
    case = case_from_dict(data)
    before = tuple(f for f in casepack.FIELDS if f != "prior_education.identity_changed")
    monkeypatch.setattr(casepack, "FIELDS", before)
    old_code = casecode.encode(case)
    monkeypatch.setattr(casepack, "FIELDS", before + ("prior_education.identity_changed",))
    new_code = casecode.encode(case)
    assert len(new_code) < len(old_code)  # packed, no longer JSON
    assert casecode.decode(old_code) == casecode.decode(new_code) == case.redacted()
