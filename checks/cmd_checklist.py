"""`python -m checks checklist CASE.json [--json] [-o OUT.pdf]`: the exit status of `eligibility` for the same case
(0 ready, 1 a blocker or to-do, 2 invalid input): items such as the ID-card scan are always "需要准备" even for a
ready case, so their count says nothing about readiness. Prints the text (or JSON); -o also writes the PDF."""
from __future__ import annotations

import json

from checks.checklist import build_checklist, checklist_pdf, checklist_text
from checks.cli import load_case, write_output
from checks.rules import evaluate


def configure(parser):
    parser.add_argument("case", metavar="CASE.json", help="案例文件（可以是脱敏的）")
    parser.add_argument("--json", action="store_true", help="输出JSON")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", help="另外写出可打印的PDF清单")


def run(args) -> int:
    case = load_case(args.case)
    verdict = evaluate(case)
    checklist = build_checklist(case, verdict)
    if args.output:
        write_output(args.output, checklist_pdf(checklist))
    if args.json:
        print(json.dumps(checklist.to_json(), ensure_ascii=False, indent=2))
    else:
        print(checklist_text(checklist))
    return 0 if verdict.ready else 1
