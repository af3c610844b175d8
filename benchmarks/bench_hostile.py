"""How fast and how cheaply hostile files are refused by `python -m checks batch`.

    python benchmarks/bench_hostile.py [--members 5000000] [--strings 2000000]

1. A photo ZIP with N empty members (written by hand into a temporary folder: about 90 bytes per member).
2. An XLSX roster (the template) with M empty shared strings (a few KB).
Each is given to the command line in a fresh process; printed: exit status, wall time, and the child's peak
RSS (getrusage RUSAGE_CHILDREN). Before issue 13: 5 million members took 65 s and 2.5 GB.
"""
from __future__ import annotations

import argparse
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_files import xlsx_with_shared_strings  # noqa: E402

ROSTER_CSV = ("姓名,身份证号,身份证有效期至,准考证号,考生类型,层次,全部课程已合格\n"
              "张三,11010519491231002X,长期,010120100001,社会考生,专科,是\n")


def write_zip(path: Path, count: int) -> None:
    """Local headers streamed to the file, then the central directory, then the end records (ZIP64 if needed)."""
    offsets = []
    with open(path, "wb") as fh:
        for i in range(count):
            name = f"{i:x}".encode()
            offsets.append(fh.tell())
            fh.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name)
        cd_offset = fh.tell()
        for i, off in enumerate(offsets):
            name = f"{i:x}".encode()
            fh.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 20, 0, 0, 0, 0, 0, 0, 0,
                                 len(name), 0, 0, 0, 0, 0, min(off, 0xFFFFFFFF)) + name)
        cd_size = fh.tell() - cd_offset
        zip64_at = fh.tell()
        fh.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset))
        fh.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, zip64_at, 1))
        fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))


def run(*args: str) -> tuple[int, float, float, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "checks", "batch", *args], cwd=ROOT, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return r.returncode, secs, max(peak, before) / 1024, r.stderr.strip().splitlines()[-1] if r.stderr else ""


def in_process(bomb: Path, xlsx: Path) -> None:
    """The refusal alone, without interpreter start-up: wall time and peak Python allocations (tracemalloc)."""
    import datetime as dt
    import tracemalloc

    from checks.photo_archive import PhotoArchive, PhotoArchiveError
    from checks.roster import RosterError, read_roster

    data = xlsx.read_bytes()
    for label, fn, exc in (("photo ZIP", lambda: PhotoArchive(open(bomb, "rb")), PhotoArchiveError),
                           ("XLSX", lambda: read_roster(data, "2024-H1", dt.date(2024, 6, 5)), RosterError)):
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            fn()
            outcome = "accepted"
        except exc:
            outcome = "refused"
        secs = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"in process, {label}: {outcome} in {secs * 1000:.1f} ms, peak allocations {peak / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=5_000_000)
    parser.add_argument("--strings", type=int, default=2_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        roster = tmp / "roster.csv"
        roster.write_text(ROSTER_CSV, encoding="utf-8")
        bomb = tmp / "photos.zip"
        write_zip(bomb, args.members)
        xlsx = tmp / "roster.xlsx"
        xlsx.write_bytes(xlsx_with_shared_strings(args.strings))
        print(f"photo ZIP: {args.members} empty members, {bomb.stat().st_size / 1e6:.0f} MB; "
              f"XLSX: {args.strings} shared strings, {xlsx.stat().st_size / 1e3:.0f} KB")
        in_process(bomb, xlsx)
        # peak RSS of children is a running maximum: the small case first
        for label, cmd in (("XLSX shared strings", (str(xlsx), "-o", str(tmp / "o1"))),
                           ("photo ZIP members", (str(roster), "--photos", str(bomb), "-o", str(tmp / "o2")))):
            code, secs, peak, msg = run(*cmd)
            print(f"{label}: exit {code}, {secs:.2f} s, peak RSS so far {peak:.0f} MB — {msg}")


if __name__ == "__main__":
    main()
