"""In a real browser: a hostile case code on the help desk renders no image, no link and no formula, and its
text is shown literally (the AppTest in tests/test_untrusted_text.py checks the Markdown each element gets)."""
from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from checks import casecode
from checks.models import case_from_dict
from tests.browser import harness

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = "![i](http://x/x.png) [L](http://x) $x$ :red[x]"


def test_hostile_case_code_shows_as_text(page):
    data = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))
    data["data_version"] = PAYLOAD
    data["exemptions"][0]["course_name"] = PAYLOAD
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/helpdesk")
    harness.wait_idle(page)
    box = page.get_by_label("粘贴考生发来的案例码")
    box.fill(casecode.encode(case_from_dict(data)))
    box.press("Control+Enter")
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("考生保存案例时用的规则数据版本是", exact=False)).to_be_visible(timeout=60_000)
    harness.screenshot(page, "helpdesk-hostile-code")
    assert PAYLOAD in main.inner_text()
    assert main.locator('img[src*="x/x.png"], a[href^="http://x"], .katex').count() == 0
    assert not any(url.startswith("http://x/") for url in requests)
    assert harness.app_errors(page) == []
