"""Cold start of each `python -m checks` command: `python benchmarks/bench_cli.py [--runs N]`.

Each run is a fresh interpreter (imports paid again; the OS file cache is warm, as for a user who runs the command
twice). Prints, per command, the median and the worst wall time of N runs, and the same for `python -c pass`
measured in the same run, interleaved, so a busy machine shows in both figures. Target (issue 13):
`eligibility` ≤ 0.4 s. The test that keeps heavy imports out is tests/test_cli_imports.py (not timed).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "tests" / "scenarios" / "contract_example.json"
PHOTO = ROOT.parent / "shared" / "photos" / "biden.jpg"


def commands(out: Path) -> dict[str, list[str]]:
    py = [sys.executable]
    cmds = {
        "python -c pass (floor)": py + ["-c", "pass"],
        "--help": py + ["-m", "checks", "--help"],
        "eligibility": py + ["-m", "checks", "eligibility", str(CASE)],
        "eligibility --json": py + ["-m", "checks", "eligibility", str(CASE), "--json"],
        "code (make a case code)": py + ["-m", "checks", "code", str(CASE)],
        "checklist (text)": py + ["-m", "checks", "checklist", str(CASE)],
        "pledge -o PDF": py + ["-m", "checks", "pledge", str(CASE), "-o", str(out / "p.pdf")],
        "batch --help": py + ["-m", "checks", "batch", "--help"],
    }
    if PHOTO.exists():
        cmds["photo"] = py + ["-m", "checks", "photo", str(PHOTO)]
    return cmds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp))
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.runs):  # interleaved: load spikes hit every command alike
            for name, cmd in cmds.items():
                t = time.perf_counter()
                r = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                times[name].append(time.perf_counter() - t)
                if r.returncode not in (0, 1):
                    sys.exit(f"{name} failed ({r.returncode}): {r.stderr.decode()[-500:]}")
    floor = statistics.median(times["python -c pass (floor)"])
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    print(f"cold start, {args.runs} fresh interpreters per command; 1-minute load average {load}")
    print(f"{'command':28} {'median':>8} {'max':>8} {'above floor':>12}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:28} {med:7.3f}s {max(ts):7.3f}s {med - floor:11.3f}s")


if __name__ == "__main__":
    main()
