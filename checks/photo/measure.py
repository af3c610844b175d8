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


@dataclass
class EarSide:
    skin: float        # share of skin-coloured pixels where the ear should be, among non-background pixels
    hair: float        # share of pixels there that match the hair colour (sampled above the forehead)
    hair_below: float  # …and beside the jaw below the ear: hair over an ear falls on down the side
    strands: float | None = None  # how much the brightness edges there all point one way (0 every way … 1 one way)


def _crown(arr: np.ndarray, face: Face, fw: float, bg_lab: np.ndarray, bg_de: float) -> np.ndarray | None:
    """CIELAB of the head above the forehead (top rows first), background pixels left out; None when too few.

    The crown is only ~0.5 face widths above the eye line, so the grid reaches from 0.75 down to 0.3 face widths
    above the eyes and the background (sky above the head) is removed by colour."""
    x, y = _face_grid(face, fw, -0.2, 0.2, -0.75, -0.3, n=28)
    px = _sample(arr, x, y)  # row by row, top first
    if len(px) < 40:
        return None
    c = lab(px)
    c = c[np.sqrt(((c - bg_lab) ** 2).sum(axis=1)) > bg_de]
    return c if len(c) >= 20 else None


def hair_colour(arr: np.ndarray, face: Face, fw: float, bg_lab: np.ndarray, bg_de: float) -> np.ndarray | None:
    """Median CIELAB colour of the hair: the upper part of what is on the head above the forehead."""
    c = _crown(arr, face, fw, bg_lab, bg_de)
    # The first rows under the background: short hair is a thin band above a high forehead.
    return None if c is None else np.median(c[: max(12, len(c) * 3 // 20)], axis=0)


def _hair_share(c: np.ndarray, skin: np.ndarray, hair: np.ndarray, max_de: float) -> float:
    ds = np.sqrt(((c - skin) ** 2).sum(axis=1))
    dh = np.sqrt(((c - hair) ** 2).sum(axis=1))
    return float(((dh < ds) & (dh < max_de)).mean())


def _strands(arr: np.ndarray, x: np.ndarray, y: np.ndarray, bg_lab: np.ndarray, bg_de: float) -> float | None:
    """Orientation coherence of the brightness gradients at the grid points that are not background.

    Hair lies in parallel strands, so its edges all point one way (coherence 0.8–1, whatever its colour: it
    tells blond hair from skin where colour cannot); an ear is a curved rim and smooth skin, edges every way
    (0.2–0.8). The structure tensor's (λ1 − λ2) / (λ1 + λ2), on a crop around the region only (speed)."""
    import cv2

    h, w = arr.shape[:2]
    xi, yi = np.rint(x).astype(int).ravel(), np.rint(y).astype(int).ravel()
    keep = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    if keep.sum() < 200:
        return None
    xi, yi = xi[keep], yi[keep]
    c = lab(arr[yi, xi])
    not_bg = np.sqrt(((c - bg_lab) ** 2).sum(axis=1)) > bg_de
    if not_bg.mean() < 0.25:
        return None
    # 4 px margin: the 3×3 blur and the 3×3 Sobel see the same pixels as on the whole picture.
    x0, y0 = max(0, xi.min() - 4), max(0, yi.min() - 4)
    crop = np.ascontiguousarray(arr[y0:min(h, yi.max() + 5), x0:min(w, xi.max() + 5)])
    g = cv2.GaussianBlur(cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY).astype(np.float32), (3, 3), 0)
    px, py = xi[not_bg] - x0, yi[not_bg] - y0
    gx, gy = cv2.Sobel(g, cv2.CV_32F, 1, 0)[py, px], cv2.Sobel(g, cv2.CV_32F, 0, 1)[py, px]
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    return math.sqrt((jxx - jyy) ** 2 + 4 * jxy ** 2) / (jxx + jyy + 1e-6)


def ears(arr: np.ndarray, face: Face, fw: float, skin: np.ndarray, hair: np.ndarray | None, bg_lab: np.ndarray,
         skin_chroma: float, skin_dl: float, bg_de: float, hair_de: float) -> tuple[EarSide | None, EarSide | None]:
    """What is where each ear should be: skin, or the hair seen above the forehead (and does it go on down).

    The ears sit just outside the cheeks, from eye height to below the nose. Skin colour alone is fooled by a
    shadowed ear next to short dark hair; hair colour alone by a dark background. Together with "the hair goes
    on below the ear" (long hair over an ear falls to the shoulders; short hair stops above it) they make a
    `fail` the checker can stand behind; everything between is `warn` (docs/photo.md). None for an ear whose
    region is mostly background or outside the picture.
    """
    nv = face.upright(face.nose)[1] / fw if face.nose else 0.25
    mv = face.upright(face.mouth)[1] / fw if face.mouth else 0.45
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
        cn = c[not_bg]
        chroma = np.sqrt(((cn[:, 1:] - skin[1:]) ** 2).sum(axis=1))
        skin_share = float(((chroma <= skin_chroma) & (np.abs(cn[:, 0] - skin[0]) <= skin_dl)).mean())
        strands = _strands(arr, *_face_grid(face, fw, u0, u1, -0.02, nv + 0.08, n=28), bg_lab, bg_de)
        if hair is None:
            out.append(EarSide(skin_share, 0.0, 0.0, strands))
            continue
        b0, b1 = sorted((sign * 0.40, sign * 0.62))
        below = lab(_sample(arr, *_face_grid(face, fw, b0, b1, mv + 0.15, mv + 0.45, n=12)))
        out.append(EarSide(skin_share, _hair_share(c, skin, hair, hair_de),
                           _hair_share(below, skin, hair, hair_de) if len(below) >= 40 else 0.0, strands))
    return out[0], out[1]


def headwear(arr: np.ndarray, face: Face, fw: float, skin: np.ndarray, skin_dl: float, bg_lab: np.ndarray,
             bg_de: float) -> float | None:
    """Share of what is on the head above the forehead that is strongly coloured and not skin: a hat, cap, hood
    or headband. Hair of any natural colour (black, brown, blond, grey) has low CIELAB chroma; caps and bands
    are often coloured. A black cap reads as dark hair here: a known limit (docs/photo.md)."""
    c = _crown(arr, face, fw, bg_lab, bg_de)
    if c is None:
        return None
    chroma = np.sqrt((c[:, 1:] ** 2).sum(axis=1))
    skin_chroma = float(np.sqrt((skin[1:] ** 2).sum()))
    skinlike = (np.sqrt(((c[:, 1:] - skin[1:]) ** 2).sum(axis=1)) < 12) & (np.abs(c[:, 0] - skin[0]) < skin_dl)
    return float(((chroma > max(35.0, skin_chroma + 12)) & ~skinlike).mean())


def glasses(arr: np.ndarray, face: Face, fw: float) -> tuple[float, float]:
    """(glare, dark): share of burnt-white pixels on the eyes and the eye region's lightness relative to the
    cheeks. A catchlight is a few pixels; lens glare is a patch. Tinted lenses make the eyes a dark block."""
    boxes = [_sample(arr, *_face_grid(face, fw, s * 0.28, s * 0.08, -0.08, 0.08, n=14)) for s in (-1, 1)]
    cheeks = _sample(arr, *_face_grid(face, fw, -0.3, 0.3, 0.15, 0.3, n=10))
    eyes = np.concatenate(boxes)
    glare = float((eyes.min(axis=1) >= 245).mean())
    dark = float(np.median(lab(eyes)[:, 0]) / max(1.0, np.median(lab(cheeks)[:, 0])))
    return glare, dark


def eyebrows(arr: np.ndarray, face: Face, fw: float, skin: np.ndarray, hair: np.ndarray | None,
             hair_de: float, min_contrast: float) -> float | None:
    """Share of the forehead just above the eyebrows that is hair-coloured: a fringe over the brows."""
    if hair is None or float(np.sqrt(((hair - skin) ** 2).sum())) < min_contrast:
        return None  # hair and skin look alike here: a fringe cannot be told from the forehead
    # Just above the brows (~0.12–0.18 face widths above the eye line): forehead skin unless a fringe hangs there.
    px = _sample(arr, *_face_grid(face, fw, -0.25, 0.25, -0.27, -0.17, n=14))
    if len(px) < 40:
        return None
    return _hair_share(lab(px), skin, hair, hair_de)


EDGE_PERCENTILE = 99


def sharpness(img: Image.Image, face: Face, scale: float, target_fw: float) -> tuple[float, float]:
    """Fine detail relative to medium detail on the face, at the size the face has in the 480×640 frame.

    `img` is the decoded picture, `face` in display coordinates, `scale` = img pixels per display pixel.
    Blur and enlargement remove the finest detail first, so the ratio of |I − G₁·I| to |G₁·I − G₂·I|
    (Gaussian σ = 1 and 2 px) falls, independently of contrast and lighting. Returns (mean ratio, ratio at
    the strongest edges).
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
    fine, medium = np.abs(a - b1), np.abs(b1 - b2)
    mean = float(fine.mean()) / max(float(medium.mean()), 1e-3)
    # Also at the strongest edges (eyelids, lashes, brows, the hair's outline): a studio's skin smoothing
    # removes fine texture everywhere (the mean ratio fell to 0.56–0.72 on smoothed real portraits) but leaves
    # those edges crisp, while real blur softens every edge (docs/photo.md).
    edge = float(np.percentile(fine, EDGE_PERCENTILE)) / max(float(np.percentile(medium, EDGE_PERCENTILE)), 1e-3)
    return mean, edge


def border(arr: np.ndarray, max_share: float, line_std: float, step: float, min_px: int,
           drift: float) -> tuple[str, int] | None:
    """An added band along an edge: the outermost lines are one flat colour, and the whole line changes at once
    where the band ends (a background or a head changes only part of a line). Returns (side, width) or None."""
    # Every third pixel along each line is plenty to see a flat line and a whole-line step (and 3× cheaper).
    sides = {"top": arr[:, ::3], "bottom": arr[::-1, ::3], "left": arr[::3].transpose(1, 0, 2),
             "right": arr[::3].transpose(1, 0, 2)[::-1]}
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


@dataclass
class Background:
    median_rgb: tuple[int, int, int]
    lab: np.ndarray        # CIELAB of the median colour
    delta_e: float         # CIELAB distance from the standard's colour
    spread: float          # largest CIELAB distance between two sample boxes
    boxes: list[tuple[int, int, int, int]]


def background_boxes(w: int, h: int, eye_y: float | None,
                     band: tuple[str, int] | None = None) -> list[tuple[int, int, int, int]]:
    """Background sample boxes (x0, y0, x1, y1): top corners, top centre, and both sides at eye height.

    An added border is left out (the boxes move inward past it): it is `image.border`'s finding, and the fix can
    often crop it away, which a "background not uniform" refusal would prevent.
    """
    if band is not None:
        side, n = band
        n += 2  # JPEG ringing at the band's inner edge
        x0, y0 = (n if side == "left" else 0), (n if side == "top" else 0)
        x1, y1 = w - (n if side == "right" else 0), h - (n if side == "bottom" else 0)
        inner = background_boxes(x1 - x0, y1 - y0, None if eye_y is None else eye_y - y0)
        return [(a + x0, b + y0, c + x0, d + y0) for a, b, c, d in inner]
    s = max(4, round(0.07 * w))
    top = max(4, round(0.05 * h))
    mid = int(eye_y) if eye_y is not None else h // 3
    mid = min(max(mid, top + s), h - s)
    boxes = [(0, 0, s, top), (w - s, 0, w, top), (0, mid - s // 2, s, mid + s // 2),
             (w - s, mid - s // 2, w, mid + s // 2)]
    if eye_y is None:
        # Top centre only when no face was found: with a face, hair may reach the top edge there, and that is
        # a head-top problem, not a background one.
        boxes.insert(1, ((w - s) // 2, 0, (w + s) // 2, top))
    return boxes


def background(arr: np.ndarray, eye_y: float | None, band: tuple[str, int] | None,
               standard_rgb: tuple[int, int, int]) -> Background:
    boxes = background_boxes(arr.shape[1], arr.shape[0], eye_y, band)
    patches = [arr[y0:y1, x0:x1].reshape(-1, 3) for x0, y0, x1, y1 in boxes]
    means = np.array([lab(p).mean(axis=0) for p in patches])
    median = np.median(np.concatenate(patches), axis=0).round().astype(np.uint8)
    med_lab = lab(median)
    ref = lab(np.array(standard_rgb, dtype=np.uint8))
    spread = max(float(np.sqrt(((a - b) ** 2).sum())) for i, a in enumerate(means) for b in means[i + 1:])
    return Background(tuple(int(v) for v in median), med_lab, float(np.sqrt(((med_lab - ref) ** 2).sum())), spread,
                      boxes)


def picture_brightness(arr: np.ndarray) -> float:
    """Lightness (L*) of the brightest twentieth of the picture (background, shirt, highlights): tells an
    under-exposed photo from a dark-skinned face; the face alone cannot, dark skin is not a fault."""
    return float(np.percentile(lab(arr[::4, ::4].reshape(-1, 3))[:, 0], 95))
