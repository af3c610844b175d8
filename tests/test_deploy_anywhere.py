"""The cluster works from a checkout in a folder only its owner may enter (as `mktemp -d` makes it), also when
run as root: nginx's worker processes then run as another user and could not read a file of the repository."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.browser import harness

pytestmark = pytest.mark.slow
WECHAT_UA = "Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.55.2780 WeChat/arm64 Weixin"


def private_copy(dest: Path) -> Path:
    """What a fresh clone holds (the tracked files, as they are now in this worktree), in a private folder."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=harness.REPO, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        src = harness.REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def fetch(url: str, user_agent: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def test_cluster_from_private_folder_serves_app_and_wechat_page():
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("nginx not found: apt-get install nginx (CI installs it)")
    top = Path(tempfile.mkdtemp(prefix="private-clone-"))  # mode 700, like a fresh `mktemp -d`
    try:
        assert stat.S_IMODE(top.stat().st_mode) == 0o700
        repo = private_copy(top / "repo")
        prefix = top / "cluster"
        with harness.cluster(repo, prefix, top / "run_cluster.out") as url:
            status, body = fetch(url + "/photo", WECHAT_UA)
            assert status == 200, f"WeChat page: HTTP {status} (user {os.getuid()}), nginx log:\n" + \
                harness.tail(prefix / "error.log")
            assert "在浏览器打开" in body
            status, body = fetch(url + "/", "Mozilla/5.0 Chrome/131.0")
            assert status == 200 and "streamlit" in body.lower()
    finally:
        shutil.rmtree(top, ignore_errors=True)
