"""Photo fixtures built in memory from the shared public-domain portraits (nothing written to the repo).

`compliant()` cuts Obama out of his office (OpenCV GrabCut, fixture-only), puts him on the standard's light blue
#64C5FF, scaled and placed so that head top, eye line and face width sit mid-band, and saves a 480×640, 300 dpi,
baseline JPEG of 20–40 KB. The other helpers break exactly one thing of it.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image

PHOTOS = Path(__file__).resolve().parents[1].parent / "shared" / "photos"
BLUE = (100, 197, 255)


def photo_bytes(name: str) -> bytes:
    return (PHOTOS / name).read_bytes()


@lru_cache(maxsize=1)
def _cutout() -> tuple[Image.Image, Image.Image]:
    """Obama (RGB, full size) and a soft person mask (L); computed once per test run.

    GrabCut runs at half size (speed); the mask is then enlarged to the full photo, so the portrait itself is
    pasted at about its own resolution: an enlarged portrait would (rightly) fail `image.sharpness`.
    """
    import cv2

    full = Image.open(PHOTOS / "obama.jpg").convert("RGB")
    im = full.resize((full.width // 2, full.height // 2), Image.Resampling.LANCZOS)  # 455×568
    arr = np.asarray(im)
    mask = np.full(arr.shape[:2], cv2.GC_PR_BGD, np.uint8)
    mask[:, :20] = mask[:, -20:] = cv2.GC_BGD
    mask[:8, :] = cv2.GC_BGD
    # Face and chest: surely the person (face box from yuface on this photo, halved).
    mask[60:210, 195:295] = cv2.GC_FGD
    mask[300:, 120:360] = cv2.GC_PR_FGD
    mask[8:60, 150:340] = cv2.GC_PR_FGD
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.setRNGSeed(20240630)  # GrabCut seeds k-means from the global RNG: fix it so the fixture never drifts
    cv2.grabCut(np.ascontiguousarray(arr[:, :, ::-1]), mask, None, bgd, fgd, 4, cv2.GC_INIT_WITH_MASK)
    person = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 255, 0).astype(np.uint8)
    person = cv2.GaussianBlur(person, (5, 5), 0)
    return full, Image.fromarray(person, "L").resize(full.size, Image.Resampling.BILINEAR)


def composite(size=(480, 640), scale: float = 1.0, dx: int = 0, dy: int = 0, bg=BLUE,
              bg_image: Image.Image | None = None) -> Image.Image:
    """The cut-out portrait on a background. scale/dx/dy are relative to the compliant placement."""
    im, mask = _cutout()
    # Compliant placement for 480×640: face (~116 px wide in the cut-out) → ~245 px, eyes at 215, head top ~86.
    k = 2.1 * scale * size[0] / 480 / 2  # the numbers below are in half-size cut-out pixels
    pw, ph = round(im.width * k), round(im.height * k)
    person = im.resize((pw, ph), Image.Resampling.LANCZOS)
    m = mask.resize((pw, ph), Image.Resampling.BILINEAR)
    canvas = bg_image.copy() if bg_image is not None else Image.new("RGB", size, bg)
    eye_x, eye_y = 2 * 248 * k, 2 * 104 * k  # eye midpoint in the cut-out
    x = round(size[0] / 2 - eye_x + dx * size[0] / 480)
    y = round(215 * size[1] / 640 - eye_y + dy * size[1] / 640)
    canvas.paste(person, (x, y), m)
    return canvas


def jpeg(img: Image.Image, quality: int = 85, dpi=(300, 300), subsampling: int = 2, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, dpi=dpi, subsampling=subsampling, **kw)
    return buf.getvalue()


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


@lru_cache(maxsize=1)
def compliant_bytes() -> bytes:
    """A photo that passes every check (the tests assert that)."""
    img = composite()
    for q in range(95, 59, -5):
        data = jpeg(img, q)
        if len(data) <= 40960:
            return data
    raise AssertionError("fixture too big")


def compliant_image() -> Image.Image:
    return Image.open(io.BytesIO(compliant_bytes())).convert("RGB")


def phone_photo(megapixels: float = 12.0, face_share: float = 0.45) -> Image.Image:
    """A big upright 'phone' photo: the portrait upscaled onto a light-blue 3:4 canvas."""
    w = int(round((megapixels * 1e6 * 3 / 4) ** 0.5))
    h = int(round(w * 4 / 3))
    base = composite()
    k = w / 480 * face_share / 0.5
    big = base.resize((round(480 * k), round(640 * k)), Image.Resampling.BILINEAR)
    canvas = Image.new("RGB", (w, h), BLUE)
    # Bottom-aligned: a body that stopped above the picture's lower edge would leave a flat band (image.border).
    canvas.paste(big, ((w - big.width) // 2, h - big.height))
    return canvas


# The photo checks take the round's standard from the caller; the tests check against the default round's.
def spec():
    from checks.rounds import default_round_id, load_round

    return load_round(default_round_id()).photo


def analyze(data: bytes, name: str, photo_spec=None):
    from checks.photo import analyze as _analyze

    return _analyze(data, name, photo_spec or spec())


def check_photo(data: bytes, name: str, photo_spec=None):
    return analyze(data, name, photo_spec).report


def fix_photo(data: bytes, name: str, before=None, photo_spec=None):
    from checks.photo import fix_photo as _fix

    return _fix(data, name, before or analyze(data, name, photo_spec))
