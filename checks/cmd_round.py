"""`python -m checks round list|check|diff|new` (contract.md v2): round tools for help-desk staff.

`check` validates a round file the way the app will use it: the file is loaded with its `extends`, then the rule
engine is run over a fixed set of sample cases that reach every outcome, through a probe that names any rule
wording or parameter the code asks for and the file lacks; what the engine printed is searched for unfilled
{placeholders}. Exit status: 0 valid / written, 2 problems or invalid input. Heavy modules are imported in the
functions that need them (every `python -m checks` command builds this parser).
"""
from __future__ import annotations

import sys
from pathlib import Path

TO_CONFIRM = "待核对"  # marks a fact `new` copied or derived, that staff must confirm from the new notice
STATUSES = ("blocker", "todo", "ok", "info")
SECTIONS = {  # top-level keys of a round file, as staff read them
    "title": "标题", "data_version": "数据版本", "verified": "是否已与官方通知核对", "notice": "通知来源",
    "period": "适用期间", "window": "申请和审核日期", "params": "参数", "stages": "办理流程", "in_person": "现场办理地点",
    "rules": "规则措辞", "pitfalls": "常见问题", "photo": "照片标准", "extends": "继承自",
}
LEAVES = {"value": "数值", "source": "出处", "message": "说明", "title": "标题", "where": "去哪里", "bring": "带什么",
          "after": "开始（不含当天）", "until": "结束（含当天）", "apply_from": "网上申请开始", "apply_until": "网上申请截止",
          "review_until": "审核截止", "clause": "条款", "stage": "所属阶段"}


def configure(parser):
    sub = parser.add_subparsers(dest="round_command", required=True, parser_class=type(parser),
                                metavar="list|check|diff|new")
    sub.add_parser("list", help="列出本工具的全部批次", description="列出本工具的全部批次：编号、标题、适用期间、数据版本、是否已核对")
    p = sub.add_parser("check", help="检查一个批次数据文件", description="检查批次数据文件：措辞、占位符、出处、继承、适用期间")
    p.add_argument("file", metavar="FILE.yaml", help="批次数据文件")
    p = sub.add_parser("diff", help="比较两个批次", description="列出从批次 A 到批次 B 改了什么（参数、日期、措辞、照片标准）")
    p.add_argument("a", metavar="A", help="批次编号（如 2024-H1）或批次数据文件")
    p.add_argument("b", metavar="B", help="批次编号或批次数据文件")
    p = sub.add_parser("new", help="按新通知新建批次草稿", description="新建一个继承 BASE 的批次草稿，列出要按新通知核对的每一项")
    p.add_argument("id", metavar="ID", help="新批次编号，如 2024-H2")
    p.add_argument("--from", dest="base", required=True, metavar="BASE", help="继承的批次编号，如 2024-H1")
    p.add_argument("-o", dest="out", required=True, metavar="FILE.yaml", help="写出的文件，文件名须为 ID.yaml")


def run(args) -> int:
    return {"list": cmd_list, "check": cmd_check, "diff": cmd_diff, "new": cmd_new}[args.round_command](args)


# --- list -----------------------------------------------------------------------------------------------------
def cmd_list(args) -> int:
    from checks.rounds import ROUNDS_DIR, RoundError, available_rounds, load_round

    ids = available_rounds(ROUNDS_DIR)
    print(f"本工具共有 {len(ids)} 个批次（{ROUNDS_DIR}）：")
    for round_id in ids:
        try:
            r = load_round(round_id)
        except (RoundError, ValueError) as exc:
            print(f"- {round_id}：数据有误，请运行 python -m checks round check 查看（{str(exc).splitlines()[0]}）")
            continue
        status = "已与官方通知核对" if r.verified else "草稿：未与官方通知核对"
        print(f"- {r.id}  {r.title}\n    适用期间：{r.period.text}；数据版本：{r.data_version}；{status}")
    return 0


# --- loading a round named by id or by file ------------------------------------------------------------------
def _locate(arg: str) -> tuple[str, Path]:
    """(round id, directory) for a shipped round id or a path to a round file."""
    from checks.rounds import ROUNDS_DIR, available_rounds

    path = Path(arg)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            _fail(f"找不到批次数据文件：{arg}")
        if path.suffix != ".yaml":
            _fail(f"批次数据文件的扩展名应为 .yaml：{arg}")
        return path.stem, path.resolve().parent
    if arg not in available_rounds(ROUNDS_DIR):
        _fail(f"没有批次 {arg}。可用的批次：{'、'.join(available_rounds(ROUNDS_DIR))}；也可以给出批次数据文件的路径")
    return arg, ROUNDS_DIR


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(2)


# --- check ----------------------------------------------------------------------------------------------------
class _Missing(Exception):
    def __init__(self, rule: str, key: str | None):
        self.rule, self.key = rule, key


class _Outcomes(dict):
    """One rule's wording; records which keys the engine reads and names the rule when one is missing."""

    def __init__(self, rule: str, spec: dict, read: set):
        super().__init__(spec)
        self.rule, self.read = rule, read

    def __getitem__(self, key):
        self.read.add((self.rule, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add((self.rule, key))
        return super().get(key, default)

    def __missing__(self, key):
        raise _Missing(self.rule, key)


class _Rules(dict):
    def __missing__(self, rule):
        raise _Missing(rule, None)


def _probe(rnd, read: set):
    rules = _Rules({rid: _Outcomes(rid, spec, read) for rid, spec in rnd.rules.items()})
    return rnd.model_copy(update={"rules": rules})


def sample_cases(rnd) -> list:
    """Cases that between them reach every outcome of every rule (tests/test_round_cli.py checks that they do)."""
    import datetime as dt

    from checks.models import case_from_dict

    day = rnd.period.until
    before, after = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    p = {k: rnd.params[k].value for k in ("pre1995_certificate_year", "pre2016_transfer_year",
                                            "online_exemption_since") if k in rnd.params}
    y95, y16, online = p.get("pre1995_certificate_year", 1995), p.get("pre2016_transfer_year", 2016), \
        p.get("online_exemption_since", 2021)

    def make(level="associate", ctype="social", valid="长期", date=day, **extra):
        cand = {"id_valid_until": valid if isinstance(valid, str) else valid.isoformat(), "candidate_type": ctype,
                "level": level}
        cand.update(extra.pop("candidate", {}))
        return {"round": rnd.id, "application_date": date.isoformat(), "candidate": cand,
                "grades": {"all_courses_passed": True}, **extra}

    missing = [{"source": "certificate_13char"}, {"source": "certificate", "year": y95},
               {"source": "certificate", "year": y95 - 1}, {"source": "certificate", "year": y95 + 1},
               {"source": "transfer_letter", "year": y16}, {"source": "transfer_letter", "year": y16 + 1},
               {"source": "practice_notice"}]
    exemptions = [{"method": "offline", "year": online}, {"method": "online", "year": online - 1},
                  {"method": "online", "year": online, "course_name": "示例"}]
    raw = [
        make(materials={"pledge_signed": True, "photo_passed": True}),
        make(date=after, valid=before, grades={"all_courses_passed": False, "missing_on_platform": missing},
             exemptions=exemptions, practice={"required": True, "notice": "none"}),
        make(valid=day, ctype="credit_transfer", candidate={"id_number": "110105491231002"},
             practice={"required": True, "notice": "other_seal"}, exemptions=[{"method": "offline", "has_form": True}]),
        make(valid=after, practice={"required": True, "notice": "college_seal"}),
        make(level="bachelor"),
        make(level="bachelor", prior_education={"has_diploma": True, "graduation_date": day.isoformat()}),
        make(level="bachelor", prior_education={"has_diploma": True, "graduation_date": before.isoformat(),
                                                "chsi_authorization": "passed"}),
        make(level="bachelor", ctype="credit_transfer",
             prior_education={"has_diploma": True, "identity_changed": True, "chsi_authorization": "failed"}),
        make(level="bachelor", prior_education={"has_diploma": True, "chsi_authorization": "failed"}),
    ]
    return [case_from_dict(c) for c in raw]


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"\{[A-Za-z_][A-Za-z0-9_]*\}", text)


def problems(path: Path) -> tuple[list[str], object | None, set]:
    """Chinese problems of one round file (empty: valid), the loaded round, and the wording keys the engine read."""
    import datetime as dt

    from pydantic import ValidationError

    from checks.rounds import ROUNDS_DIR, Round, RoundError, available_rounds, load_round, merged, read_file

    out: list[str] = []
    read: set = set()
    try:
        own = read_file(path)
        data = merged(path.stem, path.parent)
    except RoundError as exc:
        return [str(exc)], None, read
    if own.get("id") != path.stem:
        out.append(f"id：文件里写的是 {own.get('id')!r}，应与文件名 {path.stem} 一致")
    try:
        rnd = Round.model_validate(data)
    except ValidationError as exc:
        return out + [_describe(e) for e in exc.errors()], None, read

    def unconfirmed(where: str, text: object) -> None:
        if not str(text or "").strip():
            out.append(f"{where}：是空的，请按通知填写")
        elif TO_CONFIRM in str(text):
            out.append(f"{where}：还写着“{TO_CONFIRM}”，请按新通知核对后改写")

    unconfirmed("标题 title", rnd.title)
    unconfirmed("通知标题 notice.title", rnd.notice.title)
    unconfirmed("通知来源 notice.source", rnd.notice.source)
    unconfirmed("适用期间的出处 period.source", rnd.period.source)
    if rnd.window.source:
        unconfirmed("申请和审核日期的出处 window.source", rnd.window.source)
    for name, param in rnd.params.items():
        unconfirmed(f"参数 {name} 的出处 source", param.source)

    # The period: derived from the certificate date, in order, and not overlapping another shipped round.
    cert = rnd.params.get("certificate_date")
    if cert is not None and str(cert.value) != str(rnd.period.until):
        out.append(f"适用期间 period.until（{rnd.period.until}）与参数 certificate_date（{cert.value}）不一致：期间按证书日期推出，"
                   "两者应相同")
    w = rnd.window
    dates = [(n, d) for n, d in (("apply_from", w.apply_from), ("apply_until", w.apply_until),
                                  ("review_until", w.review_until)) if d]
    for (n1, d1), (n2, d2) in zip(dates, dates[1:]):
        if d1 > d2:
            out.append(f"申请和审核日期 window：{n1}（{d1}）晚于 {n2}（{d2}），顺序不对")
    if w.known and not w.source:
        out.append("申请和审核日期 window：填了日期就要在 source 写明出处（通知哪一条）")
    kinds: dict[str, type] = {}  # what kind of value each parameter has in the rounds we ship
    for other_id in available_rounds(ROUNDS_DIR):
        try:
            other = load_round(other_id)
        except (RoundError, ValueError):
            continue  # a broken shipped round is reported when that file is checked
        if other.id == rnd.id:
            continue
        kinds.update({n: type(p.value) for n, p in other.params.items()})
        if other.period.after < rnd.period.until and rnd.period.after < other.period.until:
            out.append(f"适用期间 period（{rnd.period.text}）与已有批次 {other.id}（{other.period.text}）重叠："
                       "一个申请日期只能属于一个批次")
    for name, param in rnd.params.items():
        kind = kinds.get(name)
        if kind is not None and type(param.value) is not kind:
            expected = {int: "整数（如 2021，不加引号）", dt.date: "日期（如 2024-06-30，不加引号）"}.get(kind, "与已有批次相同的格式")
            out.append(f"参数 {name} 的数值 {param.value}：应为{expected}")

    # The wording: every rule names a known stage and has a title, a clause and a message for each outcome.
    stage_ids = {s.id for s in rnd.stages}
    for rid, spec in rnd.rules.items():
        if spec.get("stage") not in stage_ids:
            out.append(f"规则 {rid}：所属阶段 stage {spec.get('stage')!r} 不在 stages 里")
        for key in ("title", "clause"):
            if not str(spec.get(key) or "").strip():
                out.append(f"规则 {rid}：缺少{LEAVES[key]} {key}")
        outcomes = {k: v for k, v in spec.items() if isinstance(v, dict)}
        if not outcomes:
            out.append(f"规则 {rid}：没有任何结论（blocker/todo/ok/info）的措辞")
        for key, outcome in outcomes.items():
            if key.split("_")[0] not in STATUSES:
                out.append(f"规则 {rid}：{key} 不是结论名（应为 blocker、todo、ok、info，或如 blocker_expired）")
            if not str(outcome.get("message") or "").strip():
                out.append(f"规则 {rid} 的 {key}：缺少说明 message")
            for field in ("title", "message", "where", "bring"):
                try:
                    "".join(str(outcome.get(field) or "").split()).format_map(_Any())
                except (ValueError, IndexError):
                    out.append(f"规则 {rid} 的 {key}.{field}：大括号不成对（占位符写成 {{名字}}）")

    # Run the engine as the app will, over cases that reach every outcome.
    from checks.rules import evaluate

    probe = _probe(rnd, read)
    try:
        samples = sample_cases(rnd)
    except (TypeError, ValueError):
        samples = []
        out.append("年份参数应为整数（如 2021），日期参数应写成 2024-06-30：按这个文件做不出样例案例")
    for case in samples:
        try:
            verdict = evaluate(case, probe)
        except _Missing as m:
            out.append(f"规则 {m.rule}：缺少“{m.key}”的措辞" if m.key else f"规则 {m.rule}：rules 里缺少这一条的措辞")
            continue
        except KeyError as exc:
            out.append(f"参数 {exc.args[0]}：程序要用这个参数，但文件里没有（在 params 下补上 value 和 source）")
            continue
        except (ValueError, IndexError, TypeError):
            # Unbalanced braces are named by rule above; otherwise a parameter of the wrong kind.
            out.append("按这个文件计算样例案例时出错：请检查参数的数值格式（年份写数字，如 2021；日期写成 2024-06-30）"
                       "和措辞里的大括号")
            continue
        for f in verdict.findings:
            for field in ("title", "message", "where", "bring"):
                for ph in _placeholders(getattr(f, field)):
                    out.append(f"规则 {f.rule}（{f.status}）的{LEAVES[field]}：占位符 {ph} 程序不会填写，请检查拼写")
    return list(dict.fromkeys(out)), rnd, read


class _Any(dict):
    def __missing__(self, key):
        return ""


def _describe(err: dict) -> str:
    where = " → ".join(str(x) for x in err.get("loc", ())) or "文件"
    kind = err.get("type", "")
    text = {"missing": "缺少（必须填写）", "date_type": "应为日期，如 2024-06-30", "date_parsing": "应为日期，如 2024-06-30",
            "date_from_datetime_parsing": "应为日期，如 2024-06-30", "bool_type": "应为 true 或 false",
            "bool_parsing": "应为 true 或 false", "string_type": "应为文字", "dict_type": "应为“键: 值”的映射",
            "list_type": "应为列表", "int_type": "应为整数", "int_parsing": "应为整数", "float_parsing": "应为数字",
            "extra_forbidden": "不认识这个字段（请检查拼写）"}.get(kind)
    if kind == "value_error":
        text = str(err.get("ctx", {}).get("error", "")) or "格式不对"
    return f"{where}：{text or '格式不对，请对照 assets/rounds/2024-H1.yaml 填写'}"


def cmd_check(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        _fail(f"找不到批次数据文件：{args.file}")
    if path.suffix != ".yaml":
        _fail(f"批次数据文件的扩展名应为 .yaml：{args.file}")
    found, rnd, _ = problems(path)
    if found:
        print(f"批次数据文件 {args.file} 有 {len(found)} 个问题：", file=sys.stderr)
        for p in found:
            print(f"- {p}", file=sys.stderr)
        return 2
    print(f"批次数据文件 {args.file} 检查通过：{rnd.id} {rnd.title}，适用期间 {rnd.period.text}，"
          f"{len(rnd.rules)} 条规则的措辞、{len(rnd.params)} 个参数都齐全。")
    if not rnd.verified:
        print("注意：这是草稿（verified: false），页面上会显示“草稿：未与官方通知核对”。与官方通知逐条核对后改为 verified: true。")
    return 0


# --- diff -----------------------------------------------------------------------------------------------------
def _flat(value, prefix=()) -> dict:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(_flat(v, prefix + (str(k),)))
        return out or {prefix: {}}
    return {prefix: value}


def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return " ".join(value.split()) or "（空）"
    return str(value)


def _path_text(path: tuple) -> str:
    return " → ".join(LEAVES.get(p, p) if i == len(path) - 1 else p for i, p in enumerate(path))


def diff_lines(a: dict, b: dict) -> list[str]:
    fa, fb = _flat(a), _flat(b)
    lines: list[str] = []
    for section, label in SECTIONS.items():
        keys = sorted({k for k in fa if k[0] == section} | {k for k in fb if k[0] == section})
        changes = []
        for k in keys:
            old, new = fa.get(k, "\0"), fb.get(k, "\0")
            if old == new:
                continue
            where = _path_text(k[1:]) or label
            if old == "\0":
                changes.append(f"  新增 {where}：{_show(new)}")
            elif new == "\0":
                changes.append(f"  删除 {where}（原为：{_show(old)}）")
            else:
                changes.append(f"  改了 {where}：\n      原：{_show(old)}\n      新：{_show(new)}")
        if changes:
            lines += [f"【{label}】"] + changes
    return lines


def cmd_diff(args) -> int:
    from checks.rounds import RoundError, merged

    sides = []
    for arg in (args.a, args.b):
        round_id, directory = _locate(arg)
        try:
            sides.append(merged(round_id, directory))
        except RoundError as exc:
            _fail(f"{arg}：{exc}")
    lines = diff_lines(*sides)
    print(f"从 {args.a} 到 {args.b}：" + ("两个批次的数据没有差别。" if not lines else "改动如下（原：A 的内容；新：B 的内容）"))
    for line in lines:
        print(line)
    return 0


# --- new ------------------------------------------------------------------------------------------------------
def _q(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _next_certificate_date(until):
    """Certificates are dated 06-30 (first half) and 12-30 (second half): the next one after `until`."""
    import datetime as dt

    return dt.date(until.year, 12, 30) if until.month <= 6 else dt.date(until.year + 1, 6, 30)


def draft_text(new_id: str, base) -> str:
    import datetime as dt

    until = _next_certificate_date(base.period.until)
    lines = [
        f"# 新批次草稿，由 python -m checks round new {new_id} --from {base.id} 生成（{dt.date.today().isoformat()}）。",
        "# 按新通知逐项核对下面每一处“待核对”，改成通知里的原话或日期；通知没写的日期留空（null），不要猜。",
        f"# 改好后：python -m checks round check 本文件（全部通过才算完成），python -m checks round diff {base.id} 本文件，",
        "# 与云南省招生考试院网站的官方通知核对过后把 verified 改为 true，再把文件放进 assets/rounds/。步骤见 docs/new-round.md。",
        f"extends: {base.id}",
        f"id: {new_id}",
        f"title: {_q(f'{TO_CONFIRM}：新通知的标题（{base.id} 是：{base.title}）')}",
        f"data_version: {_q(f'{new_id}.1 ({dt.date.today().isoformat()})')}",
        "verified: false",
        "notice:",
        f"  title: {_q(f'{TO_CONFIRM}：通知标题')}",
        f"  source: {_q(f'{TO_CONFIRM}：通知从哪里来（网址、发布日期；转载还是官方）')}",
        f"  pledge_template: {base.notice.pledge_template}",
        "# 适用期间：哪些申请日期用这一批的规则。下面按证书日期（上半年6月30日、下半年12月30日）推出，请核对。",
        "period:",
        f"  after: {base.period.until.isoformat()}",
        f"  until: {until.isoformat()}",
        f"  source: {_q(f'{TO_CONFIRM}：由证书日期推出（上一批 {base.period.until}，本批 {until}），或通知写明的日期')}",
        "# 通知写了网上申请和审核的起止日期才填，没写就保持 null 并在 source 里说明。",
        "window:",
        "  apply_from: null",
        "  apply_until: null",
        "  review_until: null",
        f"  source: {_q(f'{TO_CONFIRM}：通知是否写了申请和审核日期')}",
        f"# 参数：先抄了 {base.id} 的值。每个都要按新通知核对数值，并把出处改成新通知的条款原话。",
        "params:",
    ]
    for name, p in base.params.items():
        value = p.value.isoformat() if isinstance(p.value, dt.date) else _q(p.value) if isinstance(p.value, str) \
            else p.value
        lines += [f"  {name}:"] + ([f"    label: {_q(p.label)}"] if p.label else []) + [
            f"    value: {value}", f"    source: {_q(f'{TO_CONFIRM}（{base.id}：{p.source}）')}"]
    lines += [f"# 规则措辞从 {base.id} 继承。请对照新通知逐条重读下面这些条款；有变化的只在 rules: 下写改了的部分，例如：",
              "# rules:", "#   materials.id_card:", "#     ok:", "#       message: ……", "#"]
    for rid, spec in base.rules.items():
        lines.append(f"#   {rid}（{spec.get('clause', '')}）：{''.join(str(spec.get('title', '')).split())}")
    lines += [f"# 照片标准 photo 和常见问题 pitfalls 也从 {base.id} 继承；新通知改了照片要求时在这里写 photo: 下改了的项。"]
    return "\n".join(lines) + "\n"


def cmd_new(args) -> int:
    import re

    from checks.rounds import ROUNDS_DIR, RoundError, available_rounds, load_round

    if not re.fullmatch(r"[0-9]{4}-[A-Za-z0-9]{1,10}", args.id):
        _fail(f"新批次编号 {args.id} 格式不对：应为“年份-半年”，如 2024-H2")
    out = Path(args.out)
    if out.name != f"{args.id}.yaml":
        _fail(f"输出文件名应为 {args.id}.yaml（文件名就是批次编号），现在是 {out.name}")
    if out.exists():
        _fail(f"{args.out} 已经存在：为了不覆盖已经填好的内容，请换个位置或先把它移走")
    if args.id in available_rounds(ROUNDS_DIR):
        _fail(f"批次 {args.id} 已经有了（assets/rounds/{args.id}.yaml）：要修改它请直接编辑那个文件")
    if args.base not in available_rounds(ROUNDS_DIR):
        _fail(f"没有批次 {args.base}。可用的批次：{'、'.join(available_rounds(ROUNDS_DIR))}")
    try:
        base = load_round(args.base)
    except (RoundError, ValueError) as exc:
        _fail(f"批次 {args.base} 的数据有误，先修好它：{exc}")
    text = draft_text(args.id, base)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"写不了文件 {args.out}：{exc.strerror}")
    todo = text.count(TO_CONFIRM) - 1  # the header line mentions the marker once
    print(f"已写出草稿 {args.out}（继承 {base.id}）：有 {todo} 处标着“{TO_CONFIRM}”，请按新通知逐项核对，"
          f"然后运行 python -m checks round check {args.out}")
    return 0
