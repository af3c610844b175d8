"""Case-code QR reading: how many generated cases each reader gets back, per picture form, and how long it takes.

    python benchmarks/bench_qr.py [--cases 200]

Cases: tests/casegen.py (seeds 0..N-1). Forms: tests/qrpictures.py (downloaded PNG, phone screenshot at device
pixel ratio 2–3, that screenshot as JPEG, phone photo of a screen). Readers: the app's `read_qr` (zxing-cpp)
and, for comparison, OpenCV's QRCodeDetector on the same grey image (what the app used before issue 13).
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from casegen import random_case  # noqa: E402
from checks import casecode  # noqa: E402
from qrpictures import forms  # noqa: E402


def opencv_read(data: bytes) -> str:
    img = np.asarray(Image.open(io.BytesIO(data)).convert("L"))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(img)
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    n = parser.parse_args().cases
    stats: dict[str, dict[str, list]] = {}
    for seed in range(n):
        case = casecode.decode(casecode.encode(random_case(seed)))  # what the help desk gets back
        code = casecode.encode(case)
        for form, data in forms(casecode.qr_png(case), seed).items():
            for reader, fn in (("zxing-cpp (app)", casecode.read_qr), ("OpenCV", opencv_read)):
                t0 = time.perf_counter()
                try:
                    ok = fn(data) == code
                except casecode.CaseCodeError:
                    ok = False
                s = stats.setdefault(form, {}).setdefault(reader, [0, 0.0])
                s[0] += ok
                s[1] += time.perf_counter() - t0
    print(f"{n} cases, code length {min(len(casecode.encode(random_case(i))) for i in range(n))}–"
          f"{max(len(casecode.encode(random_case(i))) for i in range(n))} characters")
    print(f"{'form':<18}{'reader':<18}{'read':>10}{'ms/picture':>12}")
    for form, readers in stats.items():
        for reader, (ok, secs) in readers.items():
            print(f"{form:<18}{reader:<18}{ok:>6}/{n:<3}{1000 * secs / n:>12.0f}")


if __name__ == "__main__":
    main()
