"""Measurements for the v2 checks (sharpness, border, clothing contrast, exposure, ears), on the display image.

Each function returns plain numbers; the checker turns them into pass/warn/fail with the round's limits.
Regions are placed from the face landmarks in the face's own (roll-corrected) frame, so a tilted head samples
the same parts of the face. How each was calibrated and its measured error: docs/photo.md.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from checks.photo.face import Face, lab


def _face_grid(face: Face, fw: float, u0: float, u1: float, v0: float, v1: float, n: int = 16) -> tuple:
    """Pixel coordinates of an n×n grid over the box [u0,u1]×[v0,v1] given in face widths, in the face frame
    (origin at the eye midpoint, u to the image's right, v down, rotated with the eye line)."""
    a = math.radians(face.eye_tilt_deg or 0.0)
    u, v = np.meshgrid(np.linspace(u0, u1, n) * fw, np.linspace(v0, v1, n) * fw)
    x = face.center_x + u * math.cos(a) - v * math.sin(a)
    y = face.eye_y + u * math.sin(a) + v * math.cos(a)
    return x, y


def _sample(arr: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """RGB values at the grid points that fall inside the picture (nearest pixel), shape (k, 3)."""
    h, w = arr.shape[:2]
    xi, yi = np.rint(x).astype(int).ravel(), np.rint(y).astype(int).ravel()
    keep = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    return arr[yi[keep], xi[keep]]


@dataclass
class Lighting:
    face_l: float            # median lightness (CIELAB L*, 0 black … 100 white) of the cheeks
    side_diff: float         # |left cheek L* − right cheek L*|
    clipped: float           # share of cheek pixels burnt out to white
    crushed: float           # share of cheek pixels lost in black
    skin_lab: np.ndarray     # mean cheek colour, the skin reference for the ears


def lighting(arr: np.ndarray, face: Face, fw: float) -> Lighting:
    """Cheeks: below the eyes, beside the nose, above the mouth corners."""
    mv = face.upright(face.mouth)[1] / fw if face.mouth else 0.45
    left = _sample(arr, *_face_grid(face, fw, -0.34, -0.14, 0.12, max(0.2, mv - 0.05)))
    right = _sample(arr, *_face_grid(face, fw, 0.14, 0.34, 0.12, max(0.2, mv - 0.05)))
    both = np.concatenate([left, right])
    lab_l, lab_r = lab(left), lab(right)
    return Lighting(
        face_l=float(np.median(np.concatenate([lab_l[:, 0], lab_r[:, 0]]))),
        side_diff=abs(float(np.median(lab_l[:, 0]) - np.median(lab_r[:, 0]))),
        clipped=float((both.min(axis=1) >= 250).mean()),
        crushed=float((both.max(axis=1) <= 20).mean()),
        skin_lab=np.concatenate([lab_l, lab_r]).mean(axis=0))


def ears(arr: np.ndarray, face: Face, fw: float, skin: np.ndarray, bg_lab: np.ndarray, skin_chroma: float,
         skin_dl: float, bg_de: float) -> tuple[float | None, float | None]:
    """Share of skin-coloured pixels where each ear should be, among the pixels that are not background.

    The ears sit just outside the cheeks, from eye height to below the nose. Hair over an ear puts hair
    colour there (much darker or differently coloured than the cheeks). None for an ear whose region is
    mostly background or outside the picture: nothing to judge.
    """
    nv = face.upright(face.nose)[1] / fw if face.nose else 0.25
    out = []
    for sign in (-1, 1):
        u0, u1 = sorted((sign * 0.44, sign * 0.62))
        px = _sample(arr, *_face_grid(face, fw, u0, u1, -0.02, nv + 0.08, n=14))
        if len(px) < 60:
            out.append(None)
            continue
        c = lab(px)
        not_bg = np.sqrt(((c - bg_lab) ** 2).sum(axis=1)) > bg_de
        if not_bg.sum() < 0.25 * len(c):
            out.append(None)
            continue
        c = c[not_bg]
        chroma = np.sqrt(((c[:, 1:] - skin[1:]) ** 2).sum(axis=1))
        skinlike = (chroma <= skin_chroma) & (np.abs(c[:, 0] - skin[0]) <= skin_dl)
        out.append(float(skinlike.mean()))
    return out[0], out[1]


def sharpness(img: Image.Image, face: Face, scale: float, target_fw: float) -> float:
    """Fine detail relative to medium detail on the face, at the size the face has in the 480×640 frame.

    `img` is the decoded picture, `face` in display coordinates, `scale` = img pixels per display pixel.
    Blur and enlargement remove the finest detail first, so the ratio of |I − G₁·I| to |G₁·I − G₂·I|
    (Gaussian σ = 1 and 2 px) falls, independently of the face's contrast and lighting.
    """
    import cv2

    fw = face.w
    box = (face.center_x - 0.4 * fw, face.eye_y - 0.25 * fw, face.center_x + 0.4 * fw, face.eye_y + 0.55 * fw)
    box = tuple(v * scale for v in box)
    # Never enlarged here: a small but sharp original is judged by the fix's enlargement limit ("原照片太小").
    g = min(1.0, target_fw / (fw * scale))
    crop = img.crop(tuple(int(round(v)) for v in box)).convert("L")
    size = (max(8, round(crop.width * g)), max(8, round(crop.height * g)))
    if size != crop.size:
        crop = crop.resize(size, Image.Resampling.BOX)
    a = np.asarray(crop, dtype=np.float32)
    b1 = cv2.GaussianBlur(a, (0, 0), 1.0)
    b2 = cv2.GaussianBlur(a, (0, 0), 2.0)
    mid = float(np.abs(b1 - b2).mean())
    return float(np.abs(a - b1).mean()) / mid if mid > 1e-3 else 0.0


def border(arr: np.ndarray, max_share: float, line_std: float, step: float, min_px: int,
           drift: float) -> tuple[str, int] | None:
    """An added band along an edge: the outermost lines are one flat colour, and the whole line changes at once
    where the band ends (a background or a head changes only part of a line). Returns (side, width) or None."""
    # Every third pixel along each line is plenty to see a flat line and a whole-line step (and 3× cheaper).
    sides = {"上": arr[:, ::3], "下": arr[::-1, ::3], "左": arr[::3].transpose(1, 0, 2),
             "右": arr[::3].transpose(1, 0, 2)[::-1]}
    found = None
    for side, s in sides.items():
        if s[0].astype(np.float32).std(axis=0).max() > line_std:
            continue  # the outermost line is not one flat colour: no band here (the usual case, ~0.1 ms)
        limit = max(min_px + 2, int(max_share * s.shape[0]))
        last = s[limit - 1].astype(np.float32)
        if last.std(axis=0).max() <= line_std and np.abs(last.mean(axis=0) - s[0].mean(axis=0)).max() <= drift:
            continue  # the same flat colour still at the search limit: plain background, not a band
        lines = s[:limit + 4].astype(np.float32)
        std = lines.std(axis=1).max(axis=1)
        means = lines.mean(axis=1)
        n = 0
        # JPEG shifts a flat band's colour by up to ~30 near its inner edge (chroma ringing at quality 65), so
        # the run allows that drift; the whole-line step below tells a band from a slow gradient.
        while n < limit and std[n] <= line_std and np.abs(means[n] - means[0]).max() <= drift:
            n += 1
        if n < min_px or n >= limit:
            continue
        # JPEG rings for two or three lines at the band's edge (and the flat run may stop inside the ringing):
        # compare the band with the picture three lines further in.
        inner = lines[min(n + 3, len(lines) - 1)]
        changed = np.sqrt(((inner - lines[n - 1]) ** 2).sum(axis=1)) > step
        if changed.mean() >= 0.7 and (found is None or n > found[1]):
            found = (side, n)
    return found


def clothing(arr: np.ndarray, face: Face, fw: float, bg_lab: np.ndarray, close_de: float) -> float | None:
    """Share of the chest area (below the neck, under the face) that is as good as background-coloured.

    None when the picture ends before the clothes start.
    """
    h = arr.shape[0]
    mv = face.upright(face.mouth)[1] if face.mouth else 0.45 * fw
    chin = face.eye_y + 1.55 * mv
    y0 = int(max(chin + 0.45 * fw, 0.86 * h))
    if y0 >= h - 4:
        return None
    x0, x1 = int(max(0, face.center_x - 0.5 * fw)), int(min(arr.shape[1], face.center_x + 0.5 * fw))
    region = arr[y0:h:2, x0:x1:2].reshape(-1, 3)
    if len(region) < 50:
        return None
    d = np.sqrt(((lab(region) - bg_lab) ** 2).sum(axis=1))
    return float((d < close_de).mean())
