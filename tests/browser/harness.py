"""Helpers for tests that drive the real app in Chromium: start a Streamlit server, wait for reruns, screenshots.

Imported by tests/browser/conftest.py and by tests/test_deploy.py (which lives outside tests/browser/).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def require_chromium() -> None:
    """CI installs chromium, so a missing browser is a failure there; locally one may opt out explicitly."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip(f"{CHROMIUM} missing and SKIP_BROWSER_TESTS=1")
    pytest.fail(f"{CHROMIUM} not found: apt-get install chromium (or set SKIP_BROWSER_TESTS=1 to skip locally)")


def launch_args() -> dict:
    return {"executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS), "headless": True}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http_ok(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before {url} answered:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                body = resp.read()
                if resp.status == 200 and (not url.endswith("/health") or body.strip() == b"ok"):
                    return
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {timeout}s ({last}):\n{tail(log)}")


def tail(path: Path | None, n: int = 4000) -> str:
    if path is None or not path.exists():
        return ""
    return path.read_text(errors="replace")[-n:]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def rss_kb(self) -> int:
        """Resident memory of the streamlit process (VmRSS from /proc)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def streamlit_server(*extra_args: str, keep_log_as: str | None = None, env: dict | None = None):
    """A fresh `streamlit run app.py` from the repo root on a free loopback port; stopped on exit.

    The log goes to a temp file (the privacy test reads it); a copy is kept in test-artifacts/logs/ for CI.
    """
    port = free_port()
    fd, log_name = tempfile.mkstemp(prefix="streamlit-test-", suffix=".log")
    log = Path(log_name)
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        *extra_args,
    ]
    env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    with os.fdopen(fd, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http_ok(url + "/_stcore/health", proc=proc, log=log)
        yield Server(url=url, proc=proc, log=log)
    finally:
        stop(proc)
        if keep_log_as:
            (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(log, ARTIFACTS / "logs" / f"{keep_log_as}.log")
        log.unlink(missing_ok=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit finished the current script run (and the DOM has settled a moment)."""
    # The attribute can read notRunning for an instant before a rerun starts: wait, then check again.
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_idle(page)


def screenshot(page, name: str) -> Path:
    """The whole page as a person would scroll through it. Streamlit scrolls inside its main container, not
    the document, so full_page alone shows one screen: grow the viewport to the content for the shot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("""() => Math.max(...['[data-testid="stMain"]', '[data-testid="stAppViewContainer"]',
        'section.main'].map(s => document.querySelector(s)?.scrollHeight || 0), document.body.scrollHeight)""")
    if size and height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(height + 40, 8000)})
        page.wait_for_timeout(300)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        if size:
            page.set_viewport_size(size)
    return path


def app_errors(page) -> list[str]:
    """Texts of Streamlit exception/error boxes visible on the page (showErrorDetails=none still shows a box)."""
    return [e.inner_text() for e in page.locator('[data-testid="stException"]').all()]


def fixable_photo_payload() -> dict:
    """A 3-megapixel 'phone' portrait on light blue: fails the size checks, and the photo page can fix it.
    Built in memory by tests/photo_fixtures.py from the public-domain portraits in ../shared/photos."""
    from tests import photo_fixtures

    return {"name": "手机照片.jpg", "mimeType": "image/jpeg",
            "buffer": photo_fixtures.jpeg(photo_fixtures.phone_photo(3.0), 92)}
