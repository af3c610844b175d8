"""A burst of first photo checks on a freshly started process all complete (issue 22: the face detector's first
call deadlocked 20 simultaneous first checks in 2 of 4 tries, and the process never answered again).

Each try is a new process (the hang only happens before the detector's first use), run with a generous timeout
so a deadlock fails the test instead of hanging the suite. Several tries, because the hang was a race."""
from __future__ import annotations

import subprocess
import sys

from tests import photo_fixtures
from tests.browser import harness

THREADS = 24
TRIES = 3
BURST = f"""
import sys, threading
from checks.photo import check_photo
from tests.photo_fixtures import spec
photo_spec = spec()  # the round's standard (loading it is not the detector's first use)
data = sys.stdin.buffer.read()
start = threading.Barrier({THREADS})
done = []
def one():
    start.wait()
    done.append(check_photo(data, "p.jpg", photo_spec).passed)
threads = [threading.Thread(target=one) for _ in range({THREADS})]
for t in threads: t.start()
for t in threads: t.join()
print(len(done), sum(done))
"""


def test_burst_of_first_checks_on_fresh_process_completes():
    photo = photo_fixtures.compliant_bytes()
    procs = [subprocess.Popen([sys.executable, "-c", BURST], cwd=harness.REPO, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(TRIES)]
    results = []
    for proc in procs:
        try:
            out, err = proc.communicate(photo, timeout=180)  # 12–47 s on a loaded 2-core machine
        except subprocess.TimeoutExpired:
            for p in procs:
                p.kill()
            raise AssertionError(f"{THREADS} simultaneous first photo checks hung a fresh process (deadlock)")
        assert proc.returncode == 0, err.decode()[-2000:]
        results.append(out.decode().split())
    # Every check finished and gave the compliant photo its (passing) verdict.
    assert results == [[str(THREADS), str(THREADS)]] * TRIES
