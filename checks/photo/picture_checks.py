"""Decisions on the picture around and on the face: background, border, sharpness, clothing, exposure.

Measurements come from checks.photo.measure; limits are (pass, fail) pairs from the round's `photo:` data;
words from its `photo.messages`.
"""
from __future__ import annotations

from PIL import Image

from checks.photo import measure
from checks.photo.face import Face
from checks.photo.models import PhotoCheck
from checks.photo.spec import PhotoSpec
from checks.photo.verdict import check, grade, worst
from checks.photo.words import background_seen, say, term


def background(bg: measure.Background, spec: PhotoSpec) -> dict[str, PhotoCheck]:
    name = spec.background_words["name"]
    status = "pass" if bg.delta_e <= spec.background_max_delta_e else "fail"
    colour = check("background.color", status,
                   say(spec, "background.color", status, bg_name=name, bg_seen=background_seen(spec, bg.lab)),
                   {"rgb": list(bg.median_rgb), "delta_e": round(bg.delta_e, 1)},
                   {"rgb": list(spec.background_rgb), "max_delta_e": spec.background_max_delta_e})
    status = "pass" if bg.spread <= spec.background_max_spread else "fail"
    uniform = check("background.uniform", status, say(spec, "background.uniform", status, bg_name=name),
                    round(bg.spread, 1), f"<={spec.background_max_spread:g}")
    return {"background.color": colour, "background.uniform": uniform}


def border(band: tuple[str, int] | None, spec: PhotoSpec) -> PhotoCheck:
    if band is None:
        return check("image.border", "pass", say(spec, "image.border", "pass"), 0, 0)
    side, px = band
    where = term(spec, "image.border", "sides", side)
    return check("image.border", "fail", say(spec, "image.border", "fail", side=where, px=px),
                 {"side": where, "px": px}, 0)


def sharpness(img: Image.Image, face: Face, fw: float, disp_width: int, spec: PhotoSpec) -> PhotoCheck:
    """Blur and enlargement lower the fine/medium detail ratio; a `fail` also needs the strongest edges soft:
    a retouched studio portrait (smooth skin, crisp eyes and outline) is a `warn`, not a retake."""
    target = min(max(fw, spec.face_width[0]), spec.face_width[1])
    mean, edge = measure.sharpness(img, face, img.width / disp_width, target)
    status = grade(mean, spec.sharpness_ratio)
    if status == "fail" and edge >= spec.sharpness_edge_ratio_fail:
        status = "warn"
    return check("image.sharpness", status, say(spec, "image.sharpness", status), round(mean, 2),
                 f">={spec.sharpness_ratio[0]:g}")


def clothing(arr, face: Face, fw: float, bg_lab, spec: PhotoSpec) -> PhotoCheck:
    blend = measure.clothing(arr, face, fw, bg_lab, spec.clothing_close_delta_e)
    expected = f"<={spec.clothing_blend_share[0]:g}"
    name = spec.background_words["name"]
    if blend is None:
        return check("clothing.contrast", "warn", say(spec, "clothing.contrast", "none", bg_name=name), None, expected)
    status = grade(blend, spec.clothing_blend_share)
    return check("clothing.contrast", status,
                 say(spec, "clothing.contrast", status, pct=f"{blend * 100:.0f}%", bg_name=name),
                 round(blend, 2), expected)


def exposure(arr, light: measure.Lighting, spec: PhotoSpec) -> PhotoCheck:
    bright = measure.picture_brightness(arr)
    parts = {
        "clipped": grade(light.clipped, spec.exposure_clipped_share),
        "crushed": grade(light.crushed, spec.exposure_clipped_share),
        "side": grade(light.side_diff, spec.exposure_side_diff),
        "dark": grade(bright, spec.exposure_picture_bright),
        "face_dark": "fail" if light.face_l < spec.exposure_face_lightness[0] else "pass",
        "face_bright": "fail" if light.face_l > spec.exposure_face_lightness[1] else "pass",
    }
    status = worst(*parts.values())
    found = term(spec, "image.exposure", "joiner").join(term(spec, "image.exposure", "parts", k) for k, v in parts.items()
                     if v == status and status != "pass")
    measured = {"face_lightness": round(light.face_l), "picture_brightest": round(bright),
                "side_difference": round(light.side_diff),
                "burnt_share": round(light.clipped, 3), "dark_share": round(light.crushed, 3)}
    expected = {"side_difference_max": spec.exposure_side_diff[0],
                "burnt_or_dark_share_max": spec.exposure_clipped_share[0]}
    return check("image.exposure", status, say(spec, "image.exposure", status, found=found), measured, expected)
