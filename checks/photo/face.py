"""Offline face measurement: yuface (libfacedetection, weights inside the wheel) with OpenCV Haar as fallback.

Everything here works in "display" coordinates: the upright photo scaled to 480 px wide. For a 3:4 photo that
is exactly the 480×640 frame of the standard; for other shapes y is converted with 640 / display height.
"""
from __future__ import annotations

import ctypes
import glob
import math
import os
import threading
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

DETECT_LONG_SIDE = 320  # detector input; see docs/photo.md (speed vs landmark precision on the development set)


@dataclass
class Face:
    x: float
    y: float
    w: float
    h: float
    confidence: float
    left_eye: tuple[float, float] | None = None   # the eye on the image's left
    right_eye: tuple[float, float] | None = None
    symmetry_tilt: float | None = None  # degrees, from the face's mirror symmetry (see _symmetry_tilt)
    nose: tuple[float, float] | None = None
    mouth: tuple[float, float] | None = None      # midpoint of the two mouth corners
    tilt_reliable: bool = True   # False when a search ended at its edge: the tilt is only an estimate

    @property
    def eye_y(self) -> float:
        if self.left_eye and self.right_eye:
            return (self.left_eye[1] + self.right_eye[1]) / 2
        return self.y + 0.40 * self.h  # Haar without eyes: typical proportion

    @property
    def center_x(self) -> float:
        if self.left_eye and self.right_eye:
            return (self.left_eye[0] + self.right_eye[0]) / 2
        return self.x + self.w / 2

    @property
    def eye_tilt_deg(self) -> float | None:
        """Tilt of the line through the (refined) eye points; positive when the right-hand eye is lower."""
        if not (self.left_eye and self.right_eye):
            return None
        dx = self.right_eye[0] - self.left_eye[0]
        dy = self.right_eye[1] - self.left_eye[1]
        return math.degrees(math.atan2(dy, dx)) if dx else 90.0

    @property
    def tilt_deg(self) -> float | None:
        """Mean of the eye-line angle and the symmetry angle searched near it (see _with_symmetry_tilt).

        On rotated copies of the compliant photo the eye line alone tracked the true angle with slope ~1 and
        the symmetry angle over-read by up to 2-3° at ±10°; their mean halves the noise of either.
        Without a symmetry reading (search ended at its edge) this is the eye-line estimate.
        """
        eye = self.eye_tilt_deg
        if self.symmetry_tilt is None or eye is None:
            return eye
        return (eye + self.symmetry_tilt) / 2

    @property
    def eye_distance(self) -> float | None:
        if not (self.left_eye and self.right_eye):
            return None
        return math.hypot(self.right_eye[0] - self.left_eye[0], self.right_eye[1] - self.left_eye[1])

    def upright(self, p: tuple[float, float]) -> tuple[float, float]:
        """`p` relative to the eye midpoint, rotated so the eye line is horizontal (undoes the head's roll)."""
        a = math.radians(self.eye_tilt_deg or 0.0)
        dx, dy = p[0] - self.center_x, p[1] - self.eye_y
        return dx * math.cos(a) + dy * math.sin(a), -dx * math.sin(a) + dy * math.cos(a)

    def cheek_width(self, per_eye_distance: float, per_eye_mouth: float) -> float:
        """Cheek-to-cheek width from the landmarks, not from the detector box.

        Both distances are rotation-invariant, so tilt cannot grow them. The mean of the two estimates: on the
        development set of real portraits the larger of the two (kept before, against turns and nods) read up
        to 44 px wide (p95 26 px), the mean 28 px (p95 16 px); a turned head is reported as `warn` near the
        limits instead (face_checks.width). The factors (face width per distance) are calibrated on frontal
        faces (docs/photo.md). Without the mouth/eye points (Haar fallback) the detector box is all there is.
        """
        iod = self.eye_distance
        if iod is None or self.mouth is None:
            return self.w
        em = math.hypot(*self.upright(self.mouth))
        return (per_eye_distance * iod + per_eye_mouth * em) / 2

    @property
    def yaw_ratio(self) -> float | None:
        """How far the head is turned, in eye distances: the nose tip's sideways offset from the eye midpoint
        minus the face box centre's offset (0 when looking straight on).

        Turning moves the nose towards one side and leaves the face outline (the detector box) behind on the
        other, so the two offsets have opposite signs; their difference doubled the signal on the turned
        variants while frontal faces stayed within ±0.16 (docs/photo.md).
        """
        if self.nose is None or not self.eye_distance:
            return None
        box = self.upright((self.x + self.w / 2, self.y + self.h / 2))[0]
        return (self.upright(self.nose)[0] - box) / self.eye_distance

    @property
    def pitch_ratio(self) -> float | None:
        """Where the nose tip sits between the eye line (0) and the mouth (1); changes when the head nods."""
        if self.nose is None or self.mouth is None:
            return None
        my = self.upright(self.mouth)[1]
        return self.upright(self.nose)[1] / my if my > 1 else None

    def scaled(self, f: float) -> "Face":
        s = lambda p: (p[0] * f, p[1] * f) if p else None  # noqa: E731
        return Face(self.x * f, self.y * f, self.w * f, self.h * f, self.confidence, s(self.left_eye),
                    s(self.right_eye), self.symmetry_tilt, s(self.nose), s(self.mouth), self.tilt_reliable)

    def replace(self, **kw) -> "Face":
        from dataclasses import replace

        return replace(self, **kw)


_init_lock = threading.Lock()
_detector: list = []  # [the yuface module once it has detected once, or None when it is not installed]


def _yuface():
    """yuface, initialised once, safely, whichever thread asks first.

    Its first detect() runs a guarded C++ initialiser that needs the GIL: with 20 first checks arriving together
    one thread sat in that guard waiting for the GIL while another held the GIL waiting for the guard (the
    process hung for good, issue 22). Here the first detect runs on a tiny image under a Python lock: the other
    threads wait on the lock, which releases the GIL. `warm_up()` does it before the app serves anyone.
    """
    if not _detector:
        with _init_lock:
            if not _detector:
                _detector.append(_load_yuface())
    return _detector[0]


def _load_yuface():
    try:
        import yuface
    except Exception:
        return None
    # yuface's bundled OpenMP spins on this machine: one thread is 30× faster (8 ms vs 350 ms at 240×320).
    libdir = os.path.join(os.path.dirname(yuface.__file__), "..", "yuface.libs")
    for lib in glob.glob(os.path.join(libdir, "libgomp*")):
        try:
            ctypes.CDLL(lib).omp_set_num_threads(1)
        except Exception:
            pass
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yuface.detect(np.zeros((64, 64, 3), np.uint8), conf=0.3)
    return yuface


def warm_up() -> None:
    """Load the face detector now (the app calls this before serving; later calls cost nothing)."""
    if _yuface() is None:
        _haar()


@lru_cache(maxsize=1)
def _haar():
    import cv2

    face = cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, "haarcascade_frontalface_default.xml"))
    eye = cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, "haarcascade_eye.xml"))
    return face, eye


def _detect_yuface(rgb: np.ndarray) -> list[Face]:
    yf = _yuface()
    bgr = np.ascontiguousarray(rgb[:, :, ::-1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        confs, boxes, marks = yf.detect(bgr, conf=0.3)
    faces = []
    for c, b, m in zip(confs, boxes, marks):
        e1, e2 = (float(m[0]), float(m[1])), (float(m[2]), float(m[3]))
        left, right = (e1, e2) if e1[0] <= e2[0] else (e2, e1)
        nose = (float(m[4]), float(m[5]))
        mouth = ((float(m[6]) + float(m[8])) / 2, (float(m[7]) + float(m[9])) / 2)
        faces.append(Face(float(b[0]), float(b[1]), float(b[2]), float(b[3]), float(c), left, right,
                          nose=nose, mouth=mouth))
    return faces


def _detect_haar(rgb: np.ndarray) -> list[Face]:
    import cv2

    face_c, eye_c = _haar()
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    side = min(gray.shape)
    faces = []
    for (x, y, w, h) in face_c.detectMultiScale(gray, 1.1, 5, minSize=(side // 8, side // 8)):
        roi = gray[y:y + h // 2 + h // 8, x:x + w]
        eyes = eye_c.detectMultiScale(roi, 1.1, 5, minSize=(w // 10, w // 10))
        eyes = sorted(eyes, key=lambda e: -e[2])[:2]
        f = Face(float(x), float(y), float(w), float(h), 90.0)
        if len(eyes) == 2:
            pts = sorted((x + ex + ew / 2, y + ey + eh / 2) for ex, ey, ew, eh in eyes)
            f.left_eye, f.right_eye = pts[0], pts[1]
        faces.append(f)
    return faces


LANDMARK_MIN_FACE = 88  # below this face width (detector pixels; 110 at the former 400 px input) the landmarks are re-read on a closer crop
LANDMARK_FACE = 160      # …scaled so the face is this wide


def _closer_landmarks(img: Image.Image, face: Face) -> Face:
    """Re-detect on a crop around a small face: yuface's eye points on a 50-px face were off by 9° (biden.jpg)."""
    pad = 0.6
    box = (int(max(0, face.x - pad * face.w)), int(max(0, face.y - pad * face.h)),
           int(min(img.width, face.x + (1 + pad) * face.w)), int(min(img.height, face.y + (1 + pad) * face.h)))
    g = min(1.0, LANDMARK_FACE / max(face.w, 1.0))
    crop = img.crop(box)
    crop = crop.resize((max(1, round(crop.width * g)), max(1, round(crop.height * g))), Image.Resampling.BILINEAR)
    found = _detect_yuface(np.asarray(crop))
    if not found:
        return face
    best = max(found, key=lambda f: f.w).scaled(1 / g)
    return Face(best.x + box[0], best.y + box[1], best.w, best.h, face.confidence,
                *[(p[0] + box[0], p[1] + box[1]) for p in (best.left_eye, best.right_eye)],
                nose=(best.nose[0] + box[0], best.nose[1] + box[1]),
                mouth=(best.mouth[0] + box[0], best.mouth[1] + box[1]))


def detect_faces(img: Image.Image, min_confidence: float, min_relative: float) -> list[Face]:
    """Faces in `img` coordinates, biggest first; drops unsure and tiny (background) detections."""
    f = min(1.0, DETECT_LONG_SIDE / max(img.size))
    small = img if f == 1.0 else img.resize((max(1, round(img.width * f)), max(1, round(img.height * f))),
                                            Image.Resampling.BILINEAR)
    arr = np.asarray(small)
    yu = _yuface() is not None
    faces = _detect_yuface(arr) if yu else _detect_haar(arr)
    faces = [x for x in faces if x.confidence >= min_confidence]
    faces.sort(key=lambda x: -x.w)
    if faces:
        faces = [x for x in faces if x.w >= min_relative * faces[0].w]
    faces = [x.scaled(1 / f) for x in faces]
    if yu:
        faces = [_closer_landmarks(img, x) if x.w * f < LANDMARK_MIN_FACE else x for x in faces]
    return [_with_symmetry_tilt(img, _refine_eyes(img, x)) for x in faces]


SYMMETRY_FACE_WIDTH = 96   # the face is compared with its mirror image at this width
SYMMETRY_WINDOW_DEG = 4.0  # symmetry is searched only this far either side of the eye-line angle, 0.5° steps


def _with_symmetry_tilt(img: Image.Image, face: Face) -> Face:
    """Tilt as the rotation near the eye-line angle that makes the face most mirror-symmetric.

    The symmetry score alone drifts to any angle under one-sided light or a turned head (issue 9: 8 of 72
    real portraits read as exactly the ±15° edge); the refined eye points are coarser (±3°) but never drift
    far. So the search is anchored on the eye line, ±SYMMETRY_WINDOW_DEG around it, and a best angle at the
    edge of that window means the two disagree: the reading is marked unreliable (a `warn`, never a measured
    tilt). ~3 ms.
    """
    import cv2

    anchor = face.eye_tilt_deg
    if anchor is None:
        return face
    cx, cy = face.center_x, face.eye_y + 0.1 * face.h
    half = 0.75 * face.w
    g = SYMMETRY_FACE_WIDTH / max(face.w, 1.0)
    side = max(8, int(2 * half * g))
    crop = img.crop((int(cx - half), int(cy - half), int(cx + half), int(cy + half))).convert("L")
    a = np.asarray(crop.resize((side, side), Image.Resampling.BILINEAR), dtype=np.float32)
    m = int(side * 0.18)  # inner window: the face, not the hair outline or background at the corners
    centre = round(anchor * 2) / 2
    angles = np.arange(centre - SYMMETRY_WINDOW_DEG, centre + SYMMETRY_WINDOW_DEG + 1e-6, 0.5)
    scores = []
    for angle in angles:
        # cv2 turns counter-clockwise for positive angles: this undoes a clockwise tilt of `angle` degrees.
        rot = cv2.getRotationMatrix2D((side / 2, side / 2), float(angle), 1.0)
        w = cv2.warpAffine(a, rot, (side, side), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)[m:side - m, m:side - m]
        wz = w - w.mean()
        scores.append(float((wz * wz[:, ::-1]).sum() / ((wz * wz).sum() + 1e-6)))
    i = int(np.argmax(scores))
    if i in (0, len(angles) - 1):
        return face.replace(symmetry_tilt=None, tilt_reliable=False)
    return face.replace(symmetry_tilt=float(angles[i]))


EYE_FACE_WIDTH = 200  # the eye region is compared on a crop scaled so the face is this wide


def _refine_eyes(img: Image.Image, face: Face) -> Face:
    """Re-place the right eye by matching it against the mirrored left eye (eye + eyebrow patch).

    yuface's landmarks wobble by ±4° of tilt with input scale and framing; matching the mirror-symmetric eye
    regions gives the relative height of the two eyes to about ±1° (measured, see docs/photo.md).
    """
    if not (face.left_eye and face.right_eye):
        return face
    g = EYE_FACE_WIDTH / max(face.w, 1.0)
    pad = 0.3
    box = (int(max(0, face.x - pad * face.w)), int(max(0, face.y - pad * face.h)),
           int(min(img.width, face.x + (1 + pad) * face.w)), int(min(img.height, face.y + (1 + pad) * face.h)))
    crop = img.crop(box).convert("L")
    crop = crop.resize((max(1, round(crop.width * g)), max(1, round(crop.height * g))), Image.Resampling.BILINEAR)
    gray = np.asarray(crop, dtype=np.float32)
    hw, hh, sx, sy = 26, 18, 8, 14
    lx, ly = (round((face.left_eye[0] - box[0]) * g), round((face.left_eye[1] - box[1]) * g))
    rx, ry = (round((face.right_eye[0] - box[0]) * g), round((face.right_eye[1] - box[1]) * g))
    if (min(lx - hw, ly - hh, rx - hw - sx, ry - hh - sy) < 0 or ly + hh > gray.shape[0]
            or ry + hh + sy > gray.shape[0] or rx + hw + sx > gray.shape[1] or lx + hw > gray.shape[1]):
        return face
    import cv2

    left = np.ascontiguousarray(gray[ly - hh:ly + hh, lx - hw:lx + hw])
    area = np.ascontiguousarray(gray[ry - hh - sy:ry + hh + sy, rx - hw - sx:rx + hw + sx][:, ::-1])
    # Normalised correlation of the left eye with every placement in the mirrored right-eye area.
    score = cv2.matchTemplate(area, left, cv2.TM_CCOEFF_NORMED)  # (2sy+1, 2sx+1)
    iy, _ = np.unravel_index(np.argmax(score), score.shape)
    if iy in (0, 2 * sy):
        # The best match is at the edge of the search: not a measurement. Keep the detector's eye points.
        return face.replace(tilt_reliable=False)
    dy = iy - sy
    # Only the height is taken: the mirror match says how much higher or lower the right eye sits (the tilt),
    # while a sideways shift would change the eye distance that the face width is computed from.
    right = (face.right_eye[0], face.right_eye[1] + dy / g)
    return face.replace(right_eye=right)


_V = np.arange(256) / 255.0
_LINEAR = np.where(_V > 0.04045, ((_V + 0.055) / 1.055) ** 2.4, _V / 12.92)  # sRGB decoding, one entry per byte
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) \
    / np.array([0.95047, 1.0, 1.08883])[:, None]


def _lab(rgb: np.ndarray) -> np.ndarray:
    """sRGB (uint8, …×3) → CIELAB (D65). The sRGB curve is a table lookup: 3× faster than the power per pixel."""
    c = _LINEAR[rgb]
    xyz = c @ _XYZ.T
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], axis=-1)


def lab(rgb) -> np.ndarray:
    return _lab(np.asarray(rgb, dtype=np.uint8))


@dataclass
class HeadTop:
    y: float
    method: str  # "edge" (background/hair boundary found), "cut" (hair touches the top edge), "estimate"


# Head-top search: a row belongs to the head when this share of the columns above the face differ from the
# background by more than HEAD_DELTA_E (CIELAB). Values measured on the shared photos, see docs/photo.md.
HEAD_DELTA_E = 18.0
HEAD_SHARE = 0.5
HEAD_RUN = 3


def estimate_head_top(disp: np.ndarray, face: Face, bg_lab: np.ndarray | None) -> HeadTop:
    """Scan down the columns above the face until they stop looking like background (hair or skin starts)."""
    chin_gap = max(1.0, face.y + face.h - face.eye_y)
    geometric = face.eye_y - 1.0 * chin_gap  # crown ≈ as far above the eyes as the chin is below (measured)
    if bg_lab is None:
        return HeadTop(geometric, "estimate")
    x0 = int(max(0, face.center_x - 0.2 * face.w))
    x1 = int(min(disp.shape[1], face.center_x + 0.2 * face.w + 1))
    y_end = int(max(1, min(disp.shape[0], face.y + 0.2 * face.h)))
    strip = _lab(disp[:y_end, x0:x1])
    diff = np.sqrt(((strip - bg_lab) ** 2).sum(axis=-1)) > HEAD_DELTA_E
    head_rows = diff.mean(axis=1) >= HEAD_SHARE
    if head_rows[: HEAD_RUN].all():
        # Hair from the very first row: either the head is cut by the top edge, or there is no plain background.
        return HeadTop(0.0, "cut")
    run = 0
    for y, is_head in enumerate(head_rows):
        run = run + 1 if is_head else 0
        if run >= HEAD_RUN:
            return HeadTop(float(y - HEAD_RUN + 1), "edge")
    return HeadTop(geometric, "estimate")
