"""The photo standard's numbers, read from the round's data file (`photo:` section)."""
from __future__ import annotations

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

    @property
    def head_top_mid(self) -> float:
        return sum(self.head_top) / 2

    @property
    def eye_line_mid(self) -> float:
        return sum(self.eye_line) / 2

    @property
    def face_width_mid(self) -> float:
        return sum(self.face_width) / 2
