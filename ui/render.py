"""Drawing the views of checks/views.py: the verdict (result page, help desk), its headline (home page) and the
process timeline. A loop over the view: every word comes from the view, so the page says what the text report,
the command line and the checklist say."""
from __future__ import annotations

import html

import streamlit as st

from checks.catalogue import phrase
from checks.questions import bachelor_only_applies
from checks.rounds import Round
from checks.rules import Finding, Verdict
from checks.views import FindingView, Headline, finding_view, verdict_view
from ui import state
from ui.safe import md

# Material icons ship with Streamlit's front end; emoji need a font many machines lack.
_ICONS = {"blocker": ":material/block:", "todo": ":material/push_pin:", "ok": ":material/check_circle:",
          "info": ":material/info:", "ready": ":material/celebration:"}
_BOXES = {"blocker": st.error, "todo": st.warning, "ok": st.success, "info": st.info, "ready": st.success}


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
    st.markdown(f'<div aria-label="{html.escape(phrase("home.timeline_label"))}">' + " → ".join(chips) + "</div>",
                unsafe_allow_html=True)
    if level is None:
        st.caption(phrase("home.bachelor_only_stage"))


def headline(h: Headline) -> None:
    """The verdict's first sentence, coloured by what it says (the same words on every page and output)."""
    _BOXES[h.tone](f"### {md(h.title)}\n{md(h.detail)}", icon=_ICONS[h.tone])


def mark_badge(item: FindingView) -> str:
    return f" :red-badge[{md(item.mark)}]" if item.mark else ""


def finding_card(item: FindingView | Finding, action=None) -> None:
    """One finding (a view, or a finding said in the session's round words). `action(f)` draws a
    "去办这件事" link under a blocker or a to-do."""
    if not isinstance(item, FindingView):
        item = finding_view(item, state.app_round().verdict)
    head = f"{item.number}. " if item.number is not None else ""
    # finding texts carry case values (course names …) that may come from a stranger's case file or code
    body = [f"**{head}{md(item.title)}**{mark_badge(item)}", md(item.message)]
    body += [f"**{md(d.label)}：** {md(d.text)}" for d in item.details]
    rule = f" · {md(item.rule_label)} `{item.finding.rule}`" if item.rule else ""
    body.append(f":gray[{md(item.reference)}{rule}]")
    _BOXES[item.status]("\n\n".join(body), icon=_ICONS[item.status])
    if action is not None and item.status in ("blocker", "todo"):
        action(item.finding)


def verdict(v: Verdict, show_rule: bool = False, action=None) -> None:
    """Headline, where to go in person, the round; then the to-do list in order, what is fine, and tips."""
    view = verdict_view(v, show_rule=show_rule)
    headline(view.headline)
    if view.places:
        st.markdown(md(view.places))
    st.caption(md(view.about))
    for section in view.sections:
        if section.key == "open":
            st.subheader(section.heading)
            if section.note:
                st.caption(section.note)
            for item in section.items:
                finding_card(item, action=action)
        else:  # what is fine and the tips fold away; what is fine is open when nothing is left to do
            with st.expander(section.heading, expanded=section.key == "ok" and view.section("open") is None):
                for item in section.items:
                    finding_card(item)


def error_list(messages: list[str], heading: str) -> None:
    st.error(heading + "\n\n" + "\n".join(f"- {md(m)}" for m in messages), icon=":material/error:")
