"""Accuracy of the face checks on real portraits: the development set ../shared/photos-real-dev/.

    python benchmarks/bench_photo_real.py [--data DIR]

Prints, per check, false fails (label pass, checker fail), false passes (label fail, checker pass) and
warnings on clearly labelled images (label pass or fail, checker warn), and how many acceptable portraits
(every labelled face check `pass`) would be told "需要重拍". The same counts as the set's own evaluate.py
(which runs the CLI), plus the warnings. The photos are read from the shared folder, never copied here.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.photo import analyze  # noqa: E402
from checks.photo.models import needs_retake  # noqa: E402
from checks.rounds import default_round_id, load_round  # noqa: E402

CHECKS = ["face.count", "face.eyes_level", "face.eye_line", "face.width", "face.centered", "face.head_top",
          "face.frontal", "face.ears_visible", "image.sharpness", "face.headwear", "face.glasses",
          "face.eyebrows_visible"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "photos-real-dev"))
    ap.add_argument("--list", action="store_true", help="name the images behind each false fail / pass")
    args = ap.parse_args()
    data = Path(args.data)
    labels = json.loads((data / "labels.json").read_text(encoding="utf-8"))["images"]
    spec = load_round(default_round_id()).photo
    stats = {c: Counter() for c in CHECKS}
    retake = Counter()
    for name in sorted(labels):
        lab = labels[name]
        raw = (data / name).read_bytes()
        a = analyze(raw, name, spec)
        got = {c.code: c.status for c in a.report.checks}
        for code in CHECKS:
            exp = lab["expected"].get(code)
            # No one in the set wears headwear, glasses or a fringe: judged where headwear is labelled pass.
            if code in ("face.glasses", "face.eyebrows_visible"):
                exp = lab["expected"].get("face.headwear")
            st = got.get(code)
            if exp in ("pass", "fail"):
                s = stats[code]
                s[exp] += 1
                kind = "ff" if exp == "pass" and st == "fail" else "fp" if exp == "fail" and st == "pass" else "-"
                s[kind] += 1
                if args.list and kind != "-":
                    print(f"  {kind} {code}: {name}")
                s[f"warn_{exp}"] += st == "warn"
        face_labels = {c: lab["expected"].get(c) for c in CHECKS if lab["expected"].get(c) is not None}
        if face_labels and all(v == "pass" for v in face_labels.values()):
            # The candidate's view: only the face checks count (these backgrounds are not the standard's).
            face_fails = [c for c in a.report.failures() if c.code in CHECKS]
            retake["acceptable"] += 1
            told = bool(face_fails) and not _fixable(face_fails)
            retake["told_retake"] += told
            if args.list and told:
                print(f"  told 需要重拍: {name}: {[c.code for c in face_fails]}")
    print(f"development set: {len(labels)} images ({data})")
    print(f"{'check':22s} {'false fail':>14s} {'false pass':>14s} {'warn (clear)':>14s} "
          f"{'…label pass':>14s} {'…label fail':>14s}")
    for code in CHECKS:
        s = stats[code]
        n_pass, n_fail = s["pass"], s["fail"]
        pct = lambda k, n: f"{k}/{n} {100 * k / n:.0f}%" if n else "–"  # noqa: E731
        print(f"{code:22s} {pct(s['ff'], n_pass):>14s} {pct(s['fp'], n_fail):>14s} "
              f"{pct(s['warn_pass'] + s['warn_fail'], n_pass + n_fail):>14s} {pct(s['warn_pass'], n_pass):>14s} "
              f"{pct(s['warn_fail'], n_fail):>14s}")
    print(f"acceptable portraits told 需要重拍 (face checks only): {retake['told_retake']}/{retake['acceptable']}")


def _fixable(fails) -> bool:
    return not any(needs_retake(c) for c in fails)


if __name__ == "__main__":
    main()
