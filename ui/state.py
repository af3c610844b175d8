"""Session state: the candidate's answers, kept in the case-file shape so that saving a case file is a dump.

Keys are prefixed by owner: `answers` (shared), `elig.*` (eligibility wizard), `photo.*`, `materials.*`,
`helpdesk.*`, `batch.*`. Widget values are copied into these keys because Streamlit drops widget state when the
user changes page.
"""
from __future__ import annotations

import copy
import datetime as dt
import re

import streamlit as st

from checks.models import Case, CaseFileError, case_from_dict
from checks.questions import bachelor_only_applies
from checks.rounds import default_round_id


def blank_answers() -> dict:
    return {
        "schema_version": 1,
        "round": default_round_id(),
        "application_date": dt.date.today().isoformat(),
        "candidate": {},
        "grades": {"all_courses_passed": None, "missing_on_platform": []},
        "prior_education": {},
        "exemptions": [],
        "practice": {},
        "materials": {"pledge_signed": False, "photo_passed": False},
    }


def init() -> None:
    if "answers" not in st.session_state:
        st.session_state["answers"] = blank_answers()


def answers() -> dict:
    init()
    return st.session_state["answers"]


def replace_answers(new: dict) -> None:
    st.session_state["answers"] = copy.deepcopy(new)


def case_dict(raw: dict | None = None) -> dict:
    """The answers with unanswered (None) fields removed, ready for the case model."""
    raw = raw if raw is not None else answers()

    def clean(v):
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [clean(x) for x in v]
        return v

    out = clean(raw)
    if not bachelor_only_applies(out.get("candidate", {}).get("level")):
        out.pop("prior_education", None)
    return out


def current_case() -> tuple[Case | None, list[str]]:
    """The answers as a Case, or the Chinese reasons why they are not complete yet."""
    try:
        return case_from_dict(case_dict()), []
    except CaseFileError as exc:
        return None, exc.messages


def set_material(key: str, value: bool) -> None:
    answers().setdefault("materials", {})[key] = value


def load_case(case: Case) -> None:
    """Replace the answers with a case (from a case file or code) and let the wizard's widgets refill."""
    replace_answers(case.model_dump(mode="json", exclude_none=True))
    for key in [k for k in st.session_state if str(k).startswith("elig.")]:
        del st.session_state[key]


def missing_answers() -> list[str]:
    """What the guided check still needs, named as its questions are asked (validation problems after that)."""
    from checks import flow

    raw = answers()
    level = raw.get("candidate", {}).get("level")
    missing = [q for step in flow.steps_for(level) for q in flow.unanswered(step.id, raw)]
    return missing or [for_people(m) for m in current_case()[1]]


def for_people(message: str) -> str:
    """A case-file error as shown on a page: without the file's section names (“考生信息 candidate → ”)."""
    return re.sub(r"[^→：]*[A-Za-z_][^→：]* → ", "", message)
