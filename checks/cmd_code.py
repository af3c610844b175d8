"""`python -m checks code CASE.json` prints the case code (of the redacted case);
`python -m checks code --decode CODE_OR_IMAGE [--json]` prints the findings like `eligibility`.
Exit status: 0 code printed / case ready, 1 blockers or to-dos, 2 invalid input or unreadable code."""
from __future__ import annotations

import os

from checks import casecode
from checks.cli import fail, load_case, print_verdict, read_input
from checks.rounds import RoundError
from checks.rules import evaluate


def configure(parser):
    parser.add_argument("source", metavar="CASE.json | CODE | IMAGE",
                        help="案例文件；加 --decode 时为案例码文字或二维码截图文件")
    parser.add_argument("--decode", action="store_true", help="把案例码或二维码截图还原成自查结果")
    parser.add_argument("--json", action="store_true", help="（--decode）输出JSON，格式同 eligibility --json")


def run(args) -> int:
    if not args.decode:
        print(casecode.pretty(casecode.encode(load_case(args.source))))
        return 0
    try:
        if os.path.isfile(args.source):
            case = casecode.decode_image(read_input(args.source))
        else:
            case = casecode.decode(args.source)
        verdict = evaluate(case)
    except casecode.CaseCodeError as exc:
        fail(str(exc))
    except RoundError as exc:
        fail(f"案例码里的批次 round 有误：{exc}")
    return print_verdict(verdict, args.json)
