"""Case code: the redacted case as a short text (and QR) a candidate pastes into a chat with the help desk.

"YZ" + version + BODY + CHECK, shown in groups of five joined by "-" (docs/case-code.md).
- Version 2 (written now): BODY is RFC 4648 base32 (A–Z, 2–7, no padding) of the answers of
  `Case.redacted()` (no name, ID number or phone) packed as bits by `checks.casepack`.
- Version 1 (still read): BODY is base32 of raw-deflate (zlib, wbits=-15, level 9, preset dictionary ZDICT_V1)
  of the minified UTF-8 JSON of the redacted case.
- CHECK: the first 4 base32 characters of SHA-256("YZ" + version + BODY): a typo is caught with ~1 - 2^-20
  certainty.
Base32 is case-free and avoids 0/1/8/9, so decoding ignores case, spaces, line breaks and "-", and reads the
look-alikes 0→O, 1→I, 8→B. Changing the packing, the dictionaries or the checksum needs a new version digit.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import unicodedata
import zlib

from checks import casepack, safejson
from checks.models import Case, CaseFileError, case_from_dict

PREFIX = "YZ"
VERSION = "2"  # what encode() writes
VERSIONS = ("1", "2")  # what decode() reads
CHECK_LEN = 4
GROUP = 5
MAX_CODE_CHARS = 4000  # a real case is a few hundred characters; refuse pasted novels early
ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})

# Preset dictionary: the keys and common values of a case file. Frozen for version 1: never edit it.
ZDICT_V1 = (
    '"exemptions":[{"course_code":"000","course_name":"","method":"offline","year":20,"has_form":false}],'
    '"practice":{"required":true,"notice":"college_seal"},"other_seal","none"'
    '"prior_education":{"has_diploma":true,"graduation_date":"20","chsi_authorization":"not_done",'
    '"passed","failed","identity_changed":false},'
    '"grades":{"all_courses_passed":true,"missing_on_platform":[{"source":"certificate_13char"},'
    '{"source":"certificate","year":19},{"source":"transfer_letter","year":20},{"source":"practice_notice"}]},'
    '"materials":{"pledge_signed":false,"photo_passed":false},true'
    '{"schema_version":1,"round":"2024-H1","application_date":"2024-06-05",'
    '"candidate":{"id_valid_until":"长期","admission_number":"0101********","candidate_type":"social",'
    '"credit_transfer","level":"bachelor","associate","major_code":"B050101","major_name":"汉语言文学",'
    '"chief_school":"云南大学"},'
).encode("utf-8")


class CaseCodeError(ValueError):
    """A code or picture that does not yield a case; the message is Chinese and says what to do."""


def _ascii_admission(data: dict) -> dict:
    """Admission numbers typed in full-width digits (a Chinese input method's default) become ASCII digits:
    the masked form the decoder validates (`[0-9*]{12}`) only knows ASCII. Done on both sides, so that codes
    made before this fix decode too."""
    candidate = data.get("candidate")
    if isinstance(candidate, dict) and isinstance(candidate.get("admission_number"), str):
        candidate["admission_number"] = unicodedata.normalize("NFKC", candidate["admission_number"])
    return data


def _redacted_dict(case: Case) -> dict:
    return _ascii_admission(case.redacted().model_dump(mode="json", exclude_none=True))


def _canonical(case: Case) -> bytes:
    return json.dumps(_redacted_dict(case), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _check(head_and_body: str) -> str:
    return _b32(hashlib.sha256(head_and_body.encode("ascii")).digest()[:5])[:CHECK_LEN]


def case_digest(case: Case) -> str:
    """8 characters identifying the redacted case: printed in the pledge QR so the help desk can match the
    pledge to a case code. Computed without name, ID or phone, so it cannot be used to recover them."""
    return _b32(hashlib.sha256(_canonical(case)).digest()[:5])


def encode(case: Case) -> str:
    """The compact code (no separators): what goes into the QR."""
    body = _b32(casepack.pack(_redacted_dict(case), Case))
    head = PREFIX + VERSION + body
    return head + _check(head)


def pretty(code: str) -> str:
    """The code in groups of five joined by "-", easy to read aloud and to compare by eye."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalize(text: str) -> str:
    return re.sub(r"[\s\-_—–·.,，。]+", "", text or "").upper()


MAX_INFLATED = 64 * 1024  # a real case inflates to under 2 KB


def _inflate(raw: bytes) -> bytes:
    """Raw deflate with a cap that holds. `decompress(raw, n)` stops after n bytes but keeps the rest of the
    input in `unconsumed_tail`, and `flush()` would inflate all of it without a limit (3 KB → 2 MB): so any
    tail left means the content is too big, and a stream that did not reach its end is truncated."""
    dec = zlib.decompressobj(wbits=-15, zdict=ZDICT_V1)
    data = dec.decompress(raw, MAX_INFLATED)
    if dec.unconsumed_tail or len(data) >= MAX_INFLATED:
        raise CaseCodeError(f"案例码解开后超过 {MAX_INFLATED // 1024} KB，不是本工具生成的案例码：请让考生用本工具重新生成并发送")
    if not dec.eof:
        raise ValueError("truncated deflate stream")
    return data


def decode(text: str) -> Case:
    """Text code → Case. Raise CaseCodeError with a Chinese message for anything else."""
    code = normalize(text)
    if not code:
        raise CaseCodeError("没有输入案例码：请粘贴考生发来的以 YZ 开头的案例码")
    if len(code) > MAX_CODE_CHARS:
        raise CaseCodeError("输入的内容太长，不像案例码：请只粘贴以 YZ 开头的那一段")
    if not code.startswith(PREFIX) or len(code) < 3:
        raise CaseCodeError("这不是本工具的案例码：案例码以 YZ 开头，例如 YZ2AB-CDEFG-…")
    version = code[len(PREFIX)]
    if version not in VERSIONS:
        raise CaseCodeError(f"案例码版本“{version}”本工具不认识（只支持版本 {'、'.join(VERSIONS)}）：请考生用最新版本的工具重新生成")
    rest = code[len(PREFIX) + 1:].translate(LOOKALIKES)
    bad = sorted({c for c in rest if c not in ALPHABET})
    if bad:
        raise CaseCodeError(f"案例码里有不该出现的字符：{' '.join(bad)}。请直接复制粘贴，不要手工改动")
    if len(rest) <= CHECK_LEN:
        raise CaseCodeError("案例码太短，可能没有复制完整：请复制从 YZ 开始到结尾的全部字符")
    body, check = rest[:-CHECK_LEN], rest[-CHECK_LEN:]
    if _check(PREFIX + version + body) != check:
        raise CaseCodeError("案例码校验不通过：可能少复制了一段或有字符抄错。请让考生重新复制发送，或发二维码截图")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
        if version == "1":
            parsed = safejson.loads(_inflate(raw).decode("utf-8"))
        else:
            parsed = casepack.unpack(raw, Case, loads=safejson.loads)
    except casepack.TooNew:
        raise CaseCodeError("这个案例码来自更新版本的工具，本工具读不全：请用最新版本的工具打开") from None
    except CaseCodeError:
        raise
    except safejson.SafeJSONError as exc:
        raise CaseCodeError(f"案例码内容有误：{exc.msg}。请让考生用本工具重新生成并发送") from None
    except (ValueError, zlib.error, UnicodeDecodeError, OverflowError, IndexError):
        raise CaseCodeError("案例码内容无法解开：请让考生重新生成并发送") from None
    try:
        return case_from_dict(_ascii_admission(parsed) if isinstance(parsed, dict) else parsed)
    except CaseFileError as exc:
        raise CaseCodeError("案例码里的内容有误：" + "；".join(exc.messages)) from None


# --- QR pictures -------------------------------------------------------------------------------------------
def qr_png(case: Case, box_size: int = 8) -> bytes:
    import io

    from checks.pdf import qr_image

    buf = io.BytesIO()
    qr_image(encode(case), box_size=box_size).save(buf, format="PNG")
    return buf.getvalue()


MAX_IMAGE_BYTES = 15 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000


def read_qr(image_bytes: bytes) -> str:
    """The text of the QR code in a picture (photo or screenshot). Raise CaseCodeError if there is none.

    zxing-cpp, not OpenCV's QRCodeDetector: OpenCV 4.14 fails to locate the finder patterns of about 3 % of
    our own clean QR images (it depends on the data next to the finder patterns, so on the case: see
    docs/case-code.md), while zxing-cpp reads all of them and also finds small, tilted or blurred codes."""
    import zxingcpp

    from checks.photo.decode import PhotoReadError, decode as decode_picture

    # The photo module's safe opener: byte and pixel limits before decoding, EXIF orientation, odd modes.
    try:
        picture = decode_picture(image_bytes, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS, min_side=1200)
    except PhotoReadError as exc:
        raise CaseCodeError(exc.message.replace("照片", "截图")) from None
    img = picture.image.convert("L")
    found = zxingcpp.read_barcodes(img, formats=zxingcpp.BarcodeFormat.QRCode, return_errors=True)
    for barcode in found:
        if barcode.valid and barcode.text:
            return barcode.text
    if found:
        raise CaseCodeError("图片里找到了二维码，但读不出内容：请截取更清晰、完整的二维码（不要裁掉白边）再上传")
    raise CaseCodeError("图片里没有找到二维码：请上传“自查结果”页上案例码二维码的截图，或直接粘贴案例码文字")


def decode_image(image_bytes: bytes) -> Case:
    return decode(read_qr(image_bytes))
