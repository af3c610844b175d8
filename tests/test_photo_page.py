"""The photo page in AppTest: upload, verdict, fix offered, material marked as done."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import photo_fixtures as pf

PAGE = "pages/3_photo.py"


def page() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def upload(at, name, data, mime="image/jpeg"):
    at.file_uploader(key="photo.uploader").set_value((name, data, mime)).run()
    assert not at.exception, at.exception


def test_page_renders_with_uploader():
    at = page()
    assert at.title[0].value == "照片检查"
    assert len(at.file_uploader) == 1


def test_real_photo_leads_with_retake_and_its_reason():
    at = page()
    upload(at, "obama.jpg", pf.photo_bytes("obama.jpg"))
    assert at.error[0].value.startswith("**需要重拍：背景不是浅蓝色**"), at.error[0].value
    assert not any("可以一键修正" in x.value for x in at.info)
    assert any("背景" in w.value for w in at.warning)  # no safe fix: background
    assert not at.session_state["answers"]["materials"]["photo_passed"]  # not marked as passed
    assert "photo.result" in at.session_state


def test_phone_photo_gets_fixed_and_marks_material():
    at = page()
    upload(at, "IMG_1234.jpg", pf.jpeg(pf.phone_photo(3.0), 90))
    assert at.info[0].value.startswith("**可以一键修正**")
    assert "一键修正" in [s.value for s in at.subheader]
    assert any("符合本工具能检查的各项" in s.value for s in at.success)
    assert at.session_state["answers"]["materials"]["photo_passed"] is True
    assert len(at.get("download_button")) == 1


def test_compliant_photo_passes_directly():
    at = page()
    upload(at, "照片.jpg", pf.compliant_bytes())
    assert at.success[0].value.startswith("**可以直接用**") and "符合本工具能检查的各项" in at.success[0].value
    # What pixels cannot show is listed for the candidate to confirm, not implied as approved.
    confirm = [m.value for m in at.markdown if "请自己确认" in m.value]
    assert confirm and "近一年内拍摄" in confirm[0] and "不是自拍" in confirm[0]
    assert at.session_state["answers"]["materials"]["photo_passed"] is True


def test_garbage_upload_is_a_message_not_a_crash():
    at = page()
    upload(at, "a.jpg", b"not an image")
    assert not at.exception
    assert [e.value for e in at.error] == ["这不是能识别的图片文件：请上传 JPG、PNG、WebP 或 HEIC 格式的照片。"]


def test_previews_are_light_for_a_phone():
    """Issue 22: the before/after previews were PNG (~290 KB each for a 480-pixel-wide picture) — what a phone
    downloads and the session keeps until the tab closes. As JPEG they are a fraction of that."""
    at = page()
    upload(at, "phone.jpg", pf.jpeg(pf.phone_photo(3.0), 92))
    res = at.session_state["photo.result"]
    previews = [res["before_preview"], res["fix"]["after_preview"]]
    for data in previews:
        assert data[:3] == b"\xff\xd8\xff"  # JPEG
        assert len(data) < 100_000, len(data)


def test_unfixable_photo_page_never_promises_the_fix():
    """Issue 23: a photo that must be retaken: nothing on its page says '一键修正'."""
    at = page()
    upload(at, "obama.jpg", pf.photo_bytes("obama.jpg"))
    shown = [e.value for kind in ("error", "warning", "info", "success", "markdown", "subheader", "caption")
             for e in getattr(at, kind)]
    assert shown and not any("一键修正" in str(v) for v in shown), [v for v in shown if "一键修正" in str(v)]
