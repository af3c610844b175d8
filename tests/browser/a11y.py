"""What a screen reader hears and what axe-core finds, read from the real page in Chromium.

axe-core comes from the pip package axe-playwright-python (requirements-dev.txt): its bundled axe.min.js is
injected into the page under test; nothing is downloaded at run time, and the app itself never loads it.
"""
from __future__ import annotations

import importlib.resources
import re
import time

# Latin that is not English in a Chinese sentence: file types, units, "学信网APP", the case code prefix, addresses.
_NOT_ENGLISH = re.compile(
    r"(?i)(?<![a-z])(jpe?g|png|webp|heic|bmp|json|zip|xlsx|csv|pdf|excel|kb|mb|dpi|rgb|exif|qq|app|yz1?|x)(?![a-z])"
    r"|www\.[\w.]+|\.[a-z]{2,4}\b"
    r"|(?:[a-z0-9]{1,5}-)+[a-z0-9]{0,5}"  # the case code, in groups of five
    r"|[a-z_]+(?:\.[a-z0-9_]+)+")  # rule ids, shown on the help desk page only (grades.supplement.certificate)
# Material icon names Streamlit prints as text ("push_pin") are hidden from screen readers (aria-hidden).
_ENGLISH = re.compile(r"[A-Za-z]{2,}")

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def english_names(page) -> list[tuple[str, str]]:
    """(role, name) of every node of Chromium's accessibility tree whose name has an English word."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    found = []
    for node in nodes:
        if node.get("ignored"):
            continue
        name = str((node.get("name") or {}).get("value") or "")
        if _ENGLISH.search(_NOT_ENGLISH.sub("", name)):
            found.append(((node.get("role") or {}).get("value", ""), name[:120]))
    return sorted(set(found))


def settled(page) -> None:
    """The app's Chinese-labels script (ui/a11y.py) is installed and has seen the latest drawing (a page of
    our own without it, like the WeChat page, says zh-CN itself)."""
    page.wait_for_function("() => (window.__zhA11y || !window.__idle) && document.documentElement.lang === 'zh-CN'")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def assert_chinese_only(page, where: str, timeout: float = 15.0) -> None:
    """No English name in the tree. Streamlit draws some widgets a moment after the run ends (lazy code), and the
    script renames them on the next frame: look again until it holds, or fail naming what stayed English."""
    settled(page)
    deadline = time.monotonic() + timeout
    while (found := english_names(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(200)  # how often to look again, not a wait for something to happen
    assert page.evaluate("document.documentElement.lang") == "zh-CN", f"{where}: page language is not zh-CN"
    assert not found, f"{where}: a screen reader hears English: {found}"


_AXE = None


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations of these impacts, one line each (rule, impact, first element, why)."""
    global _AXE
    if _AXE is None:
        _AXE = (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    settled(page)
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(_AXE)
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG)
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['nodes'][0]['target']} "
            f"{v['nodes'][0].get('failureSummary', '')[:300]}"
            for v in result["violations"] if v["impact"] in impacts]


def check_page(page, where: str) -> None:
    assert_chinese_only(page, where)
    bad = axe_violations(page)
    assert not bad, f"{where}: axe-core finds serious/critical WCAG 2.2 A/AA violations:\n" + "\n".join(bad)
