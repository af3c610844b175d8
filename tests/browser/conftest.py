"""Fixtures for the real-browser tests: one Streamlit server per test session, Debian's Chromium, screenshots."""
from __future__ import annotations

import pytest

from tests.browser import harness


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    harness.require_chromium()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never let Playwright look for its own downloaded browser: use the distribution's chromium.
    return {**browser_type_launch_args, **harness.launch_args()}


@pytest.fixture(scope="session")
def app_server():
    with harness.streamlit_server(keep_log_as="app-server") as server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server):
    return app_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": harness.DESKTOP, "locale": "zh-CN", "accept_downloads": True}


@pytest.fixture
def context(context):
    # pytest-playwright's context (behind the `page` fixture), with the hook harness.wait_idle needs.
    context.add_init_script(harness.IDLE_HOOK)
    return context


@pytest.fixture
def phone_page(browser, base_url):
    context = harness.new_context(browser, viewport=harness.PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="zh-CN", base_url=base_url, accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def fixable_photo():
    return harness.fixable_photo_payload()
