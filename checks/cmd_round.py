"""`python -m checks round list|check|diff|new` (contract.md v2, v3): round tools for help-desk staff.

Routing and printing only: the check is checks/round_check.py, the comparison checks/round_diff.py, the draft and
the notice comparison checks/round_draft.py and checks/notice.py. Errors go through checks.cli.fail (exit 2, a
Chinese sentence on stderr). Heavy modules are imported in the functions that need them (every `python -m checks`
command builds this parser).
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from checks.cli import EXIT_RULE, fail


def configure(parser):
    sub = parser.add_subparsers(dest="round_command", required=True, parser_class=type(parser),
                                metavar="list|check|diff|new")

    def add(name: str, help_text: str, description: str, exits: str):
        import argparse

        return sub.add_parser(name, help=help_text, description=description, epilog=f"退出码：{exits}。\n{EXIT_RULE}",
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    add("list", "列出本工具的全部批次", "列出本工具的全部批次：编号、标题、适用期间、数据版本、是否已核对，"
        "以及今天的日期用哪个批次（没有收录的半年用预估批次）", "0")
    p = add("check", "检查一个批次数据文件", "检查批次数据文件：措辞、占位符、出处、继承、适用期间", "0 没有问题；2 有问题（逐条说明）")
    p.add_argument("file", metavar="FILE.yaml", help="批次数据文件")
    p = add("diff", "比较两个批次", "列出从批次 A 到批次 B 改了什么（参数、日期、措辞、照片标准）", "0；2 找不到批次")
    p.add_argument("a", metavar="A", help="批次编号（如 2024-H1）或批次数据文件")
    p.add_argument("b", metavar="B", help="批次编号或批次数据文件")
    p = add("new", "按新通知新建批次草稿", "新建一个继承 BASE 的批次草稿，列出要按新通知核对的每一项；给了 --notice 时"
            "从通知文本里找出日期填进草稿，并与 BASE 的通知逐条比较", "0 已写出草稿；2 输入有误")
    p.add_argument("id", metavar="ID", help="新批次编号，如 2024-H2")
    p.add_argument("--from", dest="base", required=True, metavar="BASE", help="继承的批次编号，如 2024-H1")
    p.add_argument("--notice", metavar="NOTICE.txt", help="新通知的正文（UTF-8 或 GBK 文本）")
    p.add_argument("-o", dest="out", required=True, metavar="FILE.yaml", help="写出的文件，文件名须为 ID.yaml")


def run(args) -> int:
    return {"list": cmd_list, "check": cmd_check, "diff": cmd_diff, "new": cmd_new}[args.round_command](args)


# --- list -----------------------------------------------------------------------------------------------------
def _status(rnd) -> str:
    return "已与官方通知核对" if rnd.verified else "草稿：未与官方通知核对"


def cmd_list(args) -> int:
    from checks.rounds import ROUNDS_DIR, RoundError, available_rounds, load_round, round_for_date

    ids = available_rounds(ROUNDS_DIR)
    print(f"本工具共有 {len(ids)} 个批次（{ROUNDS_DIR}）：")
    for round_id in ids:
        try:
            r = load_round(round_id)
        except (RoundError, ValueError) as exc:
            print(f"- {round_id}：数据有误，请运行 python -m checks round check 查看（{str(exc).splitlines()[0]}）")
            continue
        print(f"- {r.id}  {r.title}\n    适用期间：{r.period.text}；数据版本：{r.data_version}；{_status(r)}")
    today = dt.date.today()
    r = round_for_date(today)
    kind = "预估批次（没有数据文件，按最新批次推算）" if r.projected else "已有的批次"
    print(f"今天（{today.isoformat()}）的申请日期用：{r.id}  {r.title}——{kind}\n    适用期间：{r.period.text}；{_status(r)}")
    return 0


# --- loading a round named by id or by file ------------------------------------------------------------------
def _locate(arg: str) -> tuple[str, Path]:
    """(round id, directory) for a shipped round id or a path to a round file."""
    from checks.rounds import ROUNDS_DIR, available_rounds

    path = Path(arg)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            fail(f"找不到批次数据文件：{arg}")
        if path.suffix != ".yaml":
            fail(f"批次数据文件的扩展名应为 .yaml：{arg}")
        return path.stem, path.resolve().parent
    if arg not in available_rounds(ROUNDS_DIR):
        fail(f"没有批次 {arg}。可用的批次：{'、'.join(available_rounds(ROUNDS_DIR))}；也可以给出批次数据文件的路径")
    return arg, ROUNDS_DIR


# --- check ----------------------------------------------------------------------------------------------------
def cmd_check(args) -> int:
    from checks.round_check import problems

    path = Path(args.file)
    if not path.is_file():
        fail(f"找不到批次数据文件：{args.file}")
    if path.suffix != ".yaml":
        fail(f"批次数据文件的扩展名应为 .yaml：{args.file}")
    found, rnd, _ = problems(path)
    if found:
        fail(f"批次数据文件 {args.file} 有 {len(found)} 个问题：", *(f"- {p}" for p in found))
    print(f"批次数据文件 {args.file} 检查通过：{rnd.id} {rnd.title}，适用期间 {rnd.period.text}，"
          f"{len(rnd.rules)} 条规则的措辞、{len(rnd.params)} 个参数都齐全。")
    if not rnd.verified:
        print("注意：这是草稿（verified: false），页面上会显示“草稿：未与官方通知核对”。与官方通知逐条核对后改为 verified: true。")
    return 0


# --- diff -----------------------------------------------------------------------------------------------------
def cmd_diff(args) -> int:
    from checks.round_diff import diff_lines
    from checks.rounds import RoundError, merged

    sides = []
    for arg in (args.a, args.b):
        round_id, directory = _locate(arg)
        try:
            sides.append(merged(round_id, directory))
        except RoundError as exc:
            fail(f"{arg}：{exc}")
    lines = diff_lines(*sides)
    print(f"从 {args.a} 到 {args.b}：" + ("两个批次的数据没有差别。" if not lines else "改动如下（原：A 的内容；新：B 的内容）"))
    for line in lines:
        print(line)
    return 0


# --- new ------------------------------------------------------------------------------------------------------
def _base_for_new(new_id: str, base_id: str):
    """The base round, after the checks that make `new` refuse (exit 2)."""
    from checks.rounds import ROUNDS_DIR, RoundError, available_rounds, load_round

    if new_id in available_rounds(ROUNDS_DIR):
        fail(f"批次 {new_id} 已经有了（assets/rounds/{new_id}.yaml）：要修改它请直接编辑那个文件")
    if base_id not in available_rounds(ROUNDS_DIR):
        fail(f"没有批次 {base_id}。可用的批次：{'、'.join(available_rounds(ROUNDS_DIR))}")
    try:
        return load_round(base_id)
    except (RoundError, ValueError) as exc:
        fail(f"批次 {base_id} 的数据有误，先修好它：{exc}")


def _read_notice(path: str) -> str:
    from checks.cli import read_input
    from checks.notice import NoticeError, decode

    try:
        return decode(read_input(path))
    except NoticeError as exc:
        fail(f"通知文本 {path} 用不了：{exc}")


def cmd_new(args) -> int:
    from checks.round_draft import build, report_lines

    from checks.cli import write_output

    import re

    from checks.round_draft import ID_PATTERN

    if not re.fullmatch(ID_PATTERN, args.id):
        fail(f"新批次编号 {args.id} 格式不对：应为“年份-半年”，如 2024-H2")
    out = Path(args.out)
    if out.name != f"{args.id}.yaml":
        fail(f"输出文件名应为 {args.id}.yaml（文件名就是批次编号），现在是 {out.name}")
    if out.exists():
        fail(f"{args.out} 已经存在：为了不覆盖已经填好的内容，请换个位置或先把它移走")
    base = _base_for_new(args.id, args.base)
    notice = _read_notice(args.notice) if args.notice else None
    draft = build(args.id, base, notice, Path(args.notice).name if args.notice else "")
    write_output(args.out, draft.text.encode("utf-8"))
    left = f"有 {draft.to_confirm} 处标着“待核对”，请按新通知逐项核对" if draft.to_confirm else "没有标着“待核对”的地方"
    print(f"已写出草稿 {args.out}（继承 {base.id}）：{left}，然后运行 python -m checks round check {args.out}")
    if notice is not None:
        print("\n".join(report_lines(draft, base)))
        print(f"\n通知原文请另存为 assets/notices/{args.id}.txt：下一批的通知要和它逐条比较。")
    sys.stdout.flush()
    return 0
