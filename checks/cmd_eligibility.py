"""`python -m checks eligibility CASE.json [--json]`: 0 ready, 1 blocker or to-do, 2 invalid input."""
from __future__ import annotations

import json

from checks.cli import fail, read_input
from checks.models import CaseFileError, parse_case
from checks.report import verdict_text
from checks.rounds import RoundError
from checks.rules import evaluate


def configure(parser):
    parser.add_argument("case", metavar="CASE.json", help="案例文件")
    parser.add_argument("--json", action="store_true", help="输出JSON")


def run(args) -> int:
    try:
        verdict = evaluate(parse_case(read_input(args.case)))
    except CaseFileError as exc:
        fail(f"案例文件 {args.case} 有误：", *exc.messages)
    except RoundError as exc:
        fail(f"案例文件 {args.case} 有误：轮次 round：{exc}")
    if args.json:
        print(json.dumps(verdict.to_contract(), ensure_ascii=False, indent=2))
    else:
        print(verdict_text(verdict))
    return 0 if verdict.ready else 1
