"""The safe fix: crop and scale only, then re-encode (RGB, the round's dpi, no EXIF, baseline, size window,
quality >= the minimum).

Never rotates, flips, retouches or replaces the background (photo.md). The one exception the contract requires:
a file stored sideways with an EXIF orientation tag is written with its pixels upright and no tag (that is the
picture as the candidate sees it, not a rotation of the portrait). When a safe fix does not exist, says why
and how to retake the photo.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
from PIL import Image

from checks.photo.checker import Analysis, analyze
from checks.photo.decode import PhotoReadError, decode
from checks.photo.jpeg import encode_in_window
from checks.photo.models import needs_retake
from checks.photo.words import say, term



@dataclass
class FixResult:
    ok: bool
    reason: str | None = None          # why no safe fix exists (Chinese), when not ok
    data: bytes | None = None          # the fixed JPEG
    after: Analysis | None = None      # the fixed file re-checked with the same checker
    quality: int | None = None
    subsampling: str | None = None
    upscale: float | None = None
    box: tuple[float, float, float, float] | None = None  # crop in original upright pixels
    blocker: str | None = None         # why not, in a few words, for the headline "需要重拍：…"


def _interval_mid(lo: float, hi: float, want: float) -> float:
    return min(max(want, lo), hi)


def fix_photo(data: bytes, filename: str, before: Analysis) -> FixResult:
    """`before` is the check of `data` (with the caller's round standard); the fix re-checks with the same."""
    spec = before.spec
    rep = before.report
    for c in rep.failures():
        if needs_retake(c) and c.code != "face.head_top":  # a cut head top is refused below, with its reason
            return FixResult(False, say(spec, "fix", "refused", message=c.message), blocker=rep.first_reason())
    if rep.get("face.eyes_level").status == "skip" or before.geometry is None or before.geometry.face is None:
        return FixResult(False, say(spec, "fix", "no_eyes"), blocker=say(spec, "fix", "no_eyes_short"))
    geo = before.geometry
    face = geo.face
    head = geo.head
    if head is None or head.method == "cut":
        return FixResult(False, say(spec, "fix", "head_cut"), blocker=say(spec, "fix", "head_cut_short"))
    # Everything below in original upright pixels.
    W0, H0 = before.decoded.facts.size
    to_orig = W0 / geo.disp_size[0]
    eye = face.eye_y * to_orig
    top = head.y * to_orig
    fw = face.cheek_width(spec.face_width_per_eye_distance, spec.face_width_per_eye_mouth) * to_orig
    cx = face.center_x * to_orig
    m = spec.fix_margin_px
    # s = original pixels per output pixel. Face width and head-top→eye distance must both land in their bands.
    lo_fw, hi_fw = spec.face_width[0] + m, spec.face_width[1] - m
    gap = eye - top
    lo_gap = spec.eye_line[0] - spec.head_top[1] + 2 * m
    hi_gap = spec.eye_line[1] - spec.head_top[0] - 2 * m
    s_lo = max(fw / hi_fw, gap / hi_gap)
    s_hi = min(fw / lo_fw, gap / lo_gap)
    if s_lo > s_hi:
        return FixResult(False, say(spec, "fix", "proportions"), blocker=say(spec, "fix", "proportions_short"))
    s_pref = _interval_mid(s_lo, s_hi, fw / spec.face_width_mid)
    min_s = 1 / spec.max_upscale
    if s_hi < min_s:
        need = 1 / s_hi
        return FixResult(False, say(spec, "fix", "too_small", fw=f"{fw:.0f}", need=f"{need:.1f}",
                                    max_upscale=f"{spec.max_upscale:g}"),
                         upscale=need, blocker=say(spec, "fix", "too_small_short"))
    tol = spec.center_tolerance_px
    cand = sorted(np.linspace(max(s_lo, min_s), s_hi, 25), key=lambda s: abs(s - s_pref))
    if s_pref >= min_s:
        cand.insert(0, s_pref)
    chosen = None
    for s in cand:
        cw, ch = spec.width * s, spec.height * s
        if cw > W0 + 0.5 or ch > H0 + 0.5:
            continue
        # Vertical: both head top and eye line in band (with margin), as close to mid-band as the image allows.
        t_lo = max(top - (spec.head_top[1] - m) * s, eye - (spec.eye_line[1] - m) * s, 0.0)
        t_hi = min(top - (spec.head_top[0] + m) * s, eye - (spec.eye_line[0] + m) * s, H0 - ch)
        if t_lo > t_hi:
            continue
        # Head top and eye line as near their band middles as the face's proportions allow, each weighted by
        # how narrow its band is (a 60-px band tolerates less deviation than a 100-px one).
        wh = 1 / max(1, spec.head_top[1] - spec.head_top[0]) ** 2
        we = 1 / max(1, spec.eye_line[1] - spec.eye_line[0]) ** 2
        want_t = ((top - spec.head_top_mid * s) * wh + (eye - spec.eye_line_mid * s) * we) / (wh + we)
        # Horizontal: face centre on the centre line, within half the tolerance at most.
        l_lo = max(cx - (spec.width / 2 + tol / 2) * s, 0.0)
        l_hi = min(cx - (spec.width / 2 - tol / 2) * s, W0 - cw)
        if l_lo > l_hi:
            continue
        chosen = (s, _interval_mid(l_lo, l_hi, cx - spec.width / 2 * s), _interval_mid(t_lo, t_hi, want_t))
        break
    if chosen is None:
        side = _missing_side(cx, top, eye, fw, W0, H0, spec)
        return FixResult(False, say(spec, "fix", "no_room", side=side, bg_name=spec.background_words["name"]),
                         blocker=say(spec, "fix", "no_room_short", side=side))
    s, left, top_px = chosen
    box = (left, top_px, left + spec.width * s, top_px + spec.height * s)
    out = _render(data, before, box, spec)
    jpeg, q, sub = encode_in_window(out, spec.min_bytes, spec.max_bytes, spec.min_quality, spec.fix_max_quality,
                                    spec.dpi)
    name = PurePath(filename).stem + ".jpg"
    after = analyze(jpeg, name, spec)
    res = FixResult(after.passed, None, jpeg, after, q, sub, upscale=round(1 / s, 2), box=box)
    if not after.passed:
        res.reason = say(spec, "fix", "after", problems=term(spec, "fix", "joiner").join(
            c.message for c in after.report.failures()))
        res.blocker = after.report.first_reason()
    return res


def _missing_side(cx, top, eye, fw, W0, H0, spec) -> str:
    s = fw / spec.face_width_mid
    sides = []
    if top - spec.head_top_mid * s < 0:
        sides.append("top")
    if cx - spec.width / 2 * s < 0:
        sides.append("left")
    if cx + spec.width / 2 * s > W0:
        sides.append("right")
    if (eye - spec.eye_line_mid * s) + spec.height * s > H0:
        sides.append("bottom")
    words = spec.messages["fix"]["sides"]
    return spec.messages["fix"]["side_joiner"].join(words[x] for x in sides) or words["all"]


def _render(data: bytes, before: Analysis, box, spec) -> Image.Image:
    """Crop `box` (original upright pixels) and scale to 480×640, decoding only as many pixels as needed."""
    s = (box[2] - box[0]) / spec.width
    factor = max(1, int(2 ** math.floor(math.log2(max(s, 1.0)))))  # a JPEG DCT reduction that keeps >= 480 wide
    dec = before.decoded
    if dec is None or dec.scale < 1 / factor - 1e-6:
        try:
            dec = decode(data, spec.max_upload_bytes, spec.max_pixels, reduce_to=float(factor))
        except PhotoReadError:
            dec = before.decoded
    k = dec.scale
    b = (box[0] * k, box[1] * k, box[2] * k, box[3] * k)
    return dec.image.resize((spec.width, spec.height), Image.Resampling.LANCZOS, box=b, reducing_gap=3.0)
