"""The reaper frees a closed tab's answers at once, even where they sit in reference cycles.

Streamlit's full garbage collection after every run is off (.streamlit/config.toml: it cost ~75 ms per click), so
objects in cycles would otherwise wait for Python's next automatic full collection, which may be hours away on a
quiet server. The browser test (tests/browser/test_browser_session_end.py) covers the real server's downloads.
"""
from __future__ import annotations

import gc
import threading
import weakref

from ui import session_end


class _Answers:
    """Stands in for a session's state: a name and an ID number."""

    def __init__(self):
        self.name, self.id_number = "张三", "530102199001011234"
        self.me = self  # a reference cycle, as Streamlit's session objects have


class _Session:
    def __init__(self):
        self.state = _Answers()
        self.closed = False

    def shutdown(self):
        self.closed = True
        self.state = None


class _Runtime:
    """The parts of Streamlit's runtime the reaper touches (checked against the real ones by the browser test)."""

    def __init__(self, sessions):
        info = [(str(i), type("Info", (), {"session": s})()) for i, s in enumerate(sessions)]
        cache = type("Cache", (), {"expire": lambda self: info})()
        storage = type("Storage", (), {"_cache": cache})()
        self._session_mgr = type("Mgr", (), {"_storage_lock": threading.Lock(), "_session_storage": storage})()
        self.media_file_mgr = type("Media", (), {"remove_orphaned_files": lambda self: None})()


def test_closed_sessions_answers_are_freed_when_reaped():
    session = _Session()
    answers = weakref.ref(session.state)
    runtime = _Runtime([session])
    was_enabled = gc.isenabled()
    gc.disable()  # only the reaper may collect here
    try:
        session_end._reap(runtime)
        assert session.closed
        assert answers() is None, "a closed tab's answers stayed in memory after the reaper ran"
    finally:
        if was_enabled:
            gc.enable()

