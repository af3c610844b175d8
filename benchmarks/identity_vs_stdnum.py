"""How often checks/identity.py and python-stdnum's stdnum.cn.ric agree on random 18-digit ID numbers.

    python benchmarks/identity_vs_stdnum.py [N]

Prints the counts and why stdnum refused what we accept (figures quoted in README “规则怎么来的”).
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere, like the other benchmarks

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from checks import identity


def main(n: int = 20000, seed: int = 1) -> None:
    rng = random.Random(seed)
    today = dt.date.today()
    counts = {"both": 0, "ours_only": 0, "theirs_only": 0, "neither": 0}
    theirs_refusals: dict[str, int] = {}
    for _ in range(n):
        region = rng.choice(["110105", "530102", "530302", "532901", f"{rng.randrange(10**6):06d}"])
        born = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange((today - dt.date(1900, 1, 1)).days))
        first17 = region + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
        number = first17 + (identity.check_char(first17) if rng.random() < 0.8 else rng.choice("0123456789X"))
        try:
            mine = identity.normalize_id_number(number)
        except ValueError:
            mine = None
        try:
            lib = ric.validate(number)
        except (ValidationError, KeyError) as exc:
            lib = None
            if mine:
                theirs_refusals[type(exc).__name__] = theirs_refusals.get(type(exc).__name__, 0) + 1
        key = "both" if mine and lib else "ours_only" if mine else "theirs_only" if lib else "neither"
        counts[key] += 1
    print(f"{n} numbers (seed {seed}): {counts}")
    print(f"stdnum refused what we accept because: {theirs_refusals}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
