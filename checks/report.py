"""Plain-text renderings of a verdict (terminal, chat message)."""
from __future__ import annotations

from checks.checklist import from_verdict, places_line
from checks.models import LABELS
from checks.wording import NOWHERE, cite
from checks.rules import Finding, Verdict

SECTIONS = (
    # Blockers and to-dos in one list, in the order of the process (as in the checklist); blockers are marked.
    (("blocker", "todo"), "要办的事（按办理顺序；标“会被退回”的必须先解决）"),
    (("ok",), "已满足"),
    (("info",), "提示"),
)


def finding_lines(f: Finding, number: int | None = None, show_rule: bool = True) -> list[str]:
    head = f"{number}. " if number is not None else "- "
    mark = "【会被退回】" if f.status == "blocker" else ""
    ref = f"【{f.rule}，{cite(f.source)}】" if show_rule else f"（{cite(f.source)}）"
    lines = [f"{head}{mark}{f.title}{ref}", f"   {f.message}"]
    if f.where and f.where != NOWHERE and f.status in ("blocker", "todo"):
        lines.append(f"   去哪里：{f.where}")
    if f.bring and f.status in ("blocker", "todo"):
        lines.append(f"   带什么/传什么：{f.bring}")
    return lines


def verdict_text(v: Verdict, show_rule: bool = True) -> str:
    """The verdict as plain text. Rule ids are for the help desk and the command line (show_rule); a tutor's
    view names only the clause of the notice."""
    level = LABELS["level"][v.level]
    ctype = LABELS["candidate_type"][v.candidate_type]
    blockers = v.by_status("blocker")
    state = v.mark + ("可以申请：没有会被退回的问题，也没有待办事项。" if v.ready
                      else "照现在的情况申请会被退回，必须先解决：" + "；".join(f.title for f in blockers) if blockers
                      else "还不能申请：请先办完下面的待办。")
    out = [f"{v.round_title}（{v.round}，规则数据 {v.data_version}）", f"{ctype}，申请{level}毕业，申请日期 {v.application_date}", state]
    if not v.ready:
        out.append(places_line(from_verdict(v)))  # the same places as the checklist and the result page
    for statuses, heading in SECTIONS:
        items = [f for f in v.findings if f.status in statuses]
        if not items:
            continue
        out += ["", f"【{heading}】"]
        for i, f in enumerate(items, 1):
            out += finding_lines(f, i if "todo" in statuses else None, show_rule)
    return "\n".join(out)
