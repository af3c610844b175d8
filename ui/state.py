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
from checks.rounds import default_round_id


def blank_answers() -> dict:
    return {
        "schema_version": 1,
        "round": default_round_id(),
        "application_date": dt.date.today().isoformat(),
        "candidate": {},
        # None = not answered yet: nothing is preselected for the candidate (an empty list would read as
        # "都能查到" / "没有", a False as "否"). case_dict drops the Nones, the model's defaults never show.
        "grades": {"all_courses_passed": None, "missing_on_platform": None},
        "prior_education": {},
        "exemptions": None,
        "practice": {},
        "materials": {"pledge_signed": None, "photo_passed": None},
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
    if out.get("candidate", {}).get("level") != "bachelor":
        out.pop("prior_education", None)
    return out


def draft_case() -> Case | None:
    """The answers so far as a Case (model defaults for what is unanswered). Only for the wizard's early
    warnings about steps already answered: never for a verdict, a summary or a case code."""
    try:
        return case_from_dict(case_dict())
    except CaseFileError:
        return None


def current_case() -> tuple[Case | None, list[str]]:
    """The finished answers as a Case, or the Chinese names of what is still unanswered or invalid.

    Results, the home summary, the case code and the checklist come only from here: a half-answered
    questionnaire must never look like an answered one."""
    missing = [name for _sid, _path, name in unanswered()]
    if missing:
        return None, missing
    try:
        return case_from_dict(case_dict()), []
    except CaseFileError as exc:
        return None, [for_people(m) for m in exc.messages]


def unanswered() -> list[tuple[str, str, str]]:
    """(step id, answer path, question name) of every question of the candidate's steps still unanswered."""
    from checks import flow

    raw = answers()
    level = raw.get("candidate", {}).get("level")
    return [(step.id, path, name) for step in flow.steps_for(level)
            for path, name in flow.unanswered_fields(step.id, raw).items()]


def is_blank() -> bool:
    """Nothing answered in this session: a reload or a new session (answers live in server memory only)."""
    return all(value(p) is None for p in ("candidate.candidate_type", "candidate.level", "grades.all_courses_passed"))


def value(path: str, default=None):
    """One answer by its dotted path in the case-file shape ("candidate.level")."""
    node = answers()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def set_material(key: str, value: bool) -> None:
    answers().setdefault("materials", {})[key] = value


def load_case(case: Case) -> None:
    """Replace the answers with a case (from a case file or code) and let the wizard's widgets refill."""
    replace_answers(case.model_dump(mode="json", exclude_none=True))
    for key in [k for k in st.session_state if str(k).startswith("elig.")]:
        del st.session_state[key]


def missing_answers() -> list[str]:
    """What the guided check still needs, named as its questions are asked (validation problems after that)."""
    return current_case()[1]


def for_people(message: str) -> str:
    """A case-file error as shown on a page: without the file's section names (“考生信息 candidate → ”)."""
    return re.sub(r"[^→：]*[A-Za-z_][^→：]* → ", "", message)
