"""Uploads stay in memory, and one session holds at most SESSION_UPLOAD_CAP bytes of them (issue 22).

1. Off disk: Starlette parses an upload's multipart body into a SpooledTemporaryFile that moves to a (deleted)
   file in the temp folder once it passes `MultiPartParser.spool_max_size` (1 MB): every phone photo touched the
   disk, against the privacy promise. The limit is raised above the largest body Streamlit accepts
   (server.maxUploadSize + its 1 MB framing margin), so the body stays in memory, where Streamlit then copies it
   anyway (upload.read()). Memory per upload is unchanged; only the disk copy goes.
2. A cap per session: Streamlit keeps an uploaded file until the browser deletes it; a client that skips that
   step kept every upload (12 × 25 MB in 3 s: 285 → 611 MB). When a new file would take a session past the cap,
   that session's oldest files are dropped first (an honest visitor holds a few files: a photo, a roster and a
   photo ZIP, well under the cap).

Both reach into Streamlit/Starlette internals (checked against streamlit 1.67, starlette 1.10; constraints.txt
pins them); tests/test_uploads.py fails if they move.
"""
from __future__ import annotations

import threading

SESSION_UPLOAD_CAP = 100 * 1024 * 1024  # bytes: the batch page's 50 MB ZIP + 5 MB roster + a 30 MB photo fit
_lock = threading.Lock()
_capped: list = []  # upload managers already wrapped (one per server runtime); no visitor data


def spool_limit() -> int:
    from streamlit import config

    return (int(config.get_option("server.maxUploadSize")) + 2) * 1024 * 1024


def keep_in_memory() -> None:
    """Starlette's multipart parser keeps upload bodies up to the upload limit in memory (idempotent)."""
    from starlette.formparsers import MultiPartParser

    if MultiPartParser.spool_max_size < spool_limit():
        MultiPartParser.spool_max_size = spool_limit()


def cap_sessions() -> None:
    """Wrap this server's upload manager so no session holds more than SESSION_UPLOAD_CAP (idempotent)."""
    from streamlit import runtime

    if not runtime.exists():
        return
    cap(runtime.get_instance().uploaded_file_mgr)


def cap(mgr, limit: int = SESSION_UPLOAD_CAP) -> None:
    """After each file added to `mgr`, drop that session's oldest files until it holds at most `limit` bytes."""
    with _lock:
        if any(m is mgr for m in _capped) or not hasattr(mgr, "file_storage"):
            return
        _capped.append(mgr)
    add_file = mgr.add_file

    def add_file_capped(session_id, file):
        add_file(session_id, file)
        evict_oldest(mgr, session_id, keep=file.file_id, cap=limit)

    mgr.add_file = add_file_capped


def evict_oldest(mgr, session_id: str, keep: str, cap: int = SESSION_UPLOAD_CAP) -> None:
    """Drop the session's oldest files (not `keep`, the one just added) until it holds at most `cap` bytes."""
    files = mgr.file_storage.get(session_id) or {}
    held = sum(len(f.data) for f in list(files.values()))
    for file_id in list(files):
        if held <= cap:
            return
        if file_id != keep:
            held -= len(files[file_id].data) if file_id in files else 0
            mgr.remove_file(session_id, file_id)
