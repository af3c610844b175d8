"""`python -m checks <command> …` (../shared/spec/contract.md).

Each command lives in its own module exposing `configure(parser)` and `run(args) -> int`; this file only routes.
Only the chosen command's module is imported: `eligibility` must not pay for fpdf2, OpenCV or openpyxl, which
other commands need (tests/test_cli_imports.py, benchmarks/bench_cli.py). So this file and the command modules'
top level import nothing heavy; heavy libraries are imported inside the functions that use them.
Exit status 2 with a Chinese message on stderr for anything the user got wrong — never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {  # name: (module, what it does, what exit status 0 and 1 mean for it)
    "eligibility": ("checks.cmd_eligibility", "按规则检查毕业申请资格",
                    "0 可以申请；1 有会被退回的问题或待办（预估批次时，新通知发布后要对照也是一项待办）"),
    "photo": ("checks.cmd_photo", "检查毕业照片，可自动裁剪修正", "0 照片合格；1 不合格（或不能安全修正）"),
    "pledge": ("checks.cmd_pledge", "生成《毕业办证申请暨思想品德合格承诺书》PDF", "0 已生成"),
    "checklist": ("checks.cmd_checklist", "生成材料清单（文字、JSON或PDF）",
                  "0 可以申请（与 eligibility 相同）；1 有会被退回的问题或待办"),
    "code": ("checks.cmd_code", "生成案例码，或把案例码/二维码截图还原成自查结果",
             "0 已打印案例码，或（--decode）可以申请；1（--decode）有会被退回的问题或待办"),
    "batch": ("checks.cmd_batch", "整班检查：名单+照片压缩包，输出汇总表、合格照片、承诺书和材料清单",
              "0 全班都可以申请；1 有考生还不能申请或名单有误"),
    "round": ("checks.cmd_round", "批次数据（帮助台用）：列出、检查、比较、按新通知新建草稿",
              "0 完成（check：文件没有问题）"),
}
# One meaning in every command (contract.md v3); each command's --help says what 0 and 1 mean for it.
EXIT_RULE = "退出码在每个命令里意思相同：0 = 没有任何事挡着；1 = 还有要办或要改的事；2 = 输入有误（标准错误输出里有中文说明）。"


def exit_help(meaning: str) -> str:
    return f"退出码：{meaning}；2 输入有误。\n{EXIT_RULE}"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's English usage errors → Chinese, exit 2
        self.print_usage(sys.stderr)
        print(f"参数有误：{message}。用 --help 查看用法。", file=sys.stderr)
        sys.exit(2)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """All commands are listed (for --help); only `command`'s module is imported to add its arguments.
    Without `command`, every module is imported (full parser, e.g. for documentation)."""
    parser = _Parser(prog="python -m checks", description="云南自考毕业申请自查（命令行）", epilog=EXIT_RULE)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, (module, help_text, meaning) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text, epilog=exit_help(meaning),
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        if command is None or name == command:
            importlib.import_module(module).configure(cmd)
        cmd.set_defaults(_module=module)
    return parser


def _command_in(argv: list[str]) -> str:
    # The top-level parser has no options but -h, so the command is the first word that is not an option.
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else ""


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command_in(argv)).parse_args(argv)
    return importlib.import_module(args._module).run(args)


def read_input(path: str) -> bytes:
    """Read a file named on the command line; exit 2 with a Chinese message if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        fail(f"找不到文件：{path}")
    except IsADirectoryError:
        fail(f"{path} 是文件夹，请给出文件路径")
    except OSError as exc:
        fail(f"读不了文件 {path}：{exc.strerror}")


def fail(*messages: str) -> None:
    for m in messages:
        print(m, file=sys.stderr)
    sys.exit(2)


def load_case(path: str):
    """The case file named on the command line, with its round checked; exit 2 naming the field if unusable."""
    from checks.models import CaseFileError, parse_case
    from checks.rounds import RoundError, load_round

    try:
        case = parse_case(read_input(path))
        load_round(case.round)
    except CaseFileError as exc:
        fail(f"案例文件 {path} 有误：", *exc.messages_with_paths())
    except RoundError as exc:
        fail(f"案例文件 {path} 有误：批次 round：{exc}")
    return case


def write_output(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        fail(f"写不了文件 {path}：{exc.strerror}")


def print_verdict(verdict, as_json: bool) -> int:
    """Print a verdict as contract JSON or grouped Chinese text; the exit status of `eligibility`."""
    import json

    from checks.report import verdict_text

    print(json.dumps(verdict.to_contract(), ensure_ascii=False, indent=2) if as_json else verdict_text(verdict))
    return 0 if verdict.ready else 1
