"""A batch killed mid-run leaves nothing behind: no worker processes (they hold names, ID numbers, photos)
and no semaphores in /dev/shm."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import photo_fixtures as pf
from tests.test_batch_zip import make_zip
from tests.test_roster import csv_bytes, row

ROOT = Path(__file__).resolve().parents[1]
SHM = Path("/dev/shm")
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists() or not SHM.is_dir(), reason="needs Linux /proc")


def children() -> dict[int, int]:
    """pid → parent pid, for every process we can see."""
    out = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_bytes()
            except OSError:
                continue
            out[int(entry.name)] = int(stat.rsplit(b")", 1)[1].split()[1])
    return out


def descendants(pid: int) -> set[int]:
    tree, found, todo = children(), set(), [pid]
    while todo:
        parent = todo.pop()
        for child, ppid in tree.items():
            if ppid == parent and child not in found:
                found.add(child)
                todo.append(child)
    return found


def shm_files(pids) -> set[str]:
    """The /dev/shm files (named semaphores, shared memory) these processes have mapped and not yet unlinked:
    attributable to our run, unlike a listing of /dev/shm on a machine where other tests run too."""
    found = set()
    for pid in pids:
        try:
            maps = Path(f"/proc/{pid}/maps").read_text()
        except OSError:
            continue
        for line in maps.splitlines():
            if "/dev/shm/" in line and not line.endswith("(deleted)"):
                found.add(line[line.index("/dev/shm/"):])
    return found


def running(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]) != b"Z"
    except OSError:
        return False


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_killing_the_cli_mid_run_leaves_no_workers_and_nothing_in_dev_shm(tmp_path):
    students = 40
    roster = tmp_path / "r.csv"
    roster.write_bytes(csv_bytes([row(准考证号=f"0101201{i:05d}") for i in range(students)]))
    photo = pf.jpeg(pf.phone_photo(1.0), 90)  # needs a crop and re-encode: a few tenths of a second each
    (tmp_path / "p.zip").write_bytes(make_zip({f"0101201{i:05d}.jpg": photo for i in range(students)}).getvalue())
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "checks", "batch", str(roster), "--photos", str(tmp_path / "p.zip"),
                             "-o", str(out)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen: set[int] = set()
    try:
        def working():
            seen.update(descendants(proc.pid))
            photos = out / "photos.zip"
            return len(seen) >= 3 and photos.exists() and photos.stat().st_size > 0  # students are finishing
        wait_for(working, 120, "the batch to start finishing students")
        assert proc.poll() is None, "the run ended before it could be killed: make the class bigger"
        seen.update(descendants(proc.pid))
        shm = shm_files(seen | {proc.pid})
        assert shm, "the run's queues should hold named semaphores in /dev/shm (else this test checks nothing)"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        wait_for(lambda: not any(running(p) for p in seen), 20, f"worker processes {sorted(seen)} to exit")
        wait_for(lambda: not any(Path(f).exists() for f in shm), 20, f"the run's /dev/shm entries {sorted(shm)} to go")
    finally:
        for pid in seen | {proc.pid}:  # never leave our own processes behind, even when the test fails
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
