"""`round new`: a draft round file that extends the newest round, and (with a notice text) the dates found in it
and a clause-by-clause comparison with the base round's notice (contract.md v3).

Without a notice every fact is marked 待核对 (`round check` refuses it until staff fill them). With a notice, the
dates the text states are filled in with the sentence they came from, a parameter whose clause is unchanged keeps
its source, and a parameter whose clause changed without a date found stays 待核对: the draft passes `round check`
exactly when nothing is left to confirm by hand.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from checks.notice import OPENING, Comparison, Found, compare, find_dates, notice_text
from checks.round_check import TO_CONFIRM
from checks.rounds import Round, certificate_date, cn_date, half_id, half_name, half_year

ID_PATTERN = r"[0-9]{4}-[A-Za-z0-9]{1,10}"
_HALF_ID = re.compile(r"([0-9]{4})-H([12])")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _value(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else _q(value) if isinstance(value, str) else str(value)


def next_half_id(base: Round) -> str:
    """The id of the half-year after `base` (certificates 06-30 and 12-30): the usual id of the next round."""
    return half_id(*half_year(base.period.until + dt.timedelta(days=1)))


def _period_of(new_id: str, base: Round) -> tuple[dt.date, dt.date]:
    """(after, until) of the new round: its half-year when the id names one (2026-H2), else the next one."""
    m = _HALF_ID.fullmatch(new_id)
    year, half = (int(m.group(1)), int(m.group(2))) if m else half_year(base.period.until + dt.timedelta(days=1))
    until = certificate_date(year, half)
    after = certificate_date(year - 1, 2) if half == 1 else certificate_date(year, 1)
    return after, until


@dataclass
class Draft:
    text: str  # the round file (YAML)
    found: dict[str, Found] = field(default_factory=dict)
    comparison: Comparison | None = None
    base_has_notice: bool = True
    review: dict[str, list[str]] = field(default_factory=dict)  # changed clause → rules and parameters to reread

    @property
    def to_confirm(self) -> int:
        return self.text.count(TO_CONFIRM) - 1  # the header line mentions the marker once


def rules_of_clause(base: Round, clause: str) -> list[str]:
    """The rules and parameters whose source is `clause` (a part such as "(三)" also covers its own rules)."""
    names = [rid for rid, spec in base.rules.items() if str(spec.get("clause", "")) == clause]
    names += [f"参数 {n}" for n, p in base.params.items() if p.source.split(" ")[0] == clause]
    if clause == OPENING:
        names.append("标题 title、办理流程 stages")
    return names


def build(new_id: str, base: Round, notice: str | None = None, notice_name: str = "") -> Draft:
    """The draft round file, from `base` alone or from `base` and the new notice's text."""
    after, until = _period_of(new_id, base)
    today = dt.date.today().isoformat()
    draft = Draft(text="")
    if notice is not None:
        draft.found = find_dates(notice, until.year)
        old = notice_text(base.id)
        draft.base_has_notice = old is not None
        if old is not None:
            draft.comparison = compare(old, notice)
            draft.review = {c: rules_of_clause(base, c) for c in draft.comparison.changed_clauses}
    changed = set(draft.comparison.changed_clauses) if draft.comparison else None
    found = draft.found
    if "certificate_date" in found:
        until = found["certificate_date"].value

    def confirm(text: str) -> str:
        return f"{TO_CONFIRM}：{text}"

    half = half_name(*half_year(until))
    base_half = half_name(*half_year(base.period.until))
    if notice is None:
        title = confirm(f"新通知的标题（{base.id} 是：{base.title}）")
        notice_title, notice_source = confirm("通知标题"), confirm("通知从哪里来（网址、发布日期；转载还是官方）")
        period_source = confirm(f"由证书日期推出（上一批 {base.period.until}，本批 {until}），或通知写明的日期")
        window_source = confirm("通知是否写了申请和审核日期")
    else:
        title = base.title.replace(base_half, half) if base_half in base.title else f"{half}{base.title}"
        notice_title = f"{half}云南省高等教育自学考试毕业办证通知（{notice_name or '帮助台录入的通知文本'}）"
        notice_source = f"帮助台按通知文本录入（{today}），未与官方通知核对；以云南省招生考试院 www.ynzs.cn 发布为准"
        cert = found.get("certificate_date")
        period_source = (f"由证书日期推出：{cert.source}" if cert else
                         f"由证书日期推出（上半年6月30日、下半年12月30日；本批证书{cn_date(until)}），通知文本没有写证书日期")
        window_keys = [k for k in ("apply_from", "apply_until", "review_until") if k in found]
        window_source = ("；".join(dict.fromkeys(found[k].source for k in window_keys)) if window_keys
                         else "通知文本没有给出网上申请和审核的起止日期")

    lines = [
        f"# 新批次草稿，由 python -m checks round new {new_id} --from {base.id}"
        + (" --notice …" if notice is not None else "") + f" 生成（{today}）。",
        f"# 按新通知逐项核对下面每一处“{TO_CONFIRM}”，改成通知里的原话或日期；通知没写的日期留空（null），不要猜。",
        f"# 改好后：python -m checks round check 本文件（全部通过才算完成），python -m checks round diff {base.id} 本文件，",
        "# 与云南省招生考试院网站的官方通知核对过后把 verified 改为 true，再把文件放进 assets/rounds/。步骤见 docs/new-round.md。",
        f"extends: {base.id}",
        f"id: {new_id}",
        f"title: {_q(title)}",
        f"data_version: {_q(f'{new_id}.1 ({today})')}",
        "verified: false",
        "notice:",
        f"  title: {_q(notice_title)}",
        f"  source: {_q(notice_source)}",
        f"  pledge_template: {base.notice.pledge_template}",
        "# 适用期间：哪些申请日期用这一批的规则。按证书日期（上半年6月30日、下半年12月30日）推出，请核对。",
        "period:",
        f"  after: {after.isoformat()}",
        f"  until: {until.isoformat()}",
        f"  source: {_q(period_source)}",
        "# 通知写了网上申请和审核的起止日期才填，没写就保持 null 并在 source 里说明。",
        "window:",
    ]
    for key in ("apply_from", "apply_until", "review_until"):
        lines.append(f"  {key}: {found[key].value.isoformat() if key in found else 'null'}")
    lines += [f"  source: {_q(window_source)}",
              f"# 参数：先抄了 {base.id} 的值。每个都要按新通知核对数值，并把出处改成新通知的条款原话。", "params:"]
    for name, p in base.params.items():
        value, source = p.value, confirm(f"（{base.id}：{p.source}）")
        if name in found:
            value, source = found[name].value, found[name].source
        elif name == "certificate_date":
            value = until
            if notice is not None:
                source = p.source  # the fixed pattern (06-30 / 12-30), not a sentence of one notice
        elif changed is not None and p.source.split(" ")[0] not in changed:
            # Its clause reads the same in the new notice, or it comes from no clause of a notice at all (the v3
            # facts from the field, e.g. chsi_registry_since): the new notice neither confirms nor changes it.
            source = p.source
        lines += [f"  {name}:"] + ([f"    label: {_q(p.label)}"] if p.label else []) + [
            f"    value: {_value(value)}", f"    source: {_q(source)}"]
    if draft.review:
        lines.append("# 新通知里这些条款改了：请重读对应的规则措辞，有变化的在 rules: 下只写改了的部分。")
        for clause, names in draft.review.items():
            lines.append(f"#   {clause}：{'、'.join(names) or '没有规则直接引用这一条'}")
    lines += [f"# 规则措辞从 {base.id} 继承。请对照新通知逐条重读下面这些条款；有变化的只在 rules: 下写改了的部分，例如：",
              "# rules:", "#   materials.id_card:", "#     ok:", "#       message: ……", "#"]
    for rid, spec in base.rules.items():
        lines.append(f"#   {rid}（{spec.get('clause', '')}）：{''.join(str(spec.get('title', '')).split())}")
    lines += [f"# 照片标准 photo 和常见问题 pitfalls 也从 {base.id} 继承；新通知改了照片要求时在这里写 photo: 下改了的项。"]
    draft.text = "\n".join(lines) + "\n"
    return draft


def check_draft(new_id: str, draft: Draft) -> list[str]:
    """`round check` of a draft held in memory (the help-desk page): its problems in Chinese, [] when it passes."""
    import yaml

    from checks.round_check import problems_of
    from checks.rounds import RoundError, with_parent

    own = yaml.safe_load(draft.text)
    try:
        return problems_of(new_id, own, with_parent(own, new_id))[0]
    except RoundError as exc:
        return [str(exc)]


# --- what `round new --notice` says on standard output ------------------------------------------------------
FACT_NAMES = {"apply_from": "网上申请开始", "apply_until": "网上申请截止", "review_until": "审核截止",
              "certificate_date": "毕业证书日期", "id_valid_after": "身份证有效期截止日（id_valid_after）"}


def report_lines(draft: Draft, base: Round) -> list[str]:
    """In Chinese: the dates found (with their sentence), then the clause-by-clause comparison with base's notice:
    changed clauses first (old and new sentences, the rules to reread), then the unchanged ones."""
    out = ["从通知文本里找到的日期（已填进草稿）："]
    for key, name in FACT_NAMES.items():
        f = draft.found.get(key)
        out.append(f"- {name}：{f.value.isoformat()}，出自“{f.source}”" if f else f"- {name}：通知文本里没有找到")
    if not draft.base_has_notice:
        out += ["", f"项目里没有 {base.id} 的通知原文（assets/notices/{base.id}.txt），不能逐条比较：请逐条重读全部规则。"]
        return out
    cmp = draft.comparison
    out += ["", f"与 {base.id} 的通知逐条比较：{len(cmp.changed)} 条改了，{len(cmp.unchanged)} 条没改。"]
    for change in cmp.changed:
        names = draft.review.get(change.clause) or []
        out.append(f"【改了】{change.clause}　要重读：{'、'.join(names) if names else '没有规则直接引用这一条，请通读'}")
        out += [f"    原：{s}" for s in change.old] or ["    原：（没有这一句）"]
        out += [f"    新：{s}" for s in change.new] or ["    新：（删掉了）"]
    out.append("【没改】" + "、".join(cmp.unchanged) if cmp.unchanged else "【没改】无")
    return out
