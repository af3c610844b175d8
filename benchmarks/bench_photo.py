"""Photo check / fix timing and memory: `python benchmarks/bench_photo.py`.

Inputs made in memory: a 480×640 compliant photo, one that needs cropping, and a 12-megapixel "phone photo"
(the portrait upscaled onto a light-blue canvas). Every check of the v2 contract runs. Prints, per step,
the median and the best wall-clock time and the median CPU time of this process (on a machine shared with
other jobs the CPU time is the better guess of the idle wall time: it does not count time spent waiting for
a core), the same for a plain Pillow decode + encode of the same file (the floor), and the peak traced
Python memory (tracemalloc) of check+fix.
"""
from __future__ import annotations

import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from PIL import Image  # noqa: E402

import photo_fixtures as pf  # noqa: E402
from checks.photo import analyze, fix_photo  # noqa: E402
from checks.rounds import default_round_id, load_round  # noqa: E402

SPEC = load_round(default_round_id()).photo


class Timing:
    def __init__(self, wall: list[float], cpu: list[float]):
        self.median, self.best, self.cpu = statistics.median(wall), min(wall), statistics.median(cpu)

    def __str__(self):
        return f"{self.median:6.1f} ms (best {self.best:6.1f}, CPU {self.cpu:6.1f})"


def timed(fn, n) -> Timing:
    fn()  # warm-up (detector load, tables)
    wall, cpu = [], []
    for _ in range(n):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return Timing(wall, cpu)


def plain(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=85)


def bench(label, data, n):
    check = timed(lambda: analyze(data, "a.jpg", SPEC), n)
    a = analyze(data, "a.jpg", SPEC)
    fix = timed(lambda: fix_photo(data, "a.jpg", a), n)
    both = timed(lambda: fix_photo(data, "a.jpg", analyze(data, "a.jpg", SPEC)), n)
    base = timed(lambda: plain(data), n)
    tracemalloc.start()
    fix_photo(data, "a.jpg", analyze(data, "a.jpg", SPEC))
    peak = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    print(f"{label}  (check+fix = {both.median / base.median:.1f}× the floor, peak traced {peak:.1f} MB)")
    for name, t in (("check", check), ("fix", fix), ("check+fix", both), ("floor: Pillow decode+encode", base)):
        print(f"    {name:<28} {t}")


def main():
    small = pf.compliant_bytes()
    # Fix has to do something at 480×640: the portrait too small and low, as a 480×640 JPEG.
    small_off = pf.jpeg(pf.composite(scale=0.85, dy=30), 90)
    big = pf.jpeg(pf.phone_photo(12.0), 90)
    print(f"Python {sys.version.split()[0]}, Pillow {Image.__version__}, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    bench("480×640 compliant", small, 21)
    bench("480×640 needs crop", small_off, 21)
    bench(f"12 MP phone ({len(big) // 1024} KB)", big, 7)
    import resource

    print(f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(includes building the fixtures)")


if __name__ == "__main__":
    main()
