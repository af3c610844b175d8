"""Open whatever people upload, safely: size and pixel limits before decoding, EXIF orientation, odd modes.

The file's own facts (format, mode, bit depth, DPI, JPEG tables) are read BEFORE `exif_transpose`, which drops
them. Big images are decoded reduced (JPEG draft mode / Image.reduce) so that a 12-megapixel phone photo never
costs more than a few tens of MB.
"""
from __future__ import annotations

import io
import math
import struct
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones; optional so the checker still works without it.
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF_OK = True
except Exception:  # pragma: no cover - depends on the platform's wheel
    HEIF_OK = False

from checks.photo.jpeg import estimate_quality


class PhotoReadError(Exception):
    """The upload cannot be used as an image; `message` says why in plain Chinese."""

    def __init__(self, message: str, measured: object = None):
        super().__init__(message)
        self.message = message
        self.measured = measured


@dataclass
class FileFacts:
    """What the file says about itself, before any conversion."""
    format: str | None = None          # JPEG, PNG, WEBP, HEIF, …
    mode: str | None = None            # Pillow mode as stored (RGB, L, P, CMYK, I;16, RGBA …)
    bits: int | None = None            # bits per channel where we can tell
    stored_size: tuple[int, int] = (0, 0)   # as stored, before EXIF orientation
    size: tuple[int, int] = (0, 0)          # upright (after EXIF orientation)
    dpi: float | None = None
    quality: int | None = None
    progressive: bool = False
    orientation: int = 1
    monochrome: bool = False           # 3-channel but grey content
    extra: dict = field(default_factory=dict)


@dataclass
class Decoded:
    facts: FileFacts
    image: Image.Image       # upright RGB, possibly reduced
    scale: float             # image pixels per original upright pixel (<= 1)


def _png_bit_depth(data: bytes) -> int | None:
    # IHDR: 8-byte signature, 4 length, 4 'IHDR', 4 width, 4 height, 1 bit depth, 1 colour type.
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return data[24]
    return None


def _bits(im: Image.Image, data: bytes) -> int | None:
    if im.format == "PNG":
        return _png_bit_depth(data)
    if im.mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        return 16
    if im.mode == "1":
        return 1
    info_bits = im.info.get("bit_depth") or getattr(im, "bits", None)
    return int(info_bits) if isinstance(info_bits, int) else 8


def _to_rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode.startswith("I;16") or im.mode in ("I", "F"):
        arr = np.asarray(im, dtype=np.float64)
        peak = 65535.0 if im.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return Image.fromarray(np.clip(arr * (255.0 / peak), 0, 255).astype(np.uint8), "L").convert("RGB")
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        # Transparent areas become white, as an image viewer would show them.
        rgba = im.convert("RGBA")
        bg = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(bg, rgba).convert("RGB")
    return im.convert("RGB")


def open_facts(data: bytes, max_bytes: int, max_pixels: int) -> tuple[Image.Image, FileFacts]:
    """Open (header only) and read the file's facts. Raises PhotoReadError with a Chinese message."""
    if not data:
        raise PhotoReadError("文件是空的（0 字节）：请重新导出或重新拍摄照片后再上传。", 0)
    if len(data) > max_bytes:
        raise PhotoReadError(
            f"文件太大（{len(data) / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）：请上传手机相机原图或"
            f"导出的 JPG 照片，不要上传视频、压缩包或超大扫描件。", len(data))
    try:
        im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise PhotoReadError("图片的像素数大得异常，像是损坏或恶意的文件，已拒绝打开：请上传普通的照片文件。")
    except UnidentifiedImageError:
        hint = "（HEIC 格式在本机无法读取，请在手机上改为导出 JPG）" if data[4:12] in (b"ftypheic", b"ftypmif1") else ""
        raise PhotoReadError(f"这不是能识别的图片文件{hint}：请上传 JPG、PNG、WebP 或 HEIC 格式的照片。")
    except Exception:
        raise PhotoReadError("文件无法作为图片打开（可能已损坏）：请重新导出照片后再上传。")
    w, h = im.size
    if w <= 0 or h <= 0:
        raise PhotoReadError("图片的尺寸是 0：文件已损坏，请重新导出照片。")
    if w * h > max_pixels:
        raise PhotoReadError(
            f"图片有 {w}×{h} = {w * h / 1e6:.0f} 百万像素，超过本工具能处理的 {max_pixels / 1e6:.0f} 百万像素："
            f"请上传手机直接拍的照片（一般不超过 5000 万像素）。", [w, h])
    facts = FileFacts(format=im.format, mode=im.mode, stored_size=(w, h))
    facts.bits = _bits(im, data)
    dpi = im.info.get("dpi")
    if dpi and isinstance(dpi, tuple) and dpi[0]:
        facts.dpi = float(dpi[0])
    if im.format == "JPEG":
        facts.quality = estimate_quality(getattr(im, "quantization", None))
        facts.progressive = bool(im.info.get("progressive") or im.info.get("progression"))
    try:
        facts.orientation = int(im.getexif().get(0x0112, 1) or 1)
    except Exception:
        facts.orientation = 1
    facts.size = (h, w) if facts.orientation in (5, 6, 7, 8) else (w, h)
    return im, facts


def decode(data: bytes, max_bytes: int, max_pixels: int, min_side: int = 1000,
           reduce_to: float | None = None) -> Decoded:
    """Decode upright RGB, reduced so that its shorter side stays >= min_side (or reduced by `reduce_to`)."""
    im, facts = open_facts(data, max_bytes, max_pixels)
    w, h = facts.stored_size
    factor = reduce_to if reduce_to else max(1.0, min(w, h) / min_side)
    try:
        if im.format == "JPEG" and factor >= 2:
            # draft() picks the largest DCT reduction (1/2, 1/4, 1/8) whose result is still >= the size asked.
            im.draft("RGB", (math.ceil(w / factor), math.ceil(h / factor)))
        im.load()
        if im.format != "JPEG" and factor >= 2:
            im = im.reduce(int(factor))
    except Image.DecompressionBombError:
        raise PhotoReadError("图片的像素数大得异常，已拒绝打开：请上传普通的照片文件。")
    except (OSError, SyntaxError, ValueError, struct.error, EOFError):
        raise PhotoReadError("图片文件不完整或已损坏（可能没有上传完整）：请重新导出照片后再上传。")
    except MemoryError:
        raise PhotoReadError("图片太大，无法处理：请上传普通大小的照片。")
    exif_orientation = facts.orientation
    try:
        upright = ImageOps.exif_transpose(im) if exif_orientation != 1 else im
    except Exception:
        upright = im
    rgb = _to_rgb(upright)
    if rgb.mode == "RGB" and facts.mode not in ("L", "LA", "1", "I;16", "I"):
        small = np.asarray(rgb.resize((32, 32), Image.Resampling.BILINEAR), dtype=np.int16)
        chroma = np.abs(small - small.mean(axis=2, keepdims=True)).max()
        facts.monochrome = bool(chroma < 6)
    scale = rgb.size[0] / facts.size[0]
    return Decoded(facts=facts, image=rgb, scale=scale)
