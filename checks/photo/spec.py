"""The photo standard's numbers, read from the round's data file (`photo:` section)."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class PhotoSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int
    height: int
    dpi: int
    min_quality: int
    min_bytes: int
    max_bytes: int
    head_top: tuple[int, int]
    eye_line: tuple[int, int]
    face_width: tuple[int, int]
    background_rgb: tuple[int, int, int]
    # The standard gives no tolerance for these; see docs/photo.md for how they were chosen.
    center_tolerance_px: int
    eyes_level_tolerance_deg: float
    background_max_delta_e: float
    background_max_spread: float
    # Input limits (ours): anything bigger is refused before it is decoded.
    max_upload_bytes: int = 30 * 1024 * 1024
    max_pixels: int = 50_000_000
    # The safe fix may enlarge the source at most this much (more looks blurred).
    max_upscale: float = 1.3
    # Quality range the fix searches (the standard asks for >= min_quality).
    fix_max_quality: int = 95
    # A face counts only if the detector is at least this sure (0–100) and it is not tiny next to the largest.
    face_min_confidence: int = 70
    face_min_relative_size: float = 0.3
    # Face-width band margin kept by the fix, so that measurement noise does not push it out of the band.
    fix_margin_px: int = 8

    # v2 checks (issue 9). Pairs are (pass limit, fail limit): between the two the check reports `warn`.
    # Every value is measured on the variants of benchmarks/bench_photo_accuracy.py; see docs/photo.md.
    face_width_per_eye_distance: float      # cheek-to-cheek width per distance between the eyes (frontal faces)
    face_width_per_eye_mouth: float         # … per distance from the eye line to the mouth
    frontal_turn_depth: float               # yaw = atan(turn ratio / this) (see Face.yaw_ratio)
    frontal_yaw_deg: tuple[float, float]
    frontal_pitch_ratio: tuple[float, float]        # nose between eyes (0) and mouth (1): pass band
    frontal_pitch_fail_ratio: tuple[float, float]   # outside this band: fail
    # Ears (v3, measured on the development set of real portraits): `pass` needs both ears with some skin and
    # no parallel strands; `fail` needs one ear hair-like, not skin-like, with the hair going on below the ear.
    ears_skin_share: tuple[float, float]    # skin share where each ear should be: (pass min, fail max)
    ears_hair_fail: float                   # fail: hair-coloured share there at least this (and the rest)
    ears_strands_max: float                 # pass: orientation coherence + weight × hair share at most this
    ears_strands_hair_weight: float
    ears_hair_below: float                  # fail only when hair covers at least this share beside the jaw
    ears_hair_delta_e: float                # a pixel this close (CIELAB) to the crown's hair colour is hair
    ears_skin_chroma: float                 # CIELAB colour distance that still counts as the cheeks' skin colour
    ears_skin_lightness: float              # …and lightness difference
    sharpness_ratio: tuple[float, float]    # fine/medium detail on the face (higher is sharper)
    sharpness_edge_ratio_fail: float        # …and a fail also needs the strongest edges below this
    ears_skin_none: float                   # an ear with no more skin than this (among non-background) fails
    # Face width: a reading this far outside the band is `fail`; closer to the limit it is within the
    # measurement's error on real portraits (turned heads read wide), so `warn`.
    face_width_uncertain_px: int
    eyes_level_uncertain_deg: float = 1.5   # a tilt this little beyond the tolerance is `warn`, not `fail`
    face_width_reliable_yaw_deg: float      # …when the head is turned at least this much
    # Head top estimated from the face's proportions (no plain background to see the crown against):
    # `fail` only when this far outside the band, otherwise `warn`.
    head_top_estimate_margin_px: int
    # v3 codes (issue 18).
    headwear_share: tuple[float, float]     # coloured, non-skin share of the crown: (pass max, fail min)
    glasses_glare_share: float              # burnt-white share on the eyes above this: warn
    glasses_dark_ratio: float               # eye region darker than this share of the cheeks' lightness: warn
    eyebrows_hair_share: float              # hair-coloured share just above the brows above this: warn
    eyebrows_min_contrast: float = 20.0     # hair and skin closer than this (CIELAB): not measurable (skip)
    # Words people read, keyed by check code and status ({placeholders} filled by the checker).
    messages: dict[str, Any] = {}
    # How the background colour is named to a candidate (the standard's colour and what else it looks like).
    background_words: dict[str, str] = {}
    border_min_px: int                      # narrower bands are not reported
    border_max_share: float                 # bands are looked for in this share of the width/height from each edge
    border_line_std: float                  # a band line is this flat (RGB standard deviation)
    border_step: float                      # RGB distance between the band and the picture where the band ends
    border_drift: float                     # a band's lines may differ this much (RGB) from its outermost line
    clothing_close_delta_e: float           # a chest pixel this close to the background colour "blends in"
    clothing_blend_share: tuple[float, float]   # share of the chest that blends in (lower is better)
    exposure_clipped_share: tuple[float, float]  # share of cheek pixels burnt white or lost in black
    exposure_side_diff: tuple[float, float]      # lightness difference between the two cheeks (CIELAB L*)
    exposure_picture_bright: tuple[float, float]   # lightness (L*) of the brightest 5 % of the picture
    exposure_face_lightness: tuple[float, float]   # cheeks darker / lighter than this (L*) fail whatever the skin
    # What pixels cannot show: listed on every report as "请自己确认" (the standard's own words).
    self_confirm: tuple[str, ...]

    # Plain-text forms of the standard's numbers, for messages: every message is filled from these.
    @property
    def size_text(self) -> str:
        return f"{self.width}×{self.height}"

    @property
    def bytes_text(self) -> str:
        return f"{self.min_bytes / 1024:g}–{self.max_bytes / 1024:g} KB"

    @property
    def rgb_text(self) -> str:
        return "RGB({},{},{})".format(*self.background_rgb)

    @property
    def head_top_mid(self) -> float:
        return sum(self.head_top) / 2

    @property
    def eye_line_mid(self) -> float:
        return sum(self.eye_line) / 2

    @property
    def face_width_mid(self) -> float:
        return sum(self.face_width) / 2
