"""Session state: the candidate's answers, kept in the case-file shape so that saving a case file is a dump.

Keys are prefixed by owner: `answers` (shared), `elig.*` (eligibility wizard), `photo.*`, `materials.*`,
`helpdesk.*`, `batch.*`. Widget values are copied into these keys because Streamlit drops widget state when the
user changes page.
"""
from __future__ import annotations

import copy
import datetime as dt

import streamlit as st

from checks.errors import CaseFileError, FieldError
from checks.models import SCHEMA_VERSION, Case, case_from_dict
from checks.questions import bachelor_only_applies, label
from checks.rounds import Round, default_round_id, round_for_date


def blank_answers() -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
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
    from_session = raw is None
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
    # In the app the application date picks the round (a case file given to the CLI or help desk keeps its own).
    if from_session and _date(out.get("application_date")):
        out["round"] = round_for_date(_date(out["application_date"])).id
    if from_session:  # the questionnaire asks every question of this version, a restored old case included
        out["schema_version"] = SCHEMA_VERSION
    return out


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def application_date() -> dt.date:
    """The candidate's application date, today until they pick one."""
    # A date just picked is in the widget's state (ui.form key "elig.<path>") before the page copies it into the
    # answers: read it first, so the banner drawn before the page never shows the previous date.
    picked = st.session_state.get("elig.application_date")
    if isinstance(picked, str) and picked.strip():  # typed as text (ui.form.date): read it as the page will
        from checks.wording import parse_date

        try:
            return parse_date(picked.strip())
        except ValueError:
            pass  # the page says what is wrong with it; until then the last good date stands
    return _date(answers().get("application_date")) or dt.date.today()


def app_round() -> Round:
    """The round of this session's application date (checks.rounds.round_for_date: a shipped round, or the projected
    round of a later half-year): every page uses it, the photo page's standard included."""
    return round_for_date(application_date())


def case_errors() -> list[FieldError]:
    """Why the answers do not make a valid case: (field path, Chinese message) pairs, matched by path."""
    try:
        case_from_dict(case_dict())
        return []
    except CaseFileError as exc:
        return exc.errors


def case_for_step(step_id: str) -> Case | None:
    """The answers as a Case for showing the blockers settled by the steps up to `step_id`, before later steps
    are answered. A later step's required yes/no question gets a stand-in answer here only; the rules it decides
    belong to that later step, so their findings are not shown yet (`flow.settled_by`)."""
    from checks import flow

    raw = case_dict()
    later = [s.id for s in flow.STEPS][[s.id for s in flow.STEPS].index(step_id) + 1:]
    if "grades" in later and raw.get("grades", {}).get("all_courses_passed") is None:
        raw = {**raw, "grades": {**raw.get("grades", {}), "all_courses_passed": True}}
    try:
        return case_from_dict(raw)
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
        return None, [for_people(e) for e in exc.errors]


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


def for_people(error: FieldError) -> str:
    """A case-file error as shown on a page: the question's label (from the question table) and the message.
    Pages that show the message at the field itself use `error.path` and `error.message` instead."""
    return str(error)
