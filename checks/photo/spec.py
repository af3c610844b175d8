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
