"""A closed tab's name and ID number leave the server's memory once its reconnect time runs out (issue 22).

Measured, not inferred: the server runs with a test-only probe (tests/memprobe/sitecustomize.py) that counts the
live Python strings and bytes holding a made-up name and ID number. While the tab is open they are there (the probe
works); after the tab closes they must be gone within the reconnect time plus the reaper's interval plus slack.
Without ui/session_end.py Streamlit kept the closed session, answers and all, until another tab happened to close
(issue 22 measured copies 40 minutes later).

Still failing (strict xfail, issue 22 left open on this point): 40 s after the tab closed the probe still finds
the name and ID number (1) in the closed session's text-input widget metadata (TextInputSerde holds the box's
default value), the session state being held by a threading.Thread's ScriptRunContext (the session's script thread
outlives shutdown() on a busy machine), and (2) in one 550-byte download file left in Streamlit's media storage.
ui/session_end.py now releases again 2 s and 4 s after the shutdown; that was not enough.
"""
from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest

from tests.browser import flows, harness
from ui.session_end import REAP_EVERY

pytestmark = pytest.mark.browser
TTL = 5
PROBE = Path(__file__).resolve().parents[1] / "memprobe"


@pytest.mark.xfail(strict=True, reason="issue 22: the closed session's widget values and one download file stay "
                                        "in memory (see module docstring)")
def test_closed_tabs_name_and_id_number_leave_server_memory(playwright):
    harness.require_chromium()
    rng = random.Random()
    name = "探针" + flows.random_name(rng, 3)
    id_number = flows.random_id_number(rng)
    out = Path(tempfile.mkdtemp(prefix="memprobe-")) / "hits"
    env = {"MEMPROBE_CANARY": f"{name.encode().hex()},{id_number.encode().hex()}", "MEMPROBE_OUT": str(out),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROBE), os.environ.get("PYTHONPATH")]))}

    def hits() -> int | None:
        try:
            return int(out.read_text())
        except (OSError, ValueError):
            return None

    with harness.streamlit_server("--server.disconnectedSessionTTL", str(TTL), env=env) as server:
        browser = playwright.chromium.launch(**harness.launch_args())
        try:
            context = harness.new_context(browser, base_url=server.url, viewport=harness.DESKTOP)
            page = context.new_page()
            flows.answer_wizard(page, flows.Candidate(name=name, id_number=id_number))
            assert name in page.locator("body").inner_text()
            # The probe sees them while the tab is open: otherwise "gone" below would prove nothing.
            harness.wait_until(lambda: (hits() or 0) > 0, 30, "the probe to find the open tab's name and ID number")
            context.close()
        finally:
            browser.close()
        bound = TTL + REAP_EVERY + 30
        harness.wait_until(lambda: hits() == 0, bound,
                           f"the closed tab's name and ID number still in server memory {bound} s after it closed "
                           f"({hits()} copies, held by:\n{(out.parent / 'hits.where').read_text()})")
