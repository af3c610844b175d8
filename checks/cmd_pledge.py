"""`python -m checks pledge CASE.json -o OUT.pdf`: 0 written, 2 invalid input (contract.md)."""
from __future__ import annotations

import sys

from checks.cli import fail, load_case, write_output
from checks.pledge import PledgeError, build_pledge


def configure(parser):
    parser.add_argument("case", metavar="CASE.json", help="案例文件（要有姓名和身份证号）")
    parser.add_argument("-o", "--output", metavar="OUT.pdf", required=True, help="写出的承诺书PDF")


def run(args) -> int:
    case = load_case(args.case)
    try:
        pledge = build_pledge(case)
    except PledgeError as exc:
        fail(f"案例文件 {args.case} 缺少承诺书需要的信息：", *exc.messages)
    write_output(args.output, pledge.pdf)
    for warning in pledge.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    print(f"已生成承诺书：{args.output}。请打印后本人亲笔签名，扫描上传到管理平台。")
    return 0
