"""Drop a closed tab's answers, uploads and downloads from server memory once its reconnect time runs out.

Streamlit 1.67 keeps a disconnected session in a TTL cache for `server.disconnectedSessionTTL` seconds, so that a
phone which switched apps can reconnect to it. When that time runs out nothing happens: the entry is only
dropped on the next write to that cache (another tab closing), and even then the session is never shut down.
Its uploaded photos stay in the upload manager and its download buttons' bytes (case file with name and ID
number, fixed photo, PDFs) in the media file manager, served at /media/<hash> to anyone holding the address —
measured 8.5 minutes after the tab closed. Shutting the session down removes both.

This reaper (one thread per server process, started by ui.layout.setup) looks every REAP_EVERY seconds and
shuts down, on the server's event loop, every stored session whose reconnect time has run out, then deletes the
files no session refers to any more. It reaches into
Streamlit internals (checked against 1.67; constraints.txt pins the version); if they change it logs one
warning and does nothing, and tests/browser/test_browser_session_end.py fails.
"""
from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time

# Seconds between looks: a closed tab's data is gone at most this long after disconnectedSessionTTL.
REAP_EVERY = 5.0
RELEASE_AGAIN_AFTER = (2.0, 4.0)  # seconds after a shutdown: the closed session's script thread has ended by then

_log = logging.getLogger(__name__)
_lock = threading.Lock()
# The server runtimes this process started a reaper for (one in production; a list, not a global flag, so that
# nothing is rebound). Holds no visitor data.
_started_for: list = []


def start() -> None:
    """Start the reaper for this server process (idempotent; does nothing outside a running server)."""
    from streamlit import runtime

    if not runtime.exists():  # AppTest and `python app.py` have no server sessions to reap
        return
    rt = runtime.get_instance()
    with _lock:
        if any(r is rt for r in _started_for):
            return
        _started_for.append(rt)
    threading.Thread(target=_loop, args=(rt,), name="session-reaper", daemon=True).start()


def _loop(rt) -> None:
    while True:
        time.sleep(REAP_EVERY)
        try:
            loop = rt._get_async_objs().eventloop
            if loop.is_closed():
                return
            loop.call_soon_threadsafe(_reap, rt)
        except Exception:  # the server is stopping, or Streamlit's internals moved
            _log.warning("session reaper stopped: the server is stopping or Streamlit's internals changed")
            return


def _reap(rt) -> None:
    """On the event loop: remove expired sessions from the reconnect store and shut each one down."""
    try:
        mgr = rt._session_mgr
        with mgr._storage_lock:
            expired = mgr._session_storage._cache.expire()
    except AttributeError:
        _log.warning("session reaper: Streamlit's session storage changed; closed sessions are not reaped")
        return
    for _session_id, info in expired:
        info.session.shutdown()
    if expired:
        _release(rt)
        # shutdown() stops the session's script thread, which lets go of its state only when it ends, after this
        # tick: the objects it held (answers with name and ID number, widget values) would then wait in reference
        # cycles for Python's next automatic full collection, which may be long. Release again a little later.
        # Two more passes: a download file still referenced during the first pass is only marked by the second
        # and deleted by the third (Streamlit's grace period, see _release).
        for delay in RELEASE_AGAIN_AFTER:
            asyncio.get_running_loop().call_later(delay, _release, rt)


def _release(rt) -> None:
    # shutdown() only marks downloadable files for deletion (a grace period for a download clicked during a
    # rerun); Streamlit deletes them on the next run of any session, which may never come. Second pass now.
    rt.media_file_mgr.remove_orphaned_files()
    # Streamlit's per-run full collection is off (.streamlit/config.toml, for speed): free the closed
    # sessions' objects that sit in reference cycles now, not at Python's next automatic full collection.
    gc.collect()
