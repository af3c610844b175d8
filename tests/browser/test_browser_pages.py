"""Every page opens, by our navigation and by its URL on a freshly started server, on desktop and on a phone."""
from __future__ import annotations

import ast
import re

import pytest
from playwright.sync_api import expect

from tests.browser import harness

pytestmark = pytest.mark.browser

# URL path → page script. Streamlit derives the path from the file name (digits and underscore dropped).
PAGES = {
    "/": "app.py",
    "/eligibility": "pages/1_eligibility.py",
    "/result": "pages/2_result.py",
    "/photo": "pages/3_photo.py",
    "/materials": "pages/4_materials.py",
    "/helpdesk": "pages/5_helpdesk.py",
    "/batch": "pages/6_batch.py",
}


def existing_pages() -> dict[str, str]:
    return {url: script for url, script in PAGES.items() if (harness.REPO / script).exists()}


def page_title(script: str) -> str:
    """The text of the page's first st.title(...) call, read from its source so renames don't break the test."""
    tree = ast.parse((harness.REPO / script).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "title" \
                and node.args and isinstance(node.args[0], ast.Constant):
            return node.args[0].value
    raise AssertionError(f"{script} has no st.title(\"...\"): every page needs a visible title")


def setup_name(script: str) -> str:
    """The name passed to ui.setup(...): it becomes the browser tab title."""
    src = (harness.REPO / script).read_text(encoding="utf-8")
    m = re.search(r"\bsetup\(\s*[\"']([^\"']+)[\"']", src)
    assert m, f"{script} does not call setup(\"…\") first"
    return m.group(1)


def assert_page_shown(page, script: str) -> None:
    heading = page.locator("h1")
    expect(heading.first).to_have_text(re.compile(re.escape(page_title(script))), timeout=15_000)
    assert harness.app_errors(page) == [], f"{script} shows an error box"
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page).to_have_title(re.compile(re.escape(setup_name(script))))


def test_all_pages_exist():
    missing = [script for script in PAGES.values() if not (harness.REPO / script).exists()]
    assert not missing, f"pages not there yet: {missing}"


@pytest.mark.parametrize("url", list(PAGES))
def test_deep_link_on_fresh_server(browser, url):
    """First visit of a fresh server straight to a page URL (the legacy-navigation trap)."""
    script = PAGES[url]
    if not (harness.REPO / script).exists():
        pytest.skip(f"{script} not written yet")
    with harness.streamlit_server() as server:
        context = harness.new_context(browser, viewport=harness.DESKTOP, locale="zh-CN")
        page = context.new_page()
        harness.open_page(page, server.url + url)
        assert_page_shown(page, script)
        context.close()


@pytest.mark.parametrize("url", list(PAGES))
def test_page_desktop_and_phone(page, phone_page, url):
    script = PAGES[url]
    if not (harness.REPO / script).exists():
        pytest.skip(f"{script} not written yet")
    name = "home" if url == "/" else url.strip("/")
    for p, kind in ((page, "desktop"), (phone_page, "phone")):
        harness.open_page(p, url)
        assert_page_shown(p, script)
        harness.screenshot(p, f"page-{name}-{kind}")
    # Streamlit's fixed top bar (sidebar button, menu) must not cover the page title on a phone.
    header = phone_page.get_by_test_id("stHeader").bounding_box()
    title = phone_page.locator("h1").first.bounding_box()
    assert header and title and title["y"] >= header["y"] + header["height"] - 2, \
        f"{url}: the title starts at y={title and title['y']:.0f}, under the top bar ending at " \
        f"y={header and header['y'] + header['height']:.0f} (see page-{name}-phone.png)"
    # A phone must not scroll sideways: content wider than the screen hides buttons off the edge.
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{url} is {overflow}px wider than a 390px phone screen"


def test_sidebar_navigation_reaches_every_page(page):
    harness.open_page(page, "/")
    sidebar = page.get_by_test_id("stSidebar")
    from ui.layout import NAV
    for script, label, _icon in NAV:
        if not (harness.REPO / script).exists():
            continue
        sidebar.get_by_role("link", name=label).click()
        harness.wait_idle(page)
        assert_page_shown(page, script)
