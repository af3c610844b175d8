"""Case code lengths, version 1 (JSON + deflate) against version 2 (packed answers), and where the space goes.

    python benchmarks/bench_casecode_length.py [--cases 1000]

Cases: the contract example and `tests/casegen.py`'s generated cases, each stamped with the rule-data version as
the result page does. Prints characters of the code (without the "-" separators) and, for version 2, the bits of
the packed answers against the bytes of the texts."""
from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks import casecode, casepack  # noqa: E402
from checks.models import Case, case_from_dict  # noqa: E402
from checks.rounds import load_round  # noqa: E402
from tests.casegen import random_case  # noqa: E402


def v1_length(case: Case) -> int:
    comp = zlib.compressobj(level=9, wbits=-15, zdict=casecode.ZDICT_V1)
    body = base64.b32encode(comp.compress(casecode._canonical(case)) + comp.flush()).decode().rstrip("=")
    return 3 + len(body) + casecode.CHECK_LEN


def parts(case: Case) -> tuple[int, int]:
    """(bytes of packed answers, bytes of the texts part as sent)."""
    data = casecode._redacted_dict(case)
    total = len(casepack.pack(data, Case))
    writer = casepack._Writer()
    rest: dict = {}
    writer.model(Case, {k: v for k, v in data.items() if k != "schema_version"}, "", rest)
    return (writer.bits.n + 7) // 8 + 2, total - (writer.bits.n + 7) // 8 - 2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000)
    args = ap.parse_args()
    stamp = load_round("2024-H1").data_version
    example = case_from_dict(json.loads((ROOT / "tests/scenarios/contract_example.json").read_text("utf-8")))
    cases = [example] + [random_case(s) for s in range(args.cases)]
    cases = [c.model_copy(update={"data_version": stamp}) for c in cases]
    for name, fn in (("version 1", v1_length), ("version 2", lambda c: len(casecode.encode(c)))):
        lengths = sorted(fn(c) for c in cases[1:])
        print(f"{name}: contract example {fn(cases[0])} chars; generated cases min {lengths[0]}, "
              f"median {statistics.median(lengths):.0f}, 90th percentile {lengths[len(lengths) * 9 // 10]}, "
              f"max {lengths[-1]}")
    bits, texts = parts(cases[0])
    print(f"version 2, contract example: {bits} bytes of packed answers (header included), {texts} bytes of texts")
    shares = [parts(c) for c in cases[1:]]
    print("version 2, generated cases: median packed answers "
          f"{statistics.median(b for b, _ in shares):.0f} bytes, median texts {statistics.median(t for _, t in shares):.0f} bytes")


if __name__ == "__main__":
    main()
