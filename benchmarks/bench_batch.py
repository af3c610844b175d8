"""Batch check throughput and peak memory with 12-megapixel phone photos.

    python benchmarks/bench_batch.py [--sizes 50 200 1000]

One ZIP with the largest class's photos is written once into a temporary folder (deleted afterwards); each
class size reads the first N students from it, exactly as `python -m checks batch` does (outputs to files).
Photos: the public-domain portrait of ../shared/photos on light blue, as a phone stores it: 4000×3000 pixels
turned sideways with EXIF orientation 6, JPEG quality 90, each student's file slightly different.
Peak memory is the largest sum of RSS over this process and all its descendants (the worker pool and its
fork server), sampled every 50 ms from /proc.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import struct
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from checks import batch_export  # noqa: E402
from checks.batch import check_class  # noqa: E402
from checks.roster import read_roster  # noqa: E402
from tests import photo_fixtures as pf  # noqa: E402
from tests.test_roster import csv_bytes, row  # noqa: E402

VARIANTS = 8


def phone_jpegs() -> list[bytes]:
    """A few 12-MP variants (portrait shifted a little), stored sideways with an EXIF orientation tag."""
    upright = pf.phone_photo(12.0)
    out = []
    for i in range(VARIANTS):
        shifted = Image.new("RGB", upright.size, pf.BLUE)
        shifted.paste(upright, ((i - VARIANTS // 2) * 15, (i % 3 - 1) * 20))
        exif = Image.Exif()
        exif[0x0112] = 6  # the camera was held upright: rotate 90° clockwise to display
        buf = io.BytesIO()
        shifted.transpose(Image.Transpose.ROTATE_90).save(buf, "JPEG", quality=90, exif=exif.tobytes())
        out.append(buf.getvalue())
    return out


def with_comment(jpeg: bytes, text: str) -> bytes:
    """The same picture with a JPEG comment segment, so that no two students' files are identical."""
    payload = text.encode()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def admission(i: int) -> str:
    return f"0101201{i:05d}"


def write_zip(path: Path, count: int) -> None:
    variants = phone_jpegs()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(count):
            zf.writestr(f"一班/{admission(i)}.jpg", with_comment(variants[i % VARIANTS], f"student {i}"))


def tree_rss() -> int:
    """Bytes of RSS of this process and every descendant."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as fh:
                total += next(int(ln.split()[1]) for ln in fh if ln.startswith("VmRSS:")) * 1024
        except (OSError, StopIteration):
            pass
    return total


class PeakSampler(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self._halt = 0, threading.Event()

    def run(self):
        while not self._halt.is_set():
            self.peak = max(self.peak, tree_rss())
            self._halt.wait(0.05)

    def stop(self) -> int:
        self._halt.set()
        self.join()
        return self.peak


def bench(size: int, zip_path: Path, workdir: Path) -> tuple[float, int, int]:
    roster = read_roster(csv_bytes([row(准考证号=admission(i)) for i in range(size)]),
                         "2024-H1", dt.date(2024, 6, 5))
    out = workdir / f"out_{size}"
    out.mkdir()
    sampler = PeakSampler()
    sampler.start()
    start = time.perf_counter()
    with open(zip_path, "rb") as fh:
        outputs = batch_export.Outputs.in_directory(out)
        result = check_class(roster, fh, outputs)  # as the command line runs it
    seconds = time.perf_counter() - start
    peak = sampler.stop()
    fixed = sum(1 for s in result.students if s.photo_passed)
    assert outputs.counts["pledges"] == size, outputs.counts  # every student gets a pledge to sign
    return seconds, peak, fixed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        zip_path = workdir / "photos.zip"
        t = time.perf_counter()
        write_zip(zip_path, max(args.sizes))
        print(f"照片压缩包：{max(args.sizes)} 张 4000×3000 JPEG，{zip_path.stat().st_size / 2**20:.0f} MB，"
              f"生成用时 {time.perf_counter() - t:.0f} 秒；CPU 核数 {os.cpu_count()}")
        print("students  seconds  students/s  peak RSS (parent+children)  photos passed or fixed")
        for size in args.sizes:
            seconds, peak, fixed = bench(size, zip_path, workdir)
            print(f"{size:8d}  {seconds:7.1f}  {size / seconds:10.1f}  {peak / 2**20:22.0f} MB  {fixed:8d}/{size}")


if __name__ == "__main__":
    main()
