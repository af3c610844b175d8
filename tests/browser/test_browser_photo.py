"""The photo page answers first: an unfixable photo leads with "需要重拍：" and its reason, above the details."""
from __future__ import annotations

import re

import pytest
from PIL import ImageFilter
from playwright.sync_api import expect

from tests.browser import harness

pytestmark = pytest.mark.browser


def blurred_photo() -> dict:
    """The compliant portrait, out of focus: cropping cannot make it sharp, so the page must say retake."""
    from tests import photo_fixtures

    img = photo_fixtures.composite().filter(ImageFilter.GaussianBlur(2.0))
    return {"name": "模糊.jpg", "mimeType": "image/jpeg", "buffer": photo_fixtures.jpeg(img, 88)}


def test_unfixable_photo_leads_with_retake_and_reason(page):
    page.goto("/photo")
    harness.wait_idle(page)
    page.get_by_test_id("stFileUploader").first.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        blurred_photo())
    # Wait for the verdict itself, not for a fixed time: checking and the refused fix run after the upload.
    first_alert = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').first
    expect(first_alert).to_contain_text("需要重拍：照片不清楚", timeout=60_000)
    harness.wait_idle(page)
    harness.screenshot(page, "photo-unfixable-leads-with-retake")
    # The alert's text (its icon is a ligature word, not text a person reads) starts with the answer.
    text = first_alert.get_by_test_id("stMarkdownContainer").first.inner_text().strip()
    assert text.startswith("需要重拍：照片不清楚"), text
    # It leads: the answer is above the picture and the list of checks.
    answer_y = first_alert.bounding_box()["y"]
    details = page.get_by_text(re.compile("清晰度（不合格）")).first
    expect(details).to_be_visible()
    assert answer_y < details.bounding_box()["y"]
    # No promise of a one-click fix anywhere on the page, and what pixels cannot show is left to the candidate.
    expect(page.get_by_text("可以一键修正")).to_have_count(0)
    expect(page.get_by_text(re.compile("请自己确认")).first).to_be_visible()
    assert harness.app_errors(page) == []
