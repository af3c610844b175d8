"""Sessions per process and per core: `python benchmarks/bench_load.py [--sessions 1,4,8] [--max-seconds 600]`.

Bounded and local only: starts its own `streamlit run app.py` on 127.0.0.1 (a free port, MALLOC_ARENA_MAX=2 as
deploy/run_cluster.sh sets it), and for each count N opens N headless Chromium sessions at once that each upload
a different 3-megapixel phone photo on the photo page and wait for the check and fix to finish. Nothing is sent
anywhere else; the run stops at --max-seconds whatever happens.

Prints per N: the photo check as each visitor waits for it (upload to result on screen, p50/p95/max), the CPU
seconds the server process spent per check (utime+stime from /proc), its peak resident memory, and what follows
for capacity: checks per minute per core (60 / CPU s per check) — one Streamlit process uses one core, so run one
process per core (docs/deploy.md). The browsers run on the same machine: on a 2-core box they compete with the
server, so the latency figures are pessimistic; the CPU seconds per check are not affected.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from tests import photo_fixtures  # noqa: E402
from tests.browser import harness  # noqa: E402

CLK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK  # utime + stime


def photo(seed: int) -> dict:
    """The fixable 3 MP portrait with invisible noise: every session uploads its own bytes."""
    arr = np.asarray(photo_fixtures.phone_photo(3.0), dtype=np.int16)
    noise = np.random.default_rng(seed).integers(-1, 2, arr.shape, dtype=np.int16)
    img = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "RGB")
    return {"name": f"photo-{seed}.jpg", "mimeType": "image/jpeg", "buffer": photo_fixtures.jpeg(img, 92)}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def round_of(browser, server, n: int, deadline: float) -> dict:
    contexts, pages = [], []
    for i in range(n):
        ctx = harness.new_context(browser, base_url=server.url, viewport=harness.DESKTOP)
        page = ctx.new_page()
        page.goto("/photo")
        harness.wait_idle(page, timeout=max(1, deadline - time.monotonic()) * 1000)
        contexts.append(ctx)
        pages.append(page)
    payloads = [photo(1000 * n + i) for i in range(n)]
    cpu0, rss_peak = cpu_seconds(server.pid), server.rss_kb()
    started = []
    for page, payload in zip(pages, payloads):  # all uploads given before any result is awaited
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(payload)
        started.append(time.monotonic())
    waits = []
    for page, t0 in zip(pages, started):
        harness.wait_idle(page, timeout=max(1, deadline - time.monotonic()) * 1000)
        page.get_by_text("这张照片").first.wait_for(timeout=max(1, deadline - time.monotonic()) * 1000)
        waits.append(time.monotonic() - t0)
        rss_peak = max(rss_peak, server.rss_kb())
    cpu = cpu_seconds(server.pid) - cpu0
    for ctx in contexts:
        ctx.close()
    return {"n": n, "p50": statistics.median(waits), "p95": pct(waits, 0.95), "max": max(waits),
            "cpu_per_check": cpu / n, "rss_mb": rss_peak / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", default="1,4,8", help="comma-separated session counts, each at most 40")
    ap.add_argument("--max-seconds", type=float, default=600)
    args = ap.parse_args()
    counts = [int(x) for x in args.sessions.split(",")]
    if any(not 1 <= c <= 40 for c in counts):
        sys.exit("session counts must be between 1 and 40")
    deadline = time.monotonic() + args.max_seconds
    harness.require_chromium = lambda: None  # a missing browser fails at launch below, with Playwright's message
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; server on 127.0.0.1")
    with harness.streamlit_server(env={"MALLOC_ARENA_MAX": "2"}) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(**harness.launch_args())
        try:
            round_of(browser, server, 1, deadline)  # warm-up: detector, fonts, page modules
            print(f"{'sessions':>8} {'wait p50':>9} {'p95':>7} {'max':>7} {'CPU s/check':>12} {'peak RSS':>9} "
                  f"{'checks/min/core':>16}")
            for n in counts:
                if time.monotonic() > deadline:
                    print(f"stopped: --max-seconds {args.max_seconds:.0f} reached")
                    break
                r = round_of(browser, server, n, deadline)
                print(f"{r['n']:>8} {r['p50']:>8.1f}s {r['p95']:>6.1f}s {r['max']:>6.1f}s {r['cpu_per_check']:>11.2f}s "
                      f"{r['rss_mb']:>7.0f}MB {60 / r['cpu_per_check']:>16.0f}")
        finally:
            browser.close()
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
