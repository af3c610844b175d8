"""Plain-text renderings of a verdict (terminal, chat message)."""
from __future__ import annotations

from checks.checklist import from_verdict, places_line
from checks.models import LABELS
from checks.wording import NOWHERE
from checks.rules import Finding, Verdict

SECTIONS = (
    ("blocker", "会被退回（照现在的情况申请会被退回，必须先解决）"),
    ("todo", "待办（按顺序办理）"),
    ("ok", "已满足"),
    ("info", "提示"),
)


def finding_lines(f: Finding, number: int | None = None) -> list[str]:
    head = f"{number}. " if number is not None else "- "
    lines = [f"{head}{f.title}【{f.rule}，依据{f.source}】", f"   {f.message}"]
    if f.where and f.where != NOWHERE and f.status in ("blocker", "todo"):
        lines.append(f"   去哪里：{f.where}")
    if f.bring and f.status in ("blocker", "todo"):
        lines.append(f"   带什么/传什么：{f.bring}")
    return lines


def verdict_text(v: Verdict) -> str:
    level = LABELS["level"][v.level]
    ctype = LABELS["candidate_type"][v.candidate_type]
    state = "可以申请：没有会被退回的问题，也没有待办事项。" if v.ready else "还不能申请：请先处理下面的问题。"
    out = [f"{v.round_title}（{v.round}，规则数据 {v.data_version}）", f"{ctype}，申请{level}毕业，申请日期 {v.application_date}", state]
    if not v.ready:
        out.append(places_line(from_verdict(v)))  # the same places as the checklist and the result page
    for status, heading in SECTIONS:
        items = v.by_status(status)
        if not items:
            continue
        out += ["", f"【{heading}】"]
        for i, f in enumerate(items, 1):
            out += finding_lines(f, i if status == "todo" else None)
    return "\n".join(out)
