"""Test-only probe, loaded into a server started by tests/browser/test_browser_memory_release.py (PYTHONPATH):
every half second it counts the live Python strings and bytes that contain one of MEMPROBE_CANARY (made-up name
and ID number, comma-separated, UTF-8 in hex so that the environment itself holds no copy) and writes the count to
MEMPROBE_OUT; the probe's own copies are skipped by identity. Not part of the app; does nothing without both variables.

Strings are not tracked by the garbage collector themselves, so it looks at what every tracked object refers to
(a string alive in the server is held by some dict, list, object or frame)."""
import os

if os.environ.get("MEMPROBE_CANARY") and os.environ.get("MEMPROBE_OUT"):
    import gc
    import sys
    import threading
    import time

    where: list[str] = []  # for a failing test's message: what holds each copy (types only, no content)

    def _referrers(obj, skip: set) -> str:
        """What holds `obj`, by type, one level up, skipping the probe's own lists."""
        return ", ".join(sorted({f"{type(r).__module__}.{type(r).__qualname__}" for r in gc.get_referrers(obj)
                                 if id(r) not in skip and type(r) is not list}))

    def _count(canaries: list[str], raw: list[bytes]) -> int:
        own = {id(c) for c in canaries + raw}
        hits = 0
        where.clear()
        objs = gc.get_objects()
        skip = {id(objs), id(where)}
        for obj in objs:
            for ref in gc.get_referents(obj):
                if id(ref) in own:
                    continue
                found = (type(ref) is str and any(c in ref for c in canaries)) or \
                    (type(ref) in (bytes, bytearray) and any(c in ref for c in raw))
                if found:
                    hits += 1
                    where.append(f"{type(obj).__module__}.{type(obj).__qualname__} -> {type(ref).__name__} "
                                 f"{len(ref)}: {_referrers(obj, skip)}")
        return hits

    def _probe() -> None:
        canaries = [bytes.fromhex(c).decode() for c in os.environ["MEMPROBE_CANARY"].split(",")]
        raw = [c.encode() for c in canaries]
        out = os.environ["MEMPROBE_OUT"]
        while True:
            time.sleep(0.5)
            frames = sys._current_frames()  # locals of running threads are held by frames: count those too
            hits = _count(canaries, raw) + sum(any(c in v for c in canaries) for f in frames.values()
                                               for v in f.f_locals.values() if type(v) is str and v is not out)
            del frames
            with open(out + ".tmp", "w") as fh:
                fh.write(str(hits))
            os.replace(out + ".tmp", out)
            with open(out + ".where", "w") as fh:
                fh.write("\n".join(where))

    threading.Thread(target=_probe, name="memprobe", daemon=True).start()
