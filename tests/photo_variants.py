"""Variants of the shared portraits that reproduce the ways real photos fool a photo checker (issue 9).

Used by the tests (tests/test_photo_v2.py) and by benchmarks/bench_photo_accuracy.py, which counts false
fails, false passes and warns per check. Each variant is a 480×640 RGB picture with the verdict a person
would give for the checks it was made to exercise (`truth`: code → "pass" | "fail"); checks it says nothing
about are not counted. The effects are placed with the face's known position in the base picture (the
composite's placement, or one detector run on the untouched original), never with the checker's reading of
the variant itself.

What they can show: that each measurement reacts to the effect it is meant to catch and ignores the others
(light from one side, a turned head, rotation, hair, blur, borders, exposure). What they cannot: they are
made from two men's faces (short hair, light skin) on synthetic or office backgrounds; a squeezed half-face
is not a real turned head, dark patches are not real hair, and a brightness ramp is not a real shadow.
Rates on real candidates' photos will differ; the lead measures those on a set that is not in the repo.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

import photo_fixtures as pf

FRAME = (480, 640)
HAIR = (38, 30, 26)


@dataclass
class Base:
    name: str
    image: Image.Image
    cx: float          # eye midpoint x
    ey: float          # eye line y
    fw: float          # cheek-to-cheek width (px)
    person: Image.Image | None = None   # mask of the person (composite only)


@dataclass
class Variant:
    name: str
    kind: str
    image: Image.Image
    truth: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _obama_face() -> tuple[float, float, float]:
    """Eye midpoint and face width in the original obama.jpg (one detector run on the untouched photo)."""
    from checks.photo.face import detect_faces

    f = detect_faces(Image.open(pf.PHOTOS / "obama.jpg").convert("RGB"), 70, 0.3)[0]
    return f.center_x, f.eye_y, f.cheek_width(2.06, 2.12)


def bases() -> list[Base]:
    """Compliant-looking framings: the light-blue composite at 27 placements, obama.jpg in his office at 9."""
    out = []
    for scale in (0.92, 1.0, 1.08):
        for dx in (-12, 0, 12):
            for dy in (-15, 0, 15):
                img = pf.composite(scale=scale, dx=dx, dy=dy)
                out.append(Base(f"composite s{scale} x{dx} y{dy}", img, 240 + dx, 215 + dy, 250 * scale,
                                _person_mask(scale, dx, dy)))
    src = Image.open(pf.PHOTOS / "obama.jpg").convert("RGB")
    cx0, ey0, fw0 = _obama_face()
    for want_fw in (225, 250):
        for dx in (-10, 10):
            for dy in (-10, 10):
                k = fw0 / want_fw  # source pixels per frame pixel
                # His head is near the top of the original: the crop slides down (never padded) where needed.
                left = min(max(0.0, cx0 - (240 + dx) * k), src.width - 480 * k)
                top = min(max(0.0, ey0 - (215 + dy) * k), src.height - 640 * k)
                img = src.resize(FRAME, Image.Resampling.LANCZOS, box=(left, top, left + 480 * k, top + 640 * k))
                out.append(Base(f"obama.jpg fw{want_fw} x{dx} y{dy}", img, (cx0 - left) / k, (ey0 - top) / k, want_fw))
    return out


def _person_mask(scale, dx, dy) -> Image.Image:
    """Where the composite's person is (white), for recolouring the clothes."""
    _, mask = pf._cutout()
    k = 2.1 * scale / 2
    m = mask.resize((round(mask.width * k), round(mask.height * k)), Image.Resampling.BILINEAR)
    canvas = Image.new("L", FRAME, 0)
    canvas.paste(m, (round(240 - 2 * 248 * k + dx), round(215 - 2 * 104 * k + dy)))
    return canvas


# ---- effects ---------------------------------------------------------------------------------------------

def side_light(b: Base, strength: float) -> Image.Image:
    """Brightness ramp across the face: 1 − s on one cheek to 1 + s on the other, flat beyond the face.

    The ramp brightens the side that is already brighter in the base, so a strong ramp never evens out the
    base's own light (the composite's right cheek is ~9 L* brighter): "strong" stays strong.
    """
    a = np.asarray(b.image, dtype=np.float32)
    y0, y1 = int(b.ey + 0.1 * b.fw), int(b.ey + 0.35 * b.fw)
    lc = a[y0:y1, int(b.cx - 0.34 * b.fw):int(b.cx - 0.14 * b.fw)].mean()
    rc = a[y0:y1, int(b.cx + 0.14 * b.fw):int(b.cx + 0.34 * b.fw)].mean()
    strength = abs(strength) * (1 if rc >= lc else -1)
    x = np.arange(FRAME[0], dtype=np.float32)
    ramp = 1 + strength * np.clip((x - b.cx) / (0.6 * b.fw), -1, 1)
    return Image.fromarray(np.clip(a * ramp[None, :, None], 0, 255).astype(np.uint8))


def turn(b: Base, squeeze: float) -> Image.Image:
    """A head turned to the side, crudely: the picture's right half is squeezed towards the nose line."""
    import cv2

    a = np.asarray(b.image)
    xs = np.arange(FRAME[0], dtype=np.float32)
    src_x = np.where(xs <= b.cx, xs, b.cx + (xs - b.cx) / squeeze)
    mx = np.clip(np.repeat(src_x[None, :], FRAME[1], axis=0), 0, FRAME[0] - 1).astype(np.float32)
    my = np.repeat(np.arange(FRAME[1], dtype=np.float32)[:, None], FRAME[0], axis=1)
    return Image.fromarray(cv2.remap(a, mx, my, cv2.INTER_LINEAR))


def rotate(b: Base, deg: float) -> Image.Image:
    """Counter-clockwise by `deg` about the eye midpoint, edges filled from the picture itself."""
    return b.image.rotate(deg, center=(b.cx, b.ey), resample=Image.Resampling.BICUBIC, fillcolor=_edge(b.image))


def _edge(img) -> tuple:
    return tuple(int(v) for v in np.median(np.asarray(img)[:8].reshape(-1, 3), axis=0))


def hair(b: Base, sides=(-1, 1), inner: float = 0.44, colour=None) -> Image.Image:
    """Dark, slightly textured hair hanging over the ears (and over the cheeks when `inner` is small).

    With `colour` (e.g. the cheeks' own): hair of that colour in fine parallel strands hanging down, as blond
    hair over the ears is: nothing but its strands tells it from skin."""
    if colour is not None:
        return _strand_hair(b, sides, inner, colour)
    img = b.image.copy()
    rng = np.random.default_rng(7)
    layer = Image.new("L", FRAME, 0)
    d = ImageDraw.Draw(layer)
    for s in sides:
        xa, xb = sorted((b.cx + s * inner * b.fw, b.cx + s * 0.72 * b.fw))
        d.rounded_rectangle((xa, b.ey - 0.35 * b.fw, xb, b.ey + 0.75 * b.fw), radius=int(0.08 * b.fw), fill=255)
    layer = layer.filter(ImageFilter.GaussianBlur(2))
    tex = np.clip(np.array(HAIR)[None, None, :] + rng.normal(0, 8, (FRAME[1], FRAME[0], 1)), 0, 255)
    img.paste(Image.fromarray(tex.astype(np.uint8)), (0, 0), layer)
    return img


def _strand_hair(b: Base, sides, inner: float, colour) -> Image.Image:
    img = b.image.copy()
    rng = np.random.default_rng(7)
    x = np.arange(FRAME[0])[None, :, None]
    # Strands ~4 px apart, each a slightly different shade, straight down.
    shade = 14 * np.sin(2 * np.pi * x / 4.3 + rng.uniform(0, 0.6, (1, FRAME[0], 1)))
    tex = np.clip(np.array(colour)[None, None, :] + shade + np.zeros((FRAME[1], 1, 1)), 0, 255)
    layer = Image.new("L", FRAME, 0)
    d = ImageDraw.Draw(layer)
    for s in sides:
        xa, xb = sorted((b.cx + s * inner * b.fw, b.cx + s * 0.72 * b.fw))
        d.rectangle((xa, b.ey - 0.35 * b.fw, xb, b.ey + 0.75 * b.fw), fill=255)
    img.paste(Image.fromarray(tex.astype(np.uint8)), (0, 0), layer.filter(ImageFilter.GaussianBlur(1)))
    return img


def blur(b: Base, sigma: float) -> Image.Image:
    return b.image.filter(ImageFilter.GaussianBlur(sigma))


def upscaled(b: Base, f: float) -> Image.Image:
    """A small picture (f × the frame) enlarged back to 480×640, as people do with a thumbnail."""
    small = b.image.resize((round(FRAME[0] * f), round(FRAME[1] * f)), Image.Resampling.LANCZOS)
    return small.resize(FRAME, Image.Resampling.BICUBIC)


def bordered(b: Base, side: str, px: int, colour) -> Image.Image:
    img = b.image.copy()
    w, h = FRAME
    box = {"top": (0, 0, w, px), "bottom": (0, h - px, w, h), "left": (0, 0, px, h), "right": (w - px, 0, w, h)}[side]
    img.paste(colour, box)
    return img


def blue_clothes(b: Base) -> Image.Image:
    """The suit recoloured to the background's blue, keeping its folds (composite only: needs the mask)."""
    a = np.asarray(b.image, dtype=np.float32)
    grey = a.mean(axis=2, keepdims=True)
    blue = np.array(pf.BLUE, np.float32)[None, None, :] * (0.97 + 0.08 * (grey - grey.mean()) / 128)
    m = np.asarray(b.person, dtype=np.float32)[:, :, None] / 255
    m[: int(b.ey + 1.3 * b.fw)] = 0   # below the neck only: the face and neck stay
    return Image.fromarray(np.clip(a * (1 - m) + blue * m, 0, 255).astype(np.uint8))


def exposure(b: Base, k: float) -> Image.Image:
    """Every pixel value × k, clipped: roughly what a longer (k > 1) or shorter (k < 1) exposure does."""
    a = np.asarray(b.image, dtype=np.float32)
    return Image.fromarray(np.clip(a * k, 0, 255).astype(np.uint8))


def jpeg_round_trip(img: Image.Image, quality: int) -> Image.Image:
    import io

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


# ---- the set ---------------------------------------------------------------------------------------------

CLEAR = {"face.eyes_level": "pass", "face.frontal": "pass", "face.width": "pass", "face.ears_visible": "pass",
         "image.sharpness": "pass", "image.border": "pass", "image.exposure": "pass"}


def variants(every: int = 1):
    """All variants of all bases (every n-th base only, for quick tests)."""
    for i, b in enumerate(bases()):
        if i % every:
            continue
        comp = b.person is not None
        clear = dict(CLEAR, **({"clothing.contrast": "pass"} if comp else {}))
        yield Variant(b.name, "clean", b.image, clear)
        yield Variant(b.name, "jpeg q60", jpeg_round_trip(b.image, 60), clear)
        yield Variant(b.name, "side light ±15%", side_light(b, 0.15), clear)
        yield Variant(b.name, "side light ±45%", side_light(b, 0.45),
                      {"face.eyes_level": "pass", "face.frontal": "pass", "face.width": "pass",
                       "image.exposure": "fail"})
        yield Variant(b.name, "turned slightly (0.9)", turn(b, 0.9),
                      {"face.eyes_level": "pass", "face.frontal": "pass", "face.width": "pass"})
        yield Variant(b.name, "turned (0.4)", turn(b, 0.4), {"face.eyes_level": "pass", "face.frontal": "fail"})
        # The portrait's own roll is about −1° (his head), so ±1.5° more stays well inside a 4° tolerance.
        for deg in (-1.5, 1.5):
            yield Variant(b.name, f"rotated {deg}°", rotate(b, deg),
                          {"face.eyes_level": "pass", "face.width": "pass", "face.frontal": "pass"})
        for deg in (-9, 9):
            yield Variant(b.name, f"rotated {deg}°", rotate(b, deg + 0.5 * (i % 3 - 1)),
                          {"face.eyes_level": "fail", "face.width": "pass"})
        yield Variant(b.name, "hair over both ears", hair(b),
                      {"face.ears_visible": "fail", "face.width": "pass", "face.eyes_level": "pass"})
        yield Variant(b.name, "hair over one ear", hair(b, sides=(1 if i % 2 else -1,)),
                      {"face.ears_visible": "fail", "face.eyes_level": "pass"})
        yield Variant(b.name, "hair over cheeks and ears", hair(b, inner=0.34),
                      {"face.ears_visible": "fail", "face.width": "pass", "face.eyes_level": "pass"})
        yield Variant(b.name, "blur σ0.5", blur(b, 0.5), {"image.sharpness": "pass"})
        yield Variant(b.name, "blur σ2", blur(b, 2.0), {"image.sharpness": "fail"})
        yield Variant(b.name, "upscaled from 0.85", upscaled(b, 0.85), {"image.sharpness": "pass"})
        yield Variant(b.name, "upscaled from 0.4", upscaled(b, 0.4), {"image.sharpness": "fail"})
        side = ("left", "right", "top", "bottom")[i % 4]
        colour = ((0, 0, 0), (255, 255, 255), (128, 128, 128))[i % 3]
        yield Variant(b.name, f"{colour} band {side}", bordered(b, side, 6 + i % 8, colour), {"image.border": "fail"})
        if comp:
            yield Variant(b.name, "clothes like the background", blue_clothes(b), {"clothing.contrast": "fail"})
        yield Variant(b.name, "brighter ×1.1", exposure(b, 1.1), {"image.exposure": "pass"})
        yield Variant(b.name, "over-exposed ×1.8", exposure(b, 1.8), {"image.exposure": "fail"})
        yield Variant(b.name, "under-exposed ×0.5", exposure(b, 0.5), {"image.exposure": "fail"})


def tilt_truth(kind: str) -> float | None:
    """The rotation a variant applied (degrees, PIL's counter-clockwise sign), when it is a rotation."""
    if kind.startswith("rotated"):
        return float(kind.split()[1].rstrip("°"))
    return None


def frame_jpeg(img: Image.Image, quality: int = 90) -> bytes:
    return pf.jpeg(img, quality)

