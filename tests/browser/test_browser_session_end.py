"""A closed tab leaves nothing behind: its downloads stop being served once its reconnect time runs out.

Streamlit serves a download button's bytes (fixed photo, case file with name and ID number, PDFs) at
/media/<hash> to anyone with the address, no cookie needed, for as long as the session holding them lives.
Without ui/session_end.py a closed tab's session was never shut down (measured: still served 8.5 minutes later).
The server runs with a short reconnect time so the test need not wait the production 120 s; the bound is that
time plus the reaper's interval plus slack for a busy machine, polled, not slept.
"""
from __future__ import annotations

import time

import pytest

from tests.browser import flows, harness
from ui.session_end import REAP_EVERY

pytestmark = pytest.mark.browser
TTL = 5


def test_download_of_closed_tab_is_gone_after_reconnect_time(playwright):
    harness.require_chromium()
    with harness.streamlit_server("--server.disconnectedSessionTTL", str(TTL)) as server:
        browser = playwright.chromium.launch(**harness.launch_args())
        try:
            context = harness.new_context(browser, base_url=server.url, viewport=harness.DESKTOP,
                                          accept_downloads=True)
            page = context.new_page()
            page.goto("/photo")
            harness.wait_idle(page)
            flows.upload(page, harness.fixable_photo_payload())
            with page.expect_download() as dl:
                page.get_by_role("button", name="下载修正后的照片（.jpg）").click()
            url = dl.value.url
            assert "/media/" in url, url
            assert harness.http_status(url) == 200  # served without the visitor's cookies while the tab is open
            context.close()
            closed = time.monotonic()
        finally:
            browser.close()
        bound = TTL + REAP_EVERY + 30
        harness.wait_until(lambda: harness.http_status(url) == 404, bound,
                           f"the closed tab's download {url} still served {bound} s after the tab closed")
        print(f"download gone {time.monotonic() - closed:.1f} s after the tab closed (reconnect time {TTL} s)")
