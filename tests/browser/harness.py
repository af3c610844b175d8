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
import urllib.error
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


def wait_until(condition, timeout: float, what: str, interval: float = 0.2):
    """Poll `condition()` until it returns something true (returned), or fail after `timeout` s naming `what`.
    The one way tests wait for a process or a server: the interval is only how often to look, never a wait."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"{what}: not after {timeout:.0f} s")
        time.sleep(interval)


def wait_http_ok(url: str, timeout: float = 60.0, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    last = []

    def answered() -> bool:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}) before {url} answered:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                body = resp.read()
                return resp.status == 200 and (not url.endswith("/health") or body.strip() == b"ok")
        except OSError as exc:
            last[:] = [exc]
            return False

    try:
        wait_until(answered, timeout, f"{url} ready")
    except TimeoutError as exc:
        raise RuntimeError(f"{exc} ({last}):\n{tail(log)}") from None


def http_status(url: str) -> int:
    """Status of a plain GET without cookies (as anyone who got hold of the address would send it)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


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


@contextlib.contextmanager
def cluster(repo: Path, prefix: Path, out_path: Path, env: dict | None = None):
    """deploy/run_cluster.sh of the checkout in `repo`, files under `prefix`: yields the proxy's URL once READY.
    Stopped with SIGTERM to the script only (its trap stops the two apps and nginx; killing the group would skip
    it); its logs are kept under test-artifacts/logs/."""
    with open(out_path, "wb") as out:
        proc = subprocess.Popen([str(repo / "deploy" / "run_cluster.sh"), str(prefix)], cwd=repo, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})})

    def ready():
        if proc.poll() is not None:
            raise AssertionError("cluster did not start:\n" + out_path.read_text())
        m = re.search(r"^READY (\S+)$", out_path.read_text(), re.M)
        return m and m.group(1)

    try:
        yield wait_until(ready, 120, "cluster READY")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        (ARTIFACTS / "logs").mkdir(parents=True, exist_ok=True)
        for log in prefix.glob("*.log"):
            shutil.copyfile(log, ARTIFACTS / "logs" / f"cluster-{log.name}")


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


# Streamlit marks the app `notRunning` only once the server answers, so right after a click the old "idle" state
# is still on screen, and a quick rerun may never show `running` at all. This script (added to every page by
# new_context / the `context` fixture) watches the page's WebSocket: it counts the rerun requests sent (BackMsg
# field 11, first byte 0x5a), the script runs the server starts (ForwardMsg field 4, new_session) and finishes
# (field 6, script_finished, except "finished early for a rerun"), plus the files given to an uploader (the input's
# change event, fired before set_input_files returns). The page is idle when a run that started after the last
# rerun request has finished, the screen shows it
# (app `notRunning`, no stale element left), and every file given since has either led to a rerun request
# (uploaded) or been refused by the browser (an error chip, no spinner), and all this held for three animation
# frames without any message in between (the front end renders what it received asynchronously): no fixed delay.
# Runs carry no id of the request that caused them, so wait_idle after every action that reruns (a download button
# click does too) before the next: two requests in flight at once could let the first run's end pass for the second.
IDLE_HOOK = """
(() => {
  if (window.__idle) return;
  const st = window.__idle = {seq: 0, rerun: 0, files: 0, refused: 0, started: 0, finished: 0, opened: 0};
  function varint(b, i) {
    let v = 0, m = 1;
    for (;;) { const x = b[i++]; v += (x & 0x7f) * m; m *= 128; if (x < 0x80) return [v, i]; }
  }
  function kind(b) {  // from the top-level fields of a ForwardMsg: ["started"], ["finished", status] or []
    let i = 0;
    while (i < b.length) {
      let tag; [tag, i] = varint(b, i);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { let v; [v, i] = varint(b, i); if (field === 6) return ["finished", v]; }
      else if (wire === 2) { if (field === 4) return ["started"]; let n; [n, i] = varint(b, i); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return [];
    }
    return [];
  }
  function received(ev) {
    if (!(ev.data instanceof ArrayBuffer)) return;
    const [what, status] = kind(new Uint8Array(ev.data));
    if (what === "started") st.started = ++st.seq;  // new_session opens every script run
    // status 2: stopped early because another run was asked for; that run brings its own start and finish.
    else if (what === "finished" && status !== 2) st.finished = ++st.seq;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => { st.opened = ++st.seq; });  // also each reconnection
      this.addEventListener('message', (ev) => { st.seq++; received(ev); });
    }
  };
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    try {
      const b = data instanceof ArrayBuffer ? new Uint8Array(data)
        : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
      if (b && b[0] === 0x5a) st.rerun = ++st.seq;
    } catch (e) {}
    return send.apply(this, arguments);
  };
  document.addEventListener('change', (e) => {
    if (e.target && e.target.type === 'file') st.files = ++st.seq;
  }, true);
})();
"""
IDLE_DONE = """() => {
  const st = window.__idle;
  if (!st || st.rerun === 0 || !(st.started > st.rerun && st.finished > st.started)) return false;
  if (!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')) return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  if (document.querySelector('[data-testid="stFileChipIconSpinner"]')) return false;
  if (document.querySelector('[data-testid="stFileChipIconError"]') && !(st.refused > st.files)) st.refused = ++st.seq;
  if (!(st.rerun > st.files || st.refused > st.files)) return false;
  // The front end renders received messages asynchronously (promise chains): all of the above must still hold,
  // with no message sent or received, over three consecutive animation frames (this runs once per frame).
  if (st.stableAt !== st.seq) { st.stableAt = st.seq; st.frames = 0; }
  return ++st.frames >= 3;
}"""


def new_context(browser, **kwargs):
    """browser.new_context(**kwargs) with the idle hook that wait_idle relies on."""
    context = browser.new_context(**kwargs)
    context.add_init_script(IDLE_HOOK)
    return context


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit finished the script run(s) the page asked for (see IDLE_HOOK), up to `timeout` ms."""
    if not page.evaluate("() => !!window.__idle"):
        raise RuntimeError("page opened without harness.new_context (or the `context` fixture): cannot tell "
                           "when Streamlit is idle")
    page.wait_for_function(IDLE_DONE, timeout=timeout, polling="raf")


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
        # The screenshot is taken once the page has the new height, not after a guessed delay.
        page.wait_for_function("h => window.innerHeight === h", arg=min(height + 40, 8000))
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
