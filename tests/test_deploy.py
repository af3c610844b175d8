"""deploy/run_cluster.sh: two app processes behind nginx with sticky sessions; pages and uploads work through it."""
from __future__ import annotations

import collections
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import flows, harness

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCRIPT = harness.REPO / "deploy" / "run_cluster.sh"
VISITORS = 4


@pytest.fixture
def fixable_photo():
    return harness.fixable_photo_payload()


@pytest.fixture
def cluster(tmp_path):
    harness.require_chromium()  # before starting three servers for nothing
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        if os.environ.get("SKIP_BROWSER_TESTS") == "1":
            pytest.skip("nginx missing and SKIP_BROWSER_TESTS=1")
        pytest.fail("nginx not found: apt-get install nginx (CI installs it)")
    prefix = tmp_path / "cluster"
    out_path = tmp_path / "run_cluster.out"
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([str(SCRIPT), str(prefix)], cwd=harness.REPO, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    url = None
    deadline = time.monotonic() + 90
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.3)
        m = re.search(r"^READY (\S+)$", out_path.read_text(), re.M)
        url = m.group(1) if m else None
    try:
        assert url, "cluster did not start:\n" + out_path.read_text()
        yield url, prefix
    finally:
        # SIGTERM to the script only: its trap stops the two apps and nginx (killing the group would skip it).
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        (harness.ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
        for log in prefix.glob("*.log"):
            shutil.copyfile(log, harness.ARTIFACTS / "logs" / f"cluster-{log.name}")


def test_pages_and_photo_upload_through_proxy(playwright, cluster, fixable_photo):
    url, prefix = cluster
    browser = playwright.chromium.launch(**harness.launch_args())
    try:
        # Several visitors, each with its own cookie jar: each gets pinned to one backend.
        for i in range(VISITORS):
            context = browser.new_context(base_url=url, viewport=harness.DESKTOP, accept_downloads=True)
            page = context.new_page()
            harness.open_page(page, "/")
            expect(page.get_by_role("heading", name="云南自考毕业申请自查")).to_be_visible()
            flows.nav(page, "照片检查")
            flows.upload(page, fixable_photo)
            # The upload (an HTTP PUT) reached the process that holds this visitor's WebSocket session.
            expect(page.get_by_text(re.compile(r"这张照片有 \d+ 项不符合要求"))).to_be_visible()
            with page.expect_download() as dl:
                page.get_by_role("button", name=re.compile("下载.*照片")).click()
            assert Path(dl.value.path()).read_bytes()[:3] == b"\xff\xd8\xff"
            assert harness.app_errors(page) == []
            if i == 0:
                harness.screenshot(page, "cluster-photo")
            context.close()
    finally:
        browser.close()

    # Every request of one route cookie went to one backend (the stickiness the uploads depend on).
    log = (prefix / "access.log").read_text()
    backends_by_route = collections.defaultdict(set)
    uploads = 0
    for line in log.splitlines():
        m = re.search(r'"(\w+) (\S+)" (\d+) route=(\w+) upstream=(\S+)', line)
        if not m or m.group(5) == "-":
            continue
        method, path, status, route, upstream = m.groups()
        backends_by_route[route].add(upstream)
        if method == "PUT" and "/_stcore/upload_file/" in path:
            uploads += 1
            assert status.startswith("2"), line
    assert uploads >= VISITORS, f"expected {VISITORS} photo uploads through the proxy, log:\n{log}"
    split = {r: b for r, b in backends_by_route.items() if len(b) > 1}
    assert not split, f"a visitor's requests went to several backends: {split}"
