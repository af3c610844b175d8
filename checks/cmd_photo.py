"""`python -m checks photo PHOTO [PHOTO ...] [--json] [--fix OUT.jpg]`: 0 all pass, 1 a fail or no safe fix, 2 usage.

One photo: `--json` prints one object, `--fix OUT.jpg` writes the fixed file there.
Several photos: `--json` prints a list; `--fix OUT` is a directory (created if missing) that receives
`<name>_480x640.jpg` for each photo with a safe fix.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from checks.cli import fail, read_input


def configure(parser):
    parser.add_argument("photos", metavar="PHOTO", nargs="+", help="照片文件（可以给多个）")
    parser.add_argument("--json", action="store_true", help="输出JSON")
    parser.add_argument("--fix", metavar="OUT.jpg",
                        help="有安全的修正办法时写出修正后的照片（多个照片时 OUT 是文件夹）")


def run(args) -> int:
    from checks.photo import analyze, fix_photo, report_text
    from checks.rounds import default_round_id, load_round

    spec = load_round(default_round_id()).photo  # the standard of the round in force
    many = len(args.photos) > 1
    if args.fix and many:
        out_dir = Path(args.fix)
        if out_dir.exists() and not out_dir.is_dir():
            fail(f"给了多个照片时，--fix 后面应是文件夹，但 {args.fix} 是文件。")
    elif args.fix:
        parent = Path(args.fix).resolve().parent
        if not parent.is_dir():
            fail(f"--fix 的输出位置不存在：{parent}")
    inputs = [(p, read_input(p)) for p in args.photos]  # exits 2 on a missing file before doing any work
    results, status = [], 0
    for path, data in inputs:
        analysis = analyze(data, os.path.basename(path), spec)
        doc = analysis.report.to_contract()
        fix = None
        if args.fix or (not analysis.passed and not args.json):
            # Tried even without --fix: the headline says whether "可以一键修正" or "需要重拍：…".
            fix = fix_photo(data, os.path.basename(path), analysis)
        lines = [report_text(analysis.report, fix)]
        if not analysis.passed:
            status = 1
        if args.fix:
            if fix.ok:
                size = f"{analysis.spec.width}x{analysis.spec.height}"  # the round's frame, e.g. 480x640
                target = (Path(args.fix) / f"{Path(path).stem}_{size}.jpg") if many else Path(args.fix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(fix.data)
                doc["fix"] = {"written": str(target), "passed": True, "quality": fix.quality,
                              "bytes": len(fix.data)}
                lines.append(f"已写出修正后的照片：{target}（{len(fix.data) / 1024:.1f} KB，品质 {fix.quality}），"
                             f"修正后的照片通过全部检查。")
            else:
                status = 1
                doc["fix"] = {"written": None, "passed": False, "reason": fix.reason}
                lines.append(f"没有写出修正照片：{fix.reason}")
        elif fix is not None and fix.ok:
            lines.append("加上 --fix 输出文件名，就能写出修正后的照片。")
        del data
        results.append(doc)
        if not args.json:
            print("\n".join(lines))
            if many:
                print()
    if args.json:
        print(json.dumps(results if many else results[0], ensure_ascii=False, indent=2))
    sys.stdout.flush()
    return status
