"""The photo checker: every check code of ../shared/spec/photo.md, numbers from the round's PhotoSpec.

`analyze` only orchestrates: decode, measure on the display picture, then ask the decision modules
(file_checks, picture_checks, face_checks), whose words come from the round's `photo.messages`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

import numpy as np
from PIL import Image

from checks.photo import face_checks, file_checks, measure, picture_checks
from checks.photo.decode import Decoded, PhotoReadError, decode
from checks.photo.face import Face, HeadTop, detect_faces, estimate_head_top
from checks.photo.models import CODES, PhotoCheck, PhotoReport
from checks.photo.spec import PhotoSpec

DISPLAY_WIDTH = 480  # default only; the display is as wide as the round's frame (spec.width)


@dataclass
class Geometry:
    """Measurements in display coordinates (upright photo scaled to the frame's width) and in the frame."""
    disp_size: tuple[int, int]
    frame: tuple[int, int] = (DISPLAY_WIDTH, DISPLAY_WIDTH * 4 // 3)
    faces: list[Face] = field(default_factory=list)
    head: HeadTop | None = None
    background: measure.Background | None = None
    band: tuple[str, int] | None = None   # an added border (side, width px), see measure.border

    @property
    def y_to_frame(self) -> float:
        return self.frame[1] / self.disp_size[1]

    @property
    def face(self) -> Face | None:
        return self.faces[0] if len(self.faces) == 1 else None


@dataclass
class Analysis:
    report: PhotoReport
    spec: PhotoSpec
    decoded: Decoded | None = None
    display: Image.Image | None = None   # upright RGB, as wide as the frame (spec.width)
    geometry: Geometry | None = None

    @property
    def passed(self) -> bool:
        return self.report.passed


def analyze(data: bytes, filename: str, spec: PhotoSpec) -> Analysis:
    """Run every check on one upload. Never raises for bad input: problems become failed checks.

    `spec` is the photo standard of the caller's round: every number and word of a message comes from it.
    """
    name = PurePath(filename).name or "photo"
    checks = file_checks.name_and_size(name, len(data), spec)
    try:
        decoded = decode(data, spec.max_upload_bytes, spec.max_pixels)
    except PhotoReadError as exc:
        return Analysis(_report(name, checks | file_checks.unreadable(exc, data, spec), spec), spec)
    checks |= file_checks.stored_file(decoded.facts, spec)
    # Display image: upright, as wide as the frame. All geometry is measured on it.
    img = decoded.image
    dw = spec.width
    dh = max(1, round(dw * img.height / img.width))
    display = img if img.size == (dw, dh) else img.resize((dw, dh), Image.Resampling.BILINEAR, reducing_gap=2.0)
    arr = np.asarray(display)
    geo = Geometry(disp_size=(dw, dh), frame=(spec.width, spec.height))
    geo.band = measure.border(arr, spec.border_max_share, spec.border_line_std, spec.border_step, spec.border_min_px,
                              spec.border_drift)
    # Detect on the decoded image (more pixels than display when the photo is big), map to display coords.
    geo.faces = [f.scaled(dw / img.width) for f in detect_faces(img, spec.face_min_confidence,
                                                                 spec.face_min_relative_size)]
    checks |= _picture_and_face(arr, img, geo, spec)
    return Analysis(_report(name, checks, spec), spec, decoded, display, geo)


def _picture_and_face(arr: np.ndarray, img: Image.Image, geo: Geometry, spec: PhotoSpec) -> dict[str, PhotoCheck]:
    face = geo.face
    geo.background = measure.background(arr, face.eye_y if face else None, geo.band, spec.background_rgb)
    checks = picture_checks.background(geo.background, spec)
    checks["image.border"] = picture_checks.border(geo.band, spec)
    checks["face.count"] = face_checks.count(len(geo.faces), spec)
    if face is None:
        return checks | face_checks.skipped(face_checks.POSITION_CODES + face_checks.LOOK_CODES, spec)
    plain = checks["background.uniform"].status == "pass"
    geo.head = estimate_head_top(arr, face, geo.background.lab if plain else None)
    fw = face.cheek_width(spec.face_width_per_eye_distance, spec.face_width_per_eye_mouth)  # display = frame width
    checks["face.head_top"] = face_checks.head_top(geo.head, geo.y_to_frame, spec)
    checks["face.eye_line"] = face_checks.eye_line(face, geo.y_to_frame, spec)
    checks["face.width"] = face_checks.width(face, fw, spec)
    checks["face.centered"] = face_checks.centered(face, geo.disp_size[0], spec)
    checks["face.eyes_level"] = face_checks.eyes_level(face, spec)
    return checks | _looks(arr, img, face, fw, geo, spec)


def _looks(arr: np.ndarray, img: Image.Image, face: Face, fw: float, geo: Geometry,
           spec: PhotoSpec) -> dict[str, PhotoCheck]:
    """The v2 and v3 checks: how the face looks (turn, ears, sharpness, clothes, light, headwear, glasses, fringe)."""
    light = measure.lighting(arr, face, fw)
    bg_lab = geo.background.lab
    hair = measure.hair_colour(arr, face, fw, bg_lab, spec.background_max_delta_e * 0.6)
    return {
        "face.frontal": face_checks.frontal(face, spec),
        "face.ears_visible": face_checks.ears(arr, face, fw, light.skin_lab, hair, bg_lab, spec),
        "image.sharpness": picture_checks.sharpness(img, face, fw, geo.disp_size[0], spec),
        "clothing.contrast": picture_checks.clothing(arr, face, fw, bg_lab, spec),
        "image.exposure": picture_checks.exposure(arr, light, spec),
        "face.headwear": face_checks.headwear(arr, face, fw, light.skin_lab, bg_lab, spec),
        "face.glasses": face_checks.glasses(arr, face, fw, spec),
        "face.eyebrows_visible": face_checks.eyebrows(arr, face, fw, light.skin_lab, hair, spec),
    }


def _report(name: str, checks: dict, spec: PhotoSpec) -> PhotoReport:
    return PhotoReport(file=name, checks=[checks[c] for c in CODES], self_confirm=list(spec.self_confirm))


def check_photo(data: bytes, filename: str, spec: PhotoSpec) -> PhotoReport:
    return analyze(data, filename, spec).report
