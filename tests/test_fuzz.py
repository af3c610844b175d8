"""Malformed input at scale: whatever a visitor uploads or types, the core answers in Chinese and never crashes.

Property-based (hypothesis). Example counts are tuned to keep the whole file to about a minute; raise
FUZZ_SCALE (e.g. FUZZ_SCALE=10) for a longer hunt.
"""
from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.models import Case, CaseFileError, parse_case

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
CJK = re.compile(r"[\u4e00-\u9fff]")
# Library or Python wording leaking through to a candidate means a message was not translated.
ENGLISH_LEAKS = ("Input should", "validation error", "Traceback", "Field required", "Extra inputs", "object has no")


def fuzz_settings(n: int):
    return settings(max_examples=max(10, int(n * SCALE)), deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_chinese(messages: list[str]) -> None:
    assert messages, "an error must come with at least one message"
    for msg in messages:
        assert isinstance(msg, str) and CJK.search(msg), f"message is not Chinese: {msg!r}"
        for leak in ENGLISH_LEAKS:
            assert leak not in msg, f"untranslated library text in {msg!r}"


# --- case file (checks.models.parse_case) -------------------------------------------------------------------

VALID_CASE = {
    "schema_version": 1,
    "round": "2024-H1",
    "application_date": "2024-06-05",
    "candidate": {
        "name": "张三", "id_number": "11010519491231002X", "id_valid_until": "2030-01-01",
        "admission_number": "010120100001", "phone": "13800000000", "candidate_type": "social",
        "level": "bachelor", "major_code": "B050101", "major_name": "汉语言文学", "chief_school": "云南大学",
    },
    "grades": {"all_courses_passed": True, "missing_on_platform": [
        {"source": "certificate_13char"}, {"source": "certificate", "year": 1993},
        {"source": "transfer_letter", "year": 2012}, {"source": "practice_notice"}]},
    "prior_education": {"has_diploma": True, "graduation_date": "2015-07-01", "chsi_authorization": "not_done",
                        "identity_changed": False},
    "exemptions": [{"course_code": "00015", "course_name": "英语(二)", "method": "offline", "year": 2019,
                    "has_form": False}],
    "practice": {"required": True, "notice": "none"},
    "materials": {"pledge_signed": False, "photo_passed": False},
}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20) | \
    st.sampled_from(["长期", "2024-02-30", "1993", "", " ", "x", "social", "bachelor", "none", "0" * 18])
json_values = st.recursive(json_scalars, lambda kids: st.lists(kids, max_size=4)
                           | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=12)


def check_parse(data) -> None:
    try:
        case = parse_case(data)
    except CaseFileError as exc:
        assert_chinese(exc.messages)
    else:
        assert isinstance(case, Case)


def test_valid_case_parses():
    # The mutation tests below start from this: it must itself be accepted, or they test nothing.
    case = parse_case(json.dumps(VALID_CASE, ensure_ascii=False))
    assert case.candidate.name == "张三"


@fuzz_settings(800)
@given(st.binary(max_size=400))
def test_case_random_bytes(data):
    check_parse(data)


@fuzz_settings(800)
@given(json_values)
def test_case_random_json(value):
    check_parse(json.dumps(value, ensure_ascii=False))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


ALL_PATHS = [p for p in _paths(VALID_CASE) if p]


@st.composite
def mutated_cases(draw):
    case = copy.deepcopy(VALID_CASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = case
        try:
            for key in path[:-1]:
                parent = parent[key]
            last = path[-1]
            action = draw(st.sampled_from(["replace", "delete", "add_key"]))
            if action == "replace":
                parent[last] = draw(json_values)
            elif action == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[draw(st.text(max_size=10))] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return case


@fuzz_settings(1500)
@given(mutated_cases())
def test_case_mutated(case):
    check_parse(json.dumps(case, ensure_ascii=False))


@fuzz_settings(400)
@given(st.binary(min_size=1, max_size=60), st.integers(0, 2000))
def test_case_corrupted_bytes(noise, at):
    text = json.dumps(VALID_CASE, ensure_ascii=False).encode()
    at = at % len(text)
    check_parse(text[:at] + noise + text[at + len(noise):])


@pytest.mark.parametrize("data", [
    b"", b"\xef\xbb\xbf", b"[" * 100_000, b"{" * 50_000, b'{"a":' * 20_000, b"\x00" * 1000,
    "{}".encode("utf-16"), b"1" * (300 * 1024), json.dumps({"candidate": "x" * 200_000}).encode(),
])
def test_case_pathological(data):
    check_parse(data)


# --- roster (checks.roster.read_roster) ---------------------------------------------------------------------

roster = pytest.importorskip("checks.roster")
import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402

ROUND, APPLY = "2024-H1", dt.date(2024, 6, 5)
cell_text = st.text(max_size=25) | st.sampled_from([
    "是", "否", "Y", "√", "长期", "2024/6/5", "2024年2月30日", "1.10105194912E+17", "11010519491231002X",
    "010120100001", "社会考生", "本科", "专科", "证书1993/高等数学(一);证明信2012", "证书", "00015英语(二)/线下/2019/无登记表",
    "00015/线上", "学院公章", "=1+1", '"', "", " ", "示例：张三"])


def check_roster(data: bytes) -> None:
    try:
        result = roster.read_roster(data, ROUND, APPLY)
    except roster.RosterError as exc:
        assert_chinese(exc.messages)
        return
    for student in result.students:
        assert (student.case is None) == bool(student.errors), f"row {student.row}: a case with errors, or neither"
        assert_chinese([str(e) for e in student.errors] or ["无"])


@fuzz_settings(600)
@given(st.binary(max_size=600))
def test_roster_random_bytes(data):
    check_roster(data)


@fuzz_settings(600)
@given(st.lists(st.sampled_from([c.title for c in roster.COLUMNS]) | st.text(max_size=8), min_size=1, max_size=24,
                unique=True).flatmap(lambda header: st.tuples(
                    st.just(header), st.lists(st.lists(cell_text, min_size=0, max_size=len(header) + 2), max_size=6))),
       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_roster_random_csv(table, encoding):
    header, rows = table
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return  # text the encoding cannot hold: a tutor's Excel could not have saved it either
    check_roster(data)


@fuzz_settings(300)
@given(st.binary(min_size=1, max_size=40), st.integers(0, 10**6), st.booleans())
def test_roster_corrupted_template(noise, at, xlsx):
    base = roster.template_xlsx() if xlsx else roster.template_csv()
    at = at % len(base)
    check_roster(base[:at] + noise + base[at + len(noise):])


# --- photo decoder and checker (checks.photo) ---------------------------------------------------------------

photo = pytest.importorskip("checks.photo")


def photo_round_spec():
    from checks.rounds import default_round_id, load_round

    return load_round(default_round_id()).photo


PHOTO_SPEC = photo_round_spec()  # the checks take the round's standard from the caller


def _small_portrait(fmt: str) -> bytes:
    """A small real portrait (cheap to decode, face found): the base that mutations start from."""
    from PIL import Image

    from tests import photo_fixtures

    img = photo_fixtures.composite(size=(240, 320))
    buf = io.BytesIO()
    img.save(buf, fmt, **({"quality": 80} if fmt == "JPEG" else {}))
    return buf.getvalue()


JPEG_BASE = _small_portrait("JPEG")
PNG_BASE = _small_portrait("PNG")


def check_photo_bytes(data: bytes, name: str = "照片.jpg") -> None:
    analysis = photo.analyze(data, name, PHOTO_SPEC)  # must not raise, whatever the bytes
    report = analysis.report
    assert report.checks, "a report must list its checks"
    assert_chinese([c.message for c in report.checks])
    readable = report.get("file.readable")
    if readable.status == "fail":
        assert not report.passed
    if analysis.decoded is not None and not report.passed:
        fix = photo.fix_photo(data, name, analysis)
        if not fix.ok:
            assert_chinese([fix.reason])


def test_photo_bases_are_portraits():
    # The mutations below are only meaningful if the unmutated bases decode and show a face.
    for data in (JPEG_BASE, PNG_BASE):
        report = photo.analyze(data, "a.jpg", PHOTO_SPEC).report
        assert report.get("file.readable").status == "pass"
        assert report.get("face.count").status == "pass"


@fuzz_settings(400)
@given(st.binary(max_size=2000), st.sampled_from(["a.jpg", "b.png", "c.heic", "d", "照片.JPEG", ".jpg"]))
def test_photo_random_bytes(data, name):
    check_photo_bytes(data, name)


@fuzz_settings(150)
@given(st.sampled_from(["jpeg", "png"]), st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=1, max_size=16)),
                                                   min_size=1, max_size=6), st.integers(0, 10**6) | st.none())
def test_photo_mutated(kind, patches, cut):
    data = bytearray(JPEG_BASE if kind == "jpeg" else PNG_BASE)
    for at, noise in patches:
        at %= len(data)
        data[at:at + len(noise)] = noise
    if cut is not None:
        del data[cut % len(data):]  # a truncated upload (phone network dropped)
    check_photo_bytes(bytes(data), "x." + ("jpg" if kind == "jpeg" else "png"))


@pytest.mark.parametrize("data", [
    b"", b"\xff\xd8\xff", b"\xff\xd8\xff\xe0" + b"\x00" * 100, b"\x89PNG\r\n\x1a\n", b"GIF89a" + b"\x00" * 20,
    b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40, b"%PDF-1.4\n",
    b"PK\x03\x04" + b"\x00" * 30,
])
def test_photo_pathological(data):
    check_photo_bytes(data)


def test_photo_decompression_bomb():
    """A tiny PNG that claims 30000×30000 pixels: refused with a message, not decoded into gigabytes."""
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    w = h = 30000
    raw = zlib.compress(b"\x00" * (w * 3 + 1) * 64)  # only the first rows: the header is the lie that matters
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    report = photo.analyze(png, "bomb.png", PHOTO_SPEC).report
    assert report.get("file.readable").status == "fail"
    assert_chinese([report.get("file.readable").message])


# --- case code (checks.casecode) ----------------------------------------------------------------------------

casecode = pytest.importorskip("checks.casecode")
VALID_CODE = casecode.pretty(casecode.encode(parse_case(json.dumps(VALID_CASE, ensure_ascii=False)).redacted()))


def check_code(text: str) -> None:
    try:
        case = casecode.decode(text)
    except casecode.CaseCodeError as exc:
        assert_chinese([str(exc)])
    else:
        assert isinstance(case, Case)


def test_valid_code_decodes():
    assert casecode.decode(VALID_CODE).candidate.level == "bachelor"


@fuzz_settings(600)
@given(st.text(max_size=120) | st.text(alphabet="YZ1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567-01 ", max_size=300))
def test_code_random_text(text):
    check_code(text)


@fuzz_settings(800)
@given(st.lists(st.tuples(st.sampled_from(["replace", "delete", "insert", "swap"]), st.integers(0, 10**6),
                          st.characters(codec="utf-8")), min_size=1, max_size=4))
def test_code_mutated(edits):
    chars = list(VALID_CODE)
    for op, at, ch in edits:
        at %= len(chars)
        if op == "replace":
            chars[at] = ch
        elif op == "delete":
            del chars[at]
        elif op == "insert":
            chars.insert(at, ch)
        elif at + 1 < len(chars):
            chars[at], chars[at + 1] = chars[at + 1], chars[at]
        if not chars:
            chars = [" "]
    check_code("".join(chars))


@fuzz_settings(100)
@given(st.binary(max_size=1500))
def test_code_image_random_bytes(data):
    try:
        casecode.decode_image(data)
    except casecode.CaseCodeError as exc:
        assert_chinese([str(exc)])


BOMB_SCRIPT = r"""
import resource, struct, sys, zlib
# 2 GB of address space: plenty for a QR screenshot, far too little for a 400-megapixel decode.
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
w = h = 20000
z = zlib.compressobj(9)
row = b"\x00" + b"\xff" * w
raw = b"".join(z.compress(row) for _ in range(h)) + z.flush()  # ~0.4 MB on the wire, 400 MB decoded
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
       + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
from checks import casecode
try:
    casecode.decode_image(png)
except casecode.CaseCodeError as exc:
    print("REFUSED", exc)
"""


def test_code_image_decompression_bomb():
    """A small PNG claiming 20000×20000 pixels (uploaded on the help desk) is refused before it is decoded."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", BOMB_SCRIPT], cwd=str(Path(__file__).resolve().parents[1]),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "REFUSED" in done.stdout, (done.stdout + done.stderr)[-1500:]
    assert_chinese([done.stdout.split("REFUSED", 1)[1].strip()])


# --- safe JSON (checks.safejson.loads) ------------------------------------------------------------------------

@fuzz_settings(300)
@given(json_values)
def test_safejson_reads_what_json_reads(value):
    import json as _json

    from checks import safejson

    text = _json.dumps(value, ensure_ascii=False, allow_nan=True)
    skeleton = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
    if re.search(r"[-+0-9.eE]{%d,}" % (safejson.MAX_NUMBER_CHARS + 1), skeleton):
        with pytest.raises(safejson.SafeJSONError):  # a number longer than any a case holds
            safejson.loads(text)
    else:
        assert repr(safejson.loads(text)) == repr(_json.loads(text))  # repr: NaN != NaN


@fuzz_settings(300)
@given(st.text(alphabet='[]{}",:0123456789-+.eE \\ntruefalsn', max_size=200))
def test_safejson_fails_only_as_json_does(text):
    import json as _json

    from checks import safejson

    try:
        safejson.loads(text)
    except _json.JSONDecodeError as exc:  # SafeJSONError is one
        assert isinstance(exc.msg, str)
    except RecursionError:  # pragma: no cover - the depth check exists to prevent this
        raise AssertionError("nesting reached the parser")
