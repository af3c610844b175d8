"""Case-file download (full or redacted) and upload, shared by the result and help-desk pages."""
from __future__ import annotations

import streamlit as st

from checks.catalogue import phrase
from checks.models import Case, CaseFileError, parse_case
from checks.rounds import RoundError, load_round
from ui.render import error_list
from ui.safe import md


def stamped(case: Case) -> Case:
    """The case as saved or sent: with the rule-data version it was judged under, for the help desk."""
    return case.model_copy(update={"data_version": load_round(case.round).data_version})


def download_buttons(case: Case) -> None:
    stem = phrase("casefile.stem", round=case.round, date=case.application_date)
    st.download_button(phrase("casefile.download_full"), case.to_json().encode("utf-8"), file_name=f"{stem}.json",
                       mime="application/json", width="stretch", icon=":material/download:")
    st.caption(phrase("casefile.full_note"))
    st.download_button(phrase("casefile.download_redacted"), case.to_json(redact=True).encode("utf-8"),
                       file_name=stem + phrase("casefile.redacted_suffix") + ".json", mime="application/json", width="stretch",
                       icon=":material/download:")
    st.caption(phrase("casefile.redacted_note"))


def uploaded_file(label: str, key: str, suffixes: tuple[str, ...], kind: str, help_with_limit: str):
    """A file uploader that checks the file type itself: Streamlit's own check refuses a wrong type with an
    English tooltip a phone never shows. Returns the file, or None with a Chinese message."""
    uploaded = st.file_uploader(label, key=key, help=help_with_limit)
    if uploaded is None:
        return None
    if not uploaded.name.lower().endswith(suffixes):
        st.error(phrase("casefile.wrong_type", name=md(uploaded.name), kind=kind, suffixes="、".join(suffixes)),
                 icon=":material/error:")
        return None
    return uploaded


def upload(label: str, key: str) -> Case | None:
    """A case-file uploader; returns the case once per uploaded file, shows Chinese errors otherwise."""
    uploaded = uploaded_file(label, key, (".json",), phrase("casefile.kind"), help_with_limit=phrase("casefile.help"))
    if uploaded is None:
        return None
    try:
        case = parse_case(uploaded.getvalue())
        load_round(case.round)
    except CaseFileError as exc:
        error_list(exc.messages, phrase("casefile.bad_fields", name=md(uploaded.name)))
        return None
    except RoundError as exc:
        error_list([str(exc)], phrase("casefile.bad_round", name=md(uploaded.name)))
        return None
    return case
