"""承诺书与材料清单: the checklist (grouped, in order), the pledge form preview and the downloads.

PDFs are built only when asked for (a button), then offered for download: building them on every visit made
the page take seconds to open."""
import hashlib

import streamlit as st

from checks.catalogue import phrase
from checks.checklist import build_checklist, checklist_pdf, checklist_text
from checks.pdf import preview_png
from checks.pledge import FIELD_LABELS, build_pledge, field_values, required_missing
from checks.rules import evaluate
from checks.views import checklist_view
from ui import layout, setup, state
from ui.layout import nav_link
from ui.copyable import copyable
from ui.safe import md

# Pledge fields the candidate may leave for later, and the question that fills each.
OPTIONAL_ON_PLEDGE = {"admission_number": "candidate.admission_number", "phone": "candidate.phone",
                      "major": "candidate.major_name", "chief_school": "candidate.chief_school"}
setup("承诺书与材料清单")
st.title("承诺书与材料清单")

case, problems = state.current_case()
if case is None:
    st.warning(phrase("materials.unfinished"), icon=":material/edit_note:")
    layout.unfinished(problems)
    st.stop()

# Built PDFs are kept for this session only, keyed by the answers they were built from (a changed answer
# means a new PDF). Personal data: session state, never st.cache_*.
fingerprint = hashlib.sha256(case.to_json().encode("utf-8")).hexdigest()[:16]


def built(name: str):
    """The PDF built from these answers, or None until its button was pressed."""
    key = f"materials.built.{name}"
    hit = st.session_state.get(key)
    if hit and hit[0] == fingerprint:
        return hit[1]
    return None


def build(name: str, make) -> None:
    st.session_state[f"materials.built.{name}"] = (fingerprint, make())


verdict = evaluate(case)
checklist = build_checklist(case, verdict)
view = checklist_view(checklist)  # the words and the order of the checklist's text and PDF
list_tab, pledge_tab = st.tabs([phrase("materials.tab_list"), phrase("materials.tab_pledge")])

with list_tab:
    st.markdown(f"**{md(view.summary)}** {md(view.who)}。{md(view.intro)}")
    for stage_name, items in view.stages:
        st.subheader(stage_name)
        for item in items:
            colour = phrase(f"materials.status_colour.{item.item.status}")
            with st.container(border=True):
                st.markdown(f"**{item.number}. {md(item.title)}** :{colour}-badge[{md(item.status)}]")
                if item.blocked:
                    st.error(md(item.blocked), icon=":material/block:")
                lines = [f"**{md(d.label)}：** {md(d.text)}" for d in item.details]
                lines += [md(item.note)] if item.note else []
                lines.append(f":gray[{md(item.reference)}]")
                st.markdown("  \n".join(lines))
    if view.skipped:
        with st.expander(view.skipped_fold):
            st.markdown("\n".join(f"- {md(line)}" for line in view.skipped))
    st.divider()
    text = checklist_text(checklist)
    pdf = built("checklist")
    if pdf is None:
        st.button(phrase("materials.build_pdf"), key="materials.build_checklist", width="stretch",
                  icon=":material/picture_as_pdf:", on_click=build, args=("checklist", lambda: checklist_pdf(checklist)))
    else:
        st.download_button(phrase("materials.download_pdf"), pdf, file_name=phrase("materials.file_name", round=case.round) + ".pdf",
                           mime="application/pdf", key="materials.checklist_pdf", icon=":material/download:",
                           type="primary", width="stretch")
    st.download_button(phrase("materials.download_text"), text.encode("utf-8"), file_name=phrase("materials.file_name", round=case.round) + ".txt",
                       mime="text/plain", key="materials.checklist_txt", icon=":material/download:", width="stretch")
    st.caption(phrase("materials.copy_note"))
    copyable(text, "checklist", label=phrase("materials.copy"))

with pledge_tab:
    st.markdown(phrase("materials.pledge_intro"))
    missing = required_missing(case)
    if missing:
        st.warning(phrase("materials.pledge_missing") + "\n" + "\n".join(f"- {m}" for m in missing), icon=":material/edit_note:")
        nav_link("pages/1_eligibility.py", label=phrase("materials.to_eligibility"))
    else:
        values = field_values(case)
        empty = [key for key in OPTIONAL_ON_PLEDGE if not values[key]]
        if empty:
            st.warning(phrase("materials.pledge_blanks", fields="、".join(FIELD_LABELS[k] for k in empty)), icon=":material/edit_note:")
            for key in empty:
                st.page_link("pages/1_eligibility.py", label=phrase("materials.fill_field", field=FIELD_LABELS[key]), icon=":material/edit:",
                             query_params={"step": "basic", "q": OPTIONAL_ON_PLEDGE[key]})
        if verdict.by_status("blocker"):
            st.warning(phrase("materials.pledge_blocked"), icon=":material/block:")
        pledge = built("pledge")
        if pledge is None:
            st.button(phrase("materials.build_pledge"), key="materials.build_pledge", type="primary", width="stretch",
                      icon=":material/draw:", on_click=build, args=("pledge", lambda: build_pledge(case)))
        else:
            for warning in pledge.warnings:
                st.error(md(warning), icon=":material/draw:")  # quotes characters of the name
            if not pledge.official:
                st.info(phrase("materials.not_official"), icon=":material/info:")
            preview = built("pledge_preview")
            if preview is None:
                build("pledge_preview", lambda: preview_png(pledge.pdf, width_px=1100))
                preview = built("pledge_preview")
            # Preview first, full width (on a phone the page can be zoomed): check it, then download.
            st.image(preview, caption=phrase("materials.preview"), width="stretch")
            st.download_button(phrase("materials.download_pledge"), pledge.pdf,
                               file_name=phrase("materials.pledge_file_name", round=case.round) + ".pdf", mime="application/pdf",
                               key="materials.pledge_pdf", type="primary", icon=":material/download:", width="stretch")
            st.caption(phrase("materials.qr_note"))
