"""`python -m checks eligibility CASE.json [--json]`: 0 ready, 1 blocker or to-do, 2 invalid input."""
from __future__ import annotations

from checks.cli import load_case, print_verdict
from checks.rules import evaluate


def configure(parser):
    parser.add_argument("case", metavar="CASE.json", help="案例文件")
    parser.add_argument("--json", action="store_true", help="输出JSON")


def run(args) -> int:
    return print_verdict(evaluate(load_case(args.case)), args.json)
