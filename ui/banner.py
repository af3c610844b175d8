"""The round banner every page shows (called from ui.layout.setup): when the application date is outside the
round the tool uses, or the round is a draft, say which round, its period and what to do. The words come from
the round data through checks.rules.round_warning, the same sentence the checklist and the verdict carry."""
from __future__ import annotations

import html

import streamlit as st

from checks.catalogue import phrase
from checks.rules import round_warning
from ui import state


# Plain HTML rather than st.error/st.warning: the banner is about the tool, not one of the verdict's findings, and
# must not be counted among them (pages and tests read the verdict from the alert boxes).
_STYLE = {
    "outside": "background:#FDECEA;border-left:.35rem solid #C62828;color:#5F2120",
    "draft": "background:#FFF8E1;border-left:.35rem solid #F9A825;color:#5D4037",
}


def round_banner(day=None, rnd=None) -> None:
    """For the candidate's own application date and round unless the page has its own (the batch page's date,
    the case a help-desk worker opened): the banner must speak of the date the page's verdicts use."""
    if day is None or rnd is None:
        day, rnd = state.application_date(), state.app_round()
    text = round_warning(rnd, day)
    if not text:
        return
    style = _STYLE["draft" if rnd.covers(day) else "outside"]
    head, _, rest = text.partition("。")  # the first sentence is the point: bold; the rest folds (7 lines on a phone)
    body = f"<b>{html.escape(head)}。</b>"
    if rest:
        body += (f'<details style="margin-top:.2rem"><summary style="cursor:pointer">{html.escape(phrase("banner.more"))}'
                 f"</summary>{html.escape(rest)}</details>")
    st.markdown(f'<div class="round-banner" role="alert" style="{style};padding:.6rem .9rem;border-radius:.4rem;'
                f'margin-bottom:.6rem;font-size:.95rem;line-height:1.55">{body}</div>', unsafe_allow_html=True)


def notice_line() -> str:
    """The home page's one line on which notice the tool follows."""
    rnd = state.app_round()
    return phrase("notice_line.text", title=rnd.notice.title, source=rnd.notice.source, period=rnd.period.text,
                  end=phrase("notice_line.verified" if rnd.verified else "notice_line.draft"))
