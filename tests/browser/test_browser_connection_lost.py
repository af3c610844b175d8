"""A visitor whose server goes away is told at once, in Chinese, what happened and what to do (issue 22).

Streamlit's own sign for a lost connection is an English "Connecting" in its status widget, which our CSS hides:
without ui/layout.py's watcher the visitor saw nothing until the next click. The test kills the server under an
open result page, waits (no click) for the message, checks that the case code can still be copied then (the
copy is done in the page, no server needed), and starts a new server on the same address: the page comes back
in a new session and says what happened and how the answers come back.
"""
from __future__ import annotations

import os
import random
import re
import signal

import pytest
from playwright.sync_api import expect

from tests.browser import flows, harness
from checks.catalogue import phrase

pytestmark = pytest.mark.browser


def test_killed_server_is_announced_without_a_click_and_case_code_still_copies(playwright):
    harness.require_chromium()
    browser = playwright.chromium.launch(**harness.launch_args())
    try:
        with harness.streamlit_server() as server:
            context = harness.new_context(browser, base_url=server.url, viewport=harness.PHONE)
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            flows.answer_wizard(page, flows.Candidate(name="断线", id_number=flows.random_id_number(random.Random(22))))
            code = flows.case_code(page)
            assert code.startswith("YZ")
            expect(page.locator(".connection-note")).to_have_count(0)  # nothing said while all is well
            os.killpg(server.pid, signal.SIGKILL)  # the backend dies: no clean shutdown, no close frame
            server.proc.wait(timeout=10)
            down = page.locator("#connection-down")
            expect(down).to_be_visible(timeout=20_000)
            assert down.inner_text().startswith(phrase("connection.down"))
            harness.screenshot(page, "connection-down")
            copy = page.locator(".st-key-copyable-casecode").get_by_role("button", name="复制案例码")
            copy.click()
            expect(page.locator(".st-key-copyable-casecode").get_by_role("button", name=re.compile("已复制"))).to_be_visible()
            assert page.evaluate("navigator.clipboard.readText()") == code
        port = int(server.url.rsplit(":", 1)[1])
        with harness.streamlit_server(port=port) as again:  # a restarted backend, same address
            assert again.url == server.url
            lost = page.locator("#connection-lost")
            expect(lost).to_be_visible(timeout=60_000)
            assert lost.inner_text().startswith(phrase("connection.lost"))
            expect(page.locator("#connection-down")).to_have_count(0)
            harness.screenshot(page, "connection-lost")
            lost.get_by_role("button", name=phrase("connection.ok")).click()
            expect(lost).to_have_count(0)
    finally:
        browser.close()
