"""Rendering of verdicts and the process timeline, shared by the result, help-desk and home pages."""
from __future__ import annotations

import html

import streamlit as st

from checks.checklist import from_verdict, places_line
from checks.models import LABELS
from checks.questions import bachelor_only_applies
from checks.rounds import Round
from checks.wording import NOWHERE, cite
from checks.rules import Finding, Verdict
from ui.safe import md

# Material icons ship with Streamlit's front end; emoji need a font many machines lack.
_ICONS = {"blocker": ":material/block:", "todo": ":material/push_pin:", "ok": ":material/check_circle:",
          "info": ":material/info:"}


def timeline(rnd: Round, level: str | None, current: str | None = None) -> None:
    """The six stages of the notice as a wrapping row of chips; the current stage highlighted."""
    chips = []
    for i, stage in enumerate(s for s in rnd.stages if not s.bachelor_only or bachelor_only_applies(level)):
        active = stage.id == current
        style = ("background:#1565C0;color:#fff;" if active else "background:#E3F2FD;color:#0D47A1;")
        chips.append(
            f'<span style="{style}border-radius:1rem;padding:.2rem .7rem;margin:.15rem;display:inline-block;'
            f'font-size:.9rem">{i + 1}. {html.escape(stage.name)}</span>'
        )
    st.markdown('<div aria-label="毕业办证流程">' + " → ".join(chips) + "</div>", unsafe_allow_html=True)
    if level is None:
        st.caption("“本科毕业前置学历审核”只有申请本科毕业的考生需要。")


def finding_card(f: Finding, number: int | None = None, show_rule: bool = False, action=None) -> None:
    """One finding. Rule ids are for the help desk only (show_rule); `action(f)` draws a "去办这件事" link."""
    head = f"{number}. " if number is not None else ""
    # finding texts carry case values (course names …) that may come from a stranger's case file or code
    body = [f"**{head}{md(f.title)}**", md(f.message)]
    if f.status in ("blocker", "todo"):
        if f.where and f.where != NOWHERE:
            body.append(f"**去哪里：** {md(f.where)}")
        if f.bring:
            body.append(f"**带什么 / 传什么：** {md(f.bring)}")
    body.append(f":gray[{cite(f.source)}" + (f" · 规则 `{f.rule}`]" if show_rule else "]"))
    text = "\n\n".join(body)
    box = {"blocker": st.error, "todo": st.warning, "ok": st.success, "info": st.info}[f.status]
    box(text, icon=_ICONS[f.status])
    if action is not None and f.status in ("blocker", "todo"):
        action(f)


def verdict(v: Verdict, show_rule: bool = False, action=None) -> None:
    """Headline, then blockers, the to-do list in order, what is fine, and tips."""
    blockers, todos = v.by_status("blocker"), v.by_status("todo")
    if v.ready:
        st.success("### 可以申请\n没有会被退回的问题，也没有待办事项。按时在管理平台提交申请即可。", icon=":material/celebration:")
    elif blockers:
        # Said first, by name: GOV.UK's "tell people as early as possible that they are not eligible, and why".
        st.error(f"### 照现在的情况申请会被退回{v.mark}\n有 **{len(blockers)}** 个问题必须先解决："
                 + "；".join(md(f.title) for f in blockers)
                 + (f"。另有 **{len(todos)}** 件待办。" if todos else "。"), icon=":material/block:")
    else:
        st.warning(f"### 还差 {len(todos)} 件事{v.mark}\n没有会被退回的问题。按下面的顺序办完待办事项就可以申请。", icon=":material/push_pin:")
    if blockers or todos:
        st.markdown(places_line(from_verdict(v)))  # the same places, from the same items, as the checklist
    st.caption(f"{v.round_title}" + (f"（{v.round}）· 规则数据版本 {v.data_version}" if show_rule else "") + " · "
               f"{LABELS['candidate_type'][v.candidate_type]} · 申请{LABELS['level'][v.level]}毕业 · 申请日期 {v.application_date}")
    to_do = [f for f in v.findings if f.status in ("blocker", "todo")]  # process order, as in the checklist
    if to_do:
        st.subheader("要办的事（按办理顺序）")
        if blockers:
            st.caption("红色的是“会被退回”的问题，必须先解决；黄色的是待办。")
        for i, f in enumerate(to_do, 1):
            finding_card(f, i, show_rule=show_rule, action=action)
    oks = v.by_status("ok")
    if oks:
        with st.expander(f"已经满足的条件（{len(oks)}项）", expanded=not (blockers or todos)):
            for f in oks:
                finding_card(f, show_rule=show_rule)
    infos = v.by_status("info")
    if infos:
        with st.expander(f"提示和常见问题（{len(infos)}条）"):
            for f in infos:
                finding_card(f, show_rule=show_rule)


def error_list(messages: list[str], heading: str) -> None:
    st.error(heading + "\n\n" + "\n".join(f"- {md(m)}" for m in messages), icon=":material/error:")
