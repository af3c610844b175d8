"""The command line ends quietly into a closed pipe, and reads only regular files within its size limit
(issue 22: `round list | head -1` ended in a BrokenPipe traceback, a 2 GB sparse file was read whole, a symlink
to /dev/zero was read without end)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.browser import harness

EXAMPLE = "tests/scenarios/contract_example.json"


def run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the command writes its first line (`| head -1` after one)
    try:
        return subprocess.run([sys.executable, "-m", "checks", *args], cwd=harness.REPO, stdout=write_end,
                              stderr=subprocess.PIPE, timeout=120)
    finally:
        os.close(write_end)


@pytest.mark.parametrize("args", [("round", "list"), ("eligibility", EXAMPLE), ("eligibility", EXAMPLE, "--json")])
def test_output_into_a_closed_pipe_ends_quietly(args):
    done = run_into_closed_pipe(*args)
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", *args], cwd=harness.REPO, capture_output=True,
                          text=True, timeout=60)


def test_a_huge_sparse_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "case.json"
    with open(big, "wb") as fh:
        fh.truncate(2 * 1024 ** 3)  # 2 GB that take no disk space: reading them would take all the memory
    done = cli("eligibility", str(big))
    assert done.returncode == 2
    assert "太大（2048 MB，上限 64 MB）" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_a_symlink_to_a_device_is_refused(tmp_path, target):
    link = tmp_path / "case.json"
    link.symlink_to(target)
    done = cli("eligibility", str(link))
    assert done.returncode == 2
    assert "不是普通文件" in done.stderr and "Traceback" not in done.stderr


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer that never writes: reading would wait forever
    try:
        done = cli("photo", str(fifo))
    finally:
        os.close(writer)
    assert done.returncode == 2 and "不是普通文件" in done.stderr
