"""The picture: the standard's guide bands over the candidate's photo, and where their head, eyes and face are."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from checks.photo.checker import Analysis

# Bands (what the standard wants) are translucent; measurements (what we found) are solid lines.
BAND_HEAD = (255, 193, 7)      # amber
BAND_EYE = (76, 175, 80)       # green
BAND_FACE = (156, 39, 176)     # purple
LINE_CENTER = (255, 255, 255)
MEAS_HEAD = (255, 87, 34)      # deep orange
MEAS_EYE = (0, 150, 136)       # teal
MEAS_FACE = (233, 30, 99)      # pink
_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
]


@lru_cache(maxsize=4)
def _font(size: int):
    here = Path(__file__).resolve().parents[2] / "assets" / "fonts"
    for p in [*sorted(here.glob("*.[ot]t[fc]")), *map(Path, _FONT_CANDIDATES)]:
        try:
            return ImageFont.truetype(str(p), size)
        except OSError:
            continue
    return None


def annotate(analysis: Analysis, legend: bool = True) -> Image.Image | None:
    """The photo (as wide as the frame) with guide bands and measured lines. None when the file could not be opened."""
    if analysis.display is None:
        return None
    spec = analysis.spec
    base = analysis.display.convert("RGBA")
    w, h = base.size
    k = h / spec.height  # frame y → display y
    over = Image.new("RGBA", base.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(over)
    for (lo, hi), col in ((spec.head_top, BAND_HEAD), (spec.eye_line, BAND_EYE)):
        d.rectangle((0, lo * k, w, hi * k), fill=col + (70,))
        d.line((0, lo * k, w, lo * k), fill=col + (200,), width=1)
        d.line((0, hi * k, w, hi * k), fill=col + (200,), width=1)
    geo = analysis.geometry
    face = geo.face if geo else None
    # Face-width band: at eye height, min and max allowed width around the centre line.
    cy = (face.eye_y + (face.y + face.h)) / 2 if face else spec.eye_line[1] * k + 40 * k
    fw_lo, fw_hi = spec.face_width
    for xs in ((w / 2 - fw_hi / 2, w / 2 - fw_lo / 2), (w / 2 + fw_lo / 2, w / 2 + fw_hi / 2)):
        d.rectangle((xs[0], cy - 6, xs[1], cy + 6), fill=BAND_FACE + (120,))
    for y in range(0, h, 12):  # dashed centre line
        d.line((w / 2, y, w / 2, min(h, y + 6)), fill=LINE_CENTER + (220,), width=1)
    if geo:
        for f in geo.faces:
            if f is not face:
                d.rectangle((f.x, f.y, f.x + f.w, f.y + f.h), outline=(244, 67, 54, 255), width=3)
    if face is not None:
        # The measured cheek-to-cheek width (from the landmarks, as the check uses it), centred on the eyes.
        half = face.cheek_width(spec.face_width_per_eye_distance, spec.face_width_per_eye_mouth) / 2
        x0, x1 = face.center_x - half, face.center_x + half
        d.line((x0, cy, x1, cy), fill=MEAS_FACE + (255,), width=3)
        for x in (x0, x1):
            d.line((x, cy - 12, x, cy + 12), fill=MEAS_FACE + (255,), width=3)
        ey = face.eye_y
        d.line((0, ey, w, ey), fill=MEAS_EYE + (255,), width=2)
        for p in (face.left_eye, face.right_eye):
            if p:
                d.ellipse((p[0] - 5, p[1] - 5, p[0] + 5, p[1] + 5), outline=MEAS_EYE + (255,), width=2)
        if face.left_eye and face.right_eye:
            d.line((*face.left_eye, *face.right_eye), fill=MEAS_EYE + (255,), width=2)
        d.line((face.center_x, face.y, face.center_x, face.y + face.h), fill=MEAS_FACE + (255,), width=2)
        if geo.head is not None:
            hy = geo.head.y
            d.line((face.x, hy, face.x + face.w, hy), fill=MEAS_HEAD + (255,), width=3)
    out = Image.alpha_composite(base, over).convert("RGB")
    if legend:
        out = _with_legend(out)
    return out


_LEGEND = [
    (BAND_HEAD, "band", "头顶应在的范围"), (MEAS_HEAD, "line", "测到的头顶"),
    (BAND_EYE, "band", "眼睛应在的范围"), (MEAS_EYE, "line", "测到的眼睛"),
    (BAND_FACE, "band", "脸宽应在的范围"), (MEAS_FACE, "line", "测到的脸宽/中心"),
]


def _with_legend(img: Image.Image) -> Image.Image:
    font = _font(16)
    rows = (len(_LEGEND) + 1) // 2
    lh = 24
    out = Image.new("RGB", (img.width, img.height + rows * lh + 10), (255, 255, 255))
    out.paste(img, (0, 0))
    d = ImageDraw.Draw(out)
    for i, (col, kind, text) in enumerate(_LEGEND):
        x = 8 + (i % 2) * (img.width // 2)
        y = img.height + 6 + (i // 2) * lh
        if kind == "band":
            d.rectangle((x, y + 4, x + 22, y + 16), fill=col)
        else:
            d.line((x, y + 10, x + 22, y + 10), fill=col, width=4)
        d.text((x + 30, y), text, fill=(30, 30, 30), font=font)
    return out
