"""The safe fix: output passes the same checker; crop/scale only; refuses what cropping cannot repair."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import photo_fixtures as pf
from checks.photo import annotate
from photo_fixtures import analyze, check_photo, fix_photo


@pytest.fixture(scope="module")
def phone():
    return pf.jpeg(pf.phone_photo(12.0), 90)


def test_fix_of_12mp_phone_photo_passes_and_meets_file_rules(phone):
    res = fix_photo(phone, "IMG_0001.HEIC.jpg")
    assert res.ok, res.reason
    rep = check_photo(res.data, "照片_480x640.jpg")
    assert rep.passed, [c.message for c in rep.failures()]
    assert 20480 <= len(res.data) <= 40960 and res.quality >= 60
    im = Image.open(io.BytesIO(res.data))
    assert im.size == (480, 640) and im.mode == "RGB" and round(im.info["dpi"][0]) == 300
    assert not im.info.get("progressive") and "exif" not in im.info
    # Mid-band placement, not just inside.
    assert 60 <= rep.get("face.head_top").measured <= 100
    assert 210 <= rep.get("face.eye_line").measured <= 290


def test_fix_is_a_plain_crop_never_rotated_or_flipped():
    src = pf.phone_photo(3.0).rotate(-2.5, fillcolor=pf.BLUE, resample=Image.Resampling.BICUBIC)
    res = fix_photo(pf.jpeg(src, 95), "a.jpg")
    assert res.ok, res.reason
    fixed = np.asarray(Image.open(io.BytesIO(res.data)).convert("L"), dtype=float)
    expect = np.asarray(src.convert("L").resize((480, 640), Image.Resampling.LANCZOS, box=res.box), dtype=float)
    same = np.abs(fixed - expect).mean()
    mirrored = np.abs(fixed - expect[:, ::-1]).mean()
    levelled = np.abs(fixed - np.asarray(Image.fromarray(expect.astype(np.uint8)).rotate(2.5), float)).mean()
    assert same < 3 and mirrored > 3 * same and levelled > 2 * same


def test_fix_of_exif_rotated_photo_is_upright():
    exif = Image.Exif()
    exif[0x0112] = 8
    stored = pf.phone_photo(3.0).rotate(-90, expand=True)
    res = fix_photo(pf.jpeg(stored, 90, exif=exif.tobytes()), "a.jpg")
    assert res.ok, res.reason
    out = Image.open(io.BytesIO(res.data))
    assert out.size == (480, 640) and out.getexif().get(0x0112) is None
    assert res.after.report.get("face.eye_line").status == "pass"


def test_fix_of_small_png_passes():
    img = pf.composite(scale=0.8, dy=40)  # face too small and too low, 480×640 PNG
    res = fix_photo(pf.encode(img, "PNG"), "photo.png")
    assert res.ok, res.reason
    assert res.after.report.get("file.format").status == "pass"
    assert res.upscale <= 1.3


def test_refuses_two_faces():
    res = fix_photo(pf.photo_bytes("two_people.jpg"), "two_people.jpg")
    assert not res.ok and res.data is None and "2 张人脸" in res.reason


def test_refuses_no_face():
    data = pf.jpeg(Image.new("RGB", (480, 640), pf.BLUE), 90)
    res = fix_photo(data, "a.jpg")
    assert not res.ok and "找不到人脸" in res.reason


def test_refuses_wrong_background_and_tilt():
    res = fix_photo(pf.photo_bytes("obama.jpg"), "obama.jpg")
    assert not res.ok and "背景" in res.reason and "不能自己换背景" in res.reason
    tilted = pf.composite().rotate(9, fillcolor=pf.BLUE, resample=Image.Resampling.BICUBIC)
    res = fix_photo(pf.jpeg(tilted, 90), "a.jpg")
    assert not res.ok and "头歪" in res.reason


def test_refuses_upscaling_beyond_limit():
    small = pf.composite().resize((240, 320), Image.Resampling.LANCZOS)  # would need 2× enlargement
    res = fix_photo(pf.jpeg(small, 90), "a.jpg")
    assert not res.ok and "原图太小" in res.reason and res.upscale > 1.3


def test_refuses_when_head_would_need_padding():
    # Face mid-band size but head touching the top edge: cropping cannot add background above.
    data = pf.jpeg(pf.composite(dy=-95), 90)
    assert check_photo(data, "a.jpg").get("background.uniform").status == "pass"
    res = fix_photo(data, "a.jpg")
    assert not res.ok and "头顶" in res.reason


def test_annotated_picture_marks_bands_and_measurements():
    a = analyze(pf.compliant_bytes(), "a.jpg")
    pic = annotate(a)
    assert pic.width == 480 and pic.height > 640  # legend below the photo
    arr = np.asarray(pic).astype(int)
    row = arr[80]  # inside the head-top band: tinted amber over the blue background at the left edge
    assert abs(row[5] - np.array(pf.BLUE)).sum() > 40
    assert np.abs(arr[5, 5] - np.array(pf.BLUE)).sum() < 20  # outside any band: untouched
    assert annotate(analyze(b"", "a.jpg")) is None
