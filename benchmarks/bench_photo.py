"""Photo check / fix timing and memory: `python benchmarks/bench_photo.py`.

Two inputs, made in memory: a 480×640 compliant photo and a 12-megapixel "phone photo" (the portrait upscaled
onto a light-blue canvas). Prints the median time per check and per fix, the ratio to a plain Pillow
decode + encode of the same file, and the peak traced Python memory (tracemalloc) of check+fix.
"""
from __future__ import annotations

import io
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


def median_ms(fn, n):
    fn()  # warm-up (detector load, tables)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def plain(data):
    im = Image.open(io.BytesIO(data))
    im.load()
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=85)


def bench(label, data, n):
    check = median_ms(lambda: analyze(data, "a.jpg"), n)
    a = analyze(data, "a.jpg")
    fix = median_ms(lambda: fix_photo(data, "a.jpg", a), n)
    both = median_ms(lambda: fix_photo(data, "a.jpg"), n)
    base = median_ms(lambda: plain(data), n)
    tracemalloc.start()
    fix_photo(data, "a.jpg")
    peak = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    print(f"{label:<22} check {check:7.1f} ms | fix {fix:7.1f} ms | check+fix {both:7.1f} ms | "
          f"Pillow decode+encode {base:6.1f} ms (check+fix = {both / base:4.1f}×) | peak {peak:6.1f} MB")


def main():
    small = pf.compliant_bytes()
    # Fix has to do something at 480×640: the portrait too small and low, as a 480×640 JPEG.
    small_off = pf.jpeg(pf.composite(scale=0.85, dy=30), 90)
    big = pf.jpeg(pf.phone_photo(12.0), 90)
    print(f"Python {sys.version.split()[0]}, Pillow {Image.__version__}")
    bench("480×640 compliant", small, 15)
    bench("480×640 needs crop", small_off, 15)
    bench(f"12 MP phone ({len(big) // 1024} KB)", big, 5)
    import resource

    print(f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
          f"(includes building the fixtures)")


if __name__ == "__main__":
    main()
