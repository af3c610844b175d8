"""Case code: the redacted case as a short text (and QR) a candidate pastes into a chat with the help desk.

Format version 1 (docs/case-code.md):  "YZ1" + BODY + CHECK, shown in groups of five joined by "-".
- BODY: RFC 4648 base32 (A–Z, 2–7, no padding) of raw-deflate (zlib, wbits=-15, level 9, preset dictionary
  ZDICT_V1) of the minified UTF-8 JSON of `Case.redacted()` (no name, ID number or phone).
- CHECK: the first 4 base32 characters of SHA-256("YZ1" + BODY): a typo is caught with ~1 - 2^-20 certainty.
Base32 is case-free and avoids 0/1/8/9, so decoding ignores case, spaces, line breaks and "-", and reads the
look-alikes 0→O, 1→I, 8→B. Changing the dictionary, the JSON shape or the checksum needs a new version digit.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import zlib

from checks.models import Case, CaseFileError, case_from_dict

PREFIX = "YZ"
VERSION = "1"
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


def _canonical(case: Case) -> bytes:
    data = case.redacted().model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
    comp = zlib.compressobj(level=9, wbits=-15, zdict=ZDICT_V1)
    body = _b32(comp.compress(_canonical(case)) + comp.flush())
    head = PREFIX + VERSION + body
    return head + _check(head)


def pretty(code: str) -> str:
    """The code in groups of five joined by "-", easy to read aloud and to compare by eye."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalize(text: str) -> str:
    return re.sub(r"[\s\-_—–·.,，。]+", "", text or "").upper()


def decode(text: str) -> Case:
    """Text code → Case. Raise CaseCodeError with a Chinese message for anything else."""
    code = normalize(text)
    if not code:
        raise CaseCodeError("没有输入案例码：请粘贴考生发来的以 YZ 开头的案例码")
    if len(code) > MAX_CODE_CHARS:
        raise CaseCodeError("输入的内容太长，不像案例码：请只粘贴以 YZ 开头的那一段")
    if not code.startswith(PREFIX) or len(code) < 3:
        raise CaseCodeError("这不是本工具的案例码：案例码以 YZ 开头，例如 YZ1AB-CDEFG-…")
    version = code[len(PREFIX)]
    if version != VERSION:
        raise CaseCodeError(f"案例码版本“{version}”本工具不认识（只支持版本 {VERSION}）：请考生用最新版本的工具重新生成")
    rest = code[len(PREFIX) + 1:].translate(LOOKALIKES)
    bad = sorted({c for c in rest if c not in ALPHABET})
    if bad:
        raise CaseCodeError(f"案例码里有不该出现的字符：{' '.join(bad)}。请直接复制粘贴，不要手工改动")
    if len(rest) <= CHECK_LEN:
        raise CaseCodeError("案例码太短，可能没有复制完整：请复制从 YZ 开始到结尾的全部字符")
    body, check = rest[:-CHECK_LEN], rest[-CHECK_LEN:]
    if _check(PREFIX + VERSION + body) != check:
        raise CaseCodeError("案例码校验不通过：可能少复制了一段或有字符抄错。请让考生重新复制发送，或发二维码截图")
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
        dec = zlib.decompressobj(wbits=-15, zdict=ZDICT_V1)
        data = dec.decompress(raw, 64 * 1024) + dec.flush()
        parsed = json.loads(data.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError):
        raise CaseCodeError("案例码内容无法解开：请让考生重新生成并发送") from None
    try:
        return case_from_dict(parsed)
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
    """The text of the QR code in a picture (photo or screenshot). Raise CaseCodeError if there is none."""
    import cv2
    import numpy as np

    from checks.photo.decode import PhotoReadError, decode as decode_picture

    # The photo module's safe opener: byte and pixel limits before decoding, EXIF orientation, odd modes.
    try:
        picture = decode_picture(image_bytes, max_bytes=MAX_IMAGE_BYTES, max_pixels=MAX_IMAGE_PIXELS, min_side=1200)
    except PhotoReadError as exc:
        raise CaseCodeError(exc.message.replace("照片", "截图")) from None
    # zxing-cpp first: OpenCV's detector misses some clean, plain QR codes (our own downloads among them).
    import zxingcpp

    for found in zxingcpp.read_barcodes(picture.image.convert("L")):
        if found.valid and found.text:
            return found.text
    img = np.asarray(picture.image.convert("L"))
    detector = cv2.QRCodeDetector()
    located = False
    for candidate in _variants(img):
        text, points, _ = detector.detectAndDecode(candidate)
        if text:
            return text
        located = located or points is not None
    if located:
        raise CaseCodeError("图片里找到了二维码，但读不出内容：请截取更清晰、完整的二维码（不要裁掉白边）再上传")
    raise CaseCodeError("图片里没有找到二维码：请上传“自查结果”页上案例码二维码的截图，或直接粘贴案例码文字")


def _variants(img):
    """The picture as is, then scaled (QR modules too small or the picture huge) and binarised."""
    import cv2

    yield img
    h, w = img.shape[:2]
    longest = max(h, w)
    if longest > 1600:
        s = 1600 / longest
        yield cv2.resize(img, (int(w * s), int(h * s)), interpolation=cv2.INTER_AREA)
    if longest < 1200:
        yield cv2.resize(img, (w * 2, h * 2), interpolation=cv2.INTER_NEAREST)
    _, binary = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    yield binary


def decode_image(image_bytes: bytes) -> Case:
    return decode(read_qr(image_bytes))
