"""Contract v2 (issue 9): every new check seen passing and failing, measurements that hold under light, turn,
rotation and hair, the fix on sideways-stored files and on what it must refuse, wording from the round's data,
and the one headline shared by page, terminal and batch."""
from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

import photo_fixtures as pf
import photo_variants as pv
from checks.photo import report_text
from photo_fixtures import check_photo, fix_photo
from photo_fixtures import spec as default_spec


@pytest.fixture(scope="module")
def base():
    """The composite at its compliant placement (scale 1, centred), as a variant base."""
    return next(b for b in pv.bases() if b.name == "composite s1.0 x0 y0")


def check(img: Image.Image, name: str = "照片.jpg", spec=None):
    return check_photo(pv.frame_jpeg(img, 88), name, spec)


@pytest.mark.parametrize("make, code", [
    (lambda b: pv.turn(b, 0.4), "face.frontal"),
    (lambda b: pv.hair(b), "face.ears_visible"),
    (lambda b: pv.blur(b, 2.0), "image.sharpness"),
    (lambda b: pv.bordered(b, "left", 8, (0, 0, 0)), "image.border"),
    (lambda b: pv.bordered(b, "bottom", 10, (255, 255, 255)), "image.border"),
    (lambda b: pv.blue_clothes(b), "clothing.contrast"),
    (lambda b: pv.exposure(b, 1.8), "image.exposure"),
    (lambda b: pv.exposure(b, 0.5), "image.exposure"),
    (lambda b: pv.side_light(b, 0.45), "image.exposure"),
])
def test_each_v2_defect_fails_its_check_and_says_what_to_do(base, make, code):
    clean = check(base.image)
    assert clean.get(code).status == "pass", clean.get(code).message
    rep = check(make(base))
    c = rep.get(code)
    assert c.status == "fail", (c.measured, c.message)
    assert not rep.passed
    assert any(w in c.message for w in ("重拍", "裁剪", "换一件")), c.message


def test_hair_the_colour_of_skin_over_the_ears_is_not_passed(base):
    """Issue 18: blond hair over the ears has the cheeks' colour; its parallel strands give it away."""
    arr = np.asarray(base.image)
    cheek = arr[int(base.ey + 0.2 * base.fw), int(base.cx - 0.25 * base.fw)].tolist()
    c = check(pv.hair(base, colour=cheek)).get("face.ears_visible")
    assert c.status != "pass", (c.measured, c.message)
    assert "耳朵" in c.message


@pytest.mark.parametrize("make, code", [
    (lambda b: pv.hair(b, sides=(1,)), "face.ears_visible"),
    (lambda b: pv.upscaled(b, 0.4), "image.sharpness"),
])
def test_what_real_portraits_show_is_ambiguous_is_a_warning_not_a_pass(base, make, code):
    """Issue 18: on real portraits one dark ear and a soft, smooth face also occur in compliant photos, so these
    synthetic defects are `warn` (look at it) rather than `fail`; they are never passed silently."""
    c = check(make(base)).get(code)
    assert c.status == "warn", (c.measured, c.message)
    assert "请" in c.message and "看" in c.message


@pytest.mark.parametrize("make", [
    lambda b: pv.side_light(b, 0.45),     # one-sided light must not read as a tilted or turned head
    lambda b: pv.turn(b, 0.9),            # nor a slightly turned one
    lambda b: pv.hair(b, inner=0.34),     # nor hair over the cheeks
])
def test_level_head_is_not_failed_by_light_turn_or_hair(base, make):
    rep = check(make(base))
    assert rep.get("face.eyes_level").status == "pass", rep.get("face.eyes_level").measured
    assert rep.get("face.width").status == "pass"


def test_face_width_does_not_grow_with_tilt_or_shrink_with_hair(base):
    clean = check(base.image).get("face.width").measured
    for img in (pv.rotate(base, 9), pv.rotate(base, -9), pv.hair(base, inner=0.34), pv.side_light(base, 0.45)):
        w = check(img).get("face.width").measured
        # 7 % (was 6 %): issue 18 averages the eye-distance and eye-mouth estimates, which real portraits
        # favour (p95 error 17 px instead of 26), and hair over the cheeks pulls the eye points in a little.
        assert abs(w - clean) <= 0.07 * clean, (w, clean)


def test_a_tilt_search_ending_at_its_edge_is_a_warning_with_the_estimate(monkeypatch):
    """Eye points that disagree with the face's symmetry: the reading is 'not measurable', never a fail."""
    from checks.photo import checker, face as facemod

    img = pf.composite()
    real = facemod.detect_faces(img, 70, 0.3)[0]
    lying = real.replace(right_eye=(real.right_eye[0], real.right_eye[1] + 0.2 * real.eye_distance),
                         symmetry_tilt=None)  # eye line says ~11°, the level face's symmetry says ~−1°
    anchored = facemod._with_symmetry_tilt(img, lying)
    assert anchored.tilt_reliable is False and anchored.symmetry_tilt is None
    monkeypatch.setattr(checker, "detect_faces", lambda *a, **k: [anchored])
    rep = check_photo(pf.compliant_bytes(), "a.jpg")
    c = rep.get("face.eyes_level")
    assert c.status == "warn" and "无法可靠测量" in c.message and abs(c.measured) > 8
    assert rep.passed, [x.message for x in rep.failures()]  # a warning does not fail the verdict


def test_tilt_follows_rotation_within_two_degrees(base):
    level = check(base.image).get("face.eyes_level").measured
    for deg in (-9, -5, 5, 9):
        got = check(pv.rotate(base, deg)).get("face.eyes_level").measured
        assert abs((got - level) + deg) <= 2.0, (deg, got, level)  # PIL turns counter-clockwise


def test_orientation_6_file_is_fixed_upright_without_tag():
    stored = pf.composite().rotate(90, expand=True)   # 640×480 as stored
    exif = Image.Exif()
    exif[0x0112] = 6
    data = pf.jpeg(stored, 85, exif=exif.tobytes())
    rep = check_photo(data, "a.jpg")
    assert rep.get("image.orientation").status == "fail" and rep.get("image.dimensions").status == "fail"
    res = fix_photo(data, "a.jpg")
    assert res.ok, res.reason
    out = Image.open(io.BytesIO(res.data))
    assert out.size == (480, 640) and out.getexif().get(0x0112) is None
    again = check_photo(res.data, "a.jpg")
    assert again.passed and again.get("image.orientation").status == "pass"
    assert rep.headline(res) == "可以一键修正"


@pytest.mark.parametrize("make, reason", [
    (lambda b: pv.blur(b, 2.0), "照片不清楚"),
    (lambda b: pv.hair(b), "耳朵被头发挡住了"),
    (lambda b: pv.turn(b, 0.4), "没有正对镜头"),
    (lambda b: pv.blue_clothes(b), "衣服颜色和背景太接近"),
])
def test_fix_refuses_what_cropping_cannot_repair(base, make, reason):
    data = pv.frame_jpeg(make(base), 88)
    res = fix_photo(data, "a.jpg")
    assert not res.ok and res.data is None
    assert "重拍" in res.reason or "换一件" in res.reason, res.reason
    assert check_photo(data, "a.jpg").headline(res) == f"需要重拍：{reason}"


def test_headline_and_self_confirm_wording():
    ok = check_photo(pf.compliant_bytes(), "a.jpg")
    assert ok.headline() == "可以直接用"
    text = report_text(ok)
    assert text.startswith("a.jpg：可以直接用（符合本工具能检查的各项")
    assert "请自己确认" in text and all(item in text for item in default_spec().self_confirm)
    assert "批准" not in text and "审核通过" not in text
    obama = check_photo(pf.photo_bytes("obama.jpg"), "obama.jpg")
    assert obama.headline(fix_photo(pf.photo_bytes("obama.jpg"), "obama.jpg")) == "需要重拍：背景不是浅蓝色"


def test_batch_summary_names_the_reason_per_photo(base):
    from checks.batch import Task, process

    out = process(Task(index=0, round_id="2024-H1", case=None, photo=pv.frame_jpeg(pv.blur(base, 2.0), 88),
                       photo_name="010120100001.jpg"))
    assert out.photo == "需要重拍：照片不清楚" and out.fixable is False


def test_messages_carry_the_rounds_numbers_not_the_code():
    """A round with other photo numbers: every message uses ITS numbers."""
    spec = default_spec().model_copy(update={
        "width": 390, "height": 520, "dpi": 350, "min_quality": 70, "min_bytes": 10 * 1024, "max_bytes": 30 * 1024,
        "background_rgb": (230, 230, 230), "eyes_level_tolerance_deg": 3.0,
        "background_words": {**default_spec().background_words, "name": "浅灰色"}})
    tiny = pf.jpeg(pf.composite().resize((120, 160)), 50, dpi=(72, 72))  # ~4 KB, wrong size, low quality
    rep = check_photo(tiny, "a.jpg", spec)
    msgs = {c.code: c.message for c in rep.checks}
    assert "10–30 KB" in msgs["file.size"]
    assert "390×520" in msgs["image.dimensions"] and "宽 390、高 520" in msgs["image.dimensions"]
    assert "350 dpi" in msgs["image.dpi"] and "品质 70" in msgs["jpeg.quality"]
    # Issue 23: the colour is named in the round's words, with no colour values in the message.
    assert "浅灰色" in msgs["background.color"] and "RGB" not in msgs["background.color"]
    for m in msgs.values():
        assert "20–40" not in m and "480×640" not in m and "300 dpi" not in m and "100,197,255" not in m, m
    tilted = check_photo(pf.jpeg(pf.composite().rotate(8, fillcolor=pf.BLUE), 85), "a.jpg", spec)
    assert "允许 3°" in tilted.get("face.eyes_level").message


def test_contract_json_is_plain(base):
    """`measured` of the new checks must serialise as plain JSON (no numpy values)."""
    for img in (base.image, pv.hair(base), pv.exposure(base, 1.8)):
        json.dumps(check(img).to_contract())


def test_fix_crops_away_a_band_when_the_picture_around_it_suffices():
    """A black band on the edge of a big phone photo lies outside the crop: the fixed photo has no border."""
    img = pf.phone_photo(3.0)
    img.paste((0, 0, 0), (0, 0, 24, img.height))
    data = pf.jpeg(img, 90)
    assert check_photo(data, "a.jpg").get("image.border").status == "fail"
    res = fix_photo(data, "a.jpg")
    assert res.ok, res.reason
    assert res.after.report.get("image.border").status == "pass"


@pytest.mark.parametrize("data, fmt", [
    (b"", "fail"), (b"hello, this is text", "fail"), (b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "fail"),
    (pf.compliant_bytes()[:400], "skip"),   # a cut-off JPEG: the bytes are JPEG, only the rest is missing
])
def test_undecodable_file_still_fails_format_when_its_bytes_are_not_jpeg(data, fmt):
    rep = check_photo(data, "a.jpg")
    assert rep.get("file.readable").status == "fail" and rep.get("file.format").status == fmt
    assert rep.headline() == "需要重拍：照片文件打不开"
