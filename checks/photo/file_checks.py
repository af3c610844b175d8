"""Decisions on the file as stored: name, size, format, pixel size, orientation, dpi, colour mode, quality.

These judge the stored file (the platform and the printer read the stored pixels and may ignore the EXIF
tag), see ../shared/spec/photo.md "Which picture each check judges". Words: the round's `photo.messages`.
"""
from __future__ import annotations

from pathlib import PurePath

from checks.photo.decode import FileFacts, PhotoReadError
from checks.photo.models import CODES, PhotoCheck
from checks.photo.spec import PhotoSpec
from checks.photo.verdict import check
from checks.photo.words import kb, say, term


def name_and_size(name: str, size: int, spec: PhotoSpec) -> dict[str, PhotoCheck]:
    ext = PurePath(name).suffix.lower()
    status = "pass" if ext == ".jpg" else "fail"
    out = {"file.extension": check("file.extension", status, say(spec, "file.extension", status,
                                                                  ext=ext or term(spec, "file.extension", "none")),
                                   ext, ".jpg")}
    window = f"{spec.min_bytes}–{spec.max_bytes}"
    key = "too_big" if size > spec.max_bytes else "too_small" if size < spec.min_bytes else "pass"
    out["file.size"] = check("file.size", "pass" if key == "pass" else "fail",
                             say(spec, "file.size", key, size=kb(size), window=spec.bytes_text,
                                 min_quality=spec.min_quality), size, window)
    return out


def unreadable(exc: PhotoReadError, data: bytes, spec: PhotoSpec) -> dict[str, PhotoCheck]:
    """Nothing else can be measured: every other check is skipped."""
    out = {"file.readable": check("file.readable", "fail", exc.message, exc.measured,
                                  term(spec, "file.readable", "expected"))}
    if not data.startswith(b"\xff\xd8\xff"):
        # The first bytes already show it is no JPEG (text, PNG, PDF, empty): that fails on its own.
        out["file.format"] = check("file.format", "fail", say(spec, "file.format", "not_jpeg"),
                                   term(spec, "file.format", "not_jpeg_value"), "JPEG")
    skip = say(spec, "unreadable_skip", "")
    return out | {c: check(c, "skip", skip) for c in CODES if c not in out and c not in ("file.extension", "file.size")}


def stored_file(facts: FileFacts, spec: PhotoSpec) -> dict[str, PhotoCheck]:
    out = {"file.readable": check("file.readable", "pass", say(spec, "file.readable", "pass", format=facts.format),
                                  facts.format, term(spec, "file.readable", "expected"))}
    if facts.format == "JPEG":
        key = "progressive" if facts.progressive else "pass"
        out["file.format"] = check("file.format", "warn" if facts.progressive else "pass", say(spec, "file.format", key),
                                   "JPEG (progressive)" if facts.progressive else "JPEG", "JPEG")
    else:
        out["file.format"] = check("file.format", "fail", say(spec, "file.format", "fail", format=facts.format),
                                   facts.format, "JPEG")
    out["image.dimensions"] = _dimensions(facts, spec)
    turned = facts.orientation != 1
    out["image.orientation"] = check("image.orientation", "fail" if turned else "pass",
                                     say(spec, "image.orientation", "fail" if turned else "pass"), facts.orientation, 1)
    out["image.dpi"] = _dpi(facts, spec)
    out["image.color"] = _colour(facts, spec)
    out["jpeg.quality"] = _quality(facts, spec)
    return out


def _dimensions(facts: FileFacts, spec: PhotoSpec) -> PhotoCheck:
    w, h = facts.stored_size
    want = [spec.width, spec.height]
    if (w, h) == (spec.width, spec.height):
        return check("image.dimensions", "pass", say(spec, "image.dimensions", "pass", size=spec.size_text), [w, h], want)
    shape = "" if w * spec.height == h * spec.width else term(spec, "image.dimensions", "shape")
    sideways = facts.orientation != 1 and facts.size == (spec.width, spec.height)
    side = term(spec, "image.dimensions", "sideways") if sideways else ""
    return check("image.dimensions", "fail", say(spec, "image.dimensions", "fail", w=w, h=h, shape=shape, side=side,
                                                 width=spec.width, height=spec.height, size=spec.size_text),
                 [w, h], want)


def _dpi(facts: FileFacts, spec: PhotoSpec) -> PhotoCheck:
    dpi = facts.dpi
    if dpi is not None and round(dpi) == spec.dpi:
        return check("image.dpi", "pass", say(spec, "image.dpi", "pass", dpi=spec.dpi), round(dpi), spec.dpi)
    got = say(spec, "image.dpi", "got", value=f"{dpi:g}") if dpi else say(spec, "image.dpi", "none")
    return check("image.dpi", "fail", say(spec, "image.dpi", "fail", got=got, dpi=spec.dpi),
                 round(dpi) if dpi else None, spec.dpi)


def _colour(facts: FileFacts, spec: PhotoSpec) -> PhotoCheck:
    bits = facts.bits or 8
    if facts.mode == "RGB" and bits == 8:
        key = "grey" if facts.monochrome else "pass"
        return check("image.color", "warn" if facts.monochrome else "pass", say(spec, "image.color", key),
                     "RGB 24-bit (grey content)" if facts.monochrome else "RGB 24-bit", "RGB 24-bit")
    if facts.mode == "RGB":
        desc = say(spec, "image.color", "bits", bits=bits, total=3 * bits)
    else:
        desc = term(spec, "image.color", "modes", facts.mode) if facts.mode else term(spec, "image.color", "unknown")
    return check("image.color", "fail", say(spec, "image.color", "fail", desc=desc),
                 f"{facts.mode} {facts.bits or '?'}-bit", "RGB 24-bit")


def _quality(facts: FileFacts, spec: PhotoSpec) -> PhotoCheck:
    expected = f">={spec.min_quality}"
    if facts.format != "JPEG" or facts.quality is None:
        return check("jpeg.quality", "skip", say(spec, "jpeg.quality", "skip"), None, expected)
    status = "pass" if facts.quality >= spec.min_quality else "fail"
    return check("jpeg.quality", status, say(spec, "jpeg.quality", status, q=facts.quality,
                                             min_quality=spec.min_quality), facts.quality, expected)
