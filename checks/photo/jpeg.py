"""JPEG helpers: quality estimate from quantization tables, and encoding into the 20–40 KB window."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

# ITU-T T.81 Annex K tables, natural (row-major) order, as Pillow reports `Image.quantization`.
_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99], dtype=np.float64)
_CHROMA = np.array([
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99] + [99] * 32, dtype=np.float64)


def _ijg_table(base: np.ndarray, quality: int) -> np.ndarray:
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    return np.clip(np.floor((base * scale + 50) / 100), 1, 255)


_QUALITIES = np.arange(1, 101)
_LUMA_ALL = np.stack([_ijg_table(_LUMA, q) for q in _QUALITIES])      # (100, 64)
_CHROMA_ALL = np.stack([_ijg_table(_CHROMA, q) for q in _QUALITIES])


def estimate_quality(quantization: dict | None) -> int | None:
    """IJG quality factor whose scaled tables best match (least squares). Exact for libjpeg/Pillow/OpenCV files."""
    if not quantization:
        return None
    tables = [np.asarray(t, dtype=np.float64) for _, t in sorted(quantization.items())]
    tables = [t for t in tables if t.size == 64]
    if not tables:
        return None
    err = ((_LUMA_ALL - tables[0]) ** 2).sum(axis=1)
    if len(tables) > 1:
        err = err + ((_CHROMA_ALL - tables[1]) ** 2).sum(axis=1)
    return int(_QUALITIES[int(np.argmin(err))])  # the lowest quality wins a tie, as the loop before did


def encode(img: Image.Image, quality: int, subsampling: int, dpi: int) -> bytes:
    buf = io.BytesIO()
    # Baseline (not progressive), no EXIF, JFIF density = dpi.
    img.save(buf, "JPEG", quality=quality, subsampling=subsampling, dpi=(dpi, dpi), progressive=False,
             optimize=False)
    return buf.getvalue()


def encode_in_window(img: Image.Image, min_bytes: int, max_bytes: int, min_q: int, max_q: int,
                     dpi: int) -> tuple[bytes, int, str]:
    """Highest quality in [min_q, max_q] whose size is <= max_bytes; 4:2:0 first, 4:4:4 if that is too small.

    Size grows with quality for a fixed image and subsampling, so a binary search finds it. Returns the bytes,
    the quality and the subsampling used. The caller re-checks the size: files are never padded.
    """
    best: tuple[bytes, int, str] | None = None
    for subsampling, label in ((2, "4:2:0"), (0, "4:4:4")):
        lo, hi, found = min_q, max_q, None
        while lo <= hi:
            mid = (lo + hi) // 2
            data = encode(img, mid, subsampling, dpi)
            if len(data) <= max_bytes:
                found, lo = (data, mid, label), mid + 1
            else:
                hi = mid - 1
        if found is None:
            # Even the lowest allowed quality is too big; with 4:4:4 it would only be bigger.
            return best or (encode(img, min_q, subsampling, dpi), min_q, label)
        best = found
        if len(found[0]) >= min_bytes:
            return found
    return best
