"""Routing of the guided check: which steps a candidate sees, what each must answer, which rules it settles.

Like a smart-answers flow file: no policy here (that is rules.py), no wording of findings (the round file), and
no question labels (the question table, `checks.questions.QUESTIONS`, says which step asks each question, for
which level, and whether it must be answered). Public names used by the pages: `STEPS`, `steps_for`,
`unanswered`, `unanswered_paths`, `settled_by`, `answer_rows`.
"""
from __future__ import annotations

from dataclasses import dataclass

from checks.questions import NOT_SENT, BY_PATH, QUESTIONS, Question, bachelor_only_applies, label, yes_no

REDACTED_FIELDS = ("name", "id_number", "phone")  # what Case.redacted() drops


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    # Rules whose verdict is settled once this step is answered: their blockers are shown straight away.
    rule_prefixes: tuple[str, ...]
    bachelor_only: bool = False


STEPS = (
    Step("basic", "基本情况", ("materials.id_card",)),
    Step("record", "考籍信息", ("identity.", "grades.admission_numbers", "grades.transfer_in", "grades.sanction")),
    Step("grades", "课程成绩", ("grades.",)),
    Step("prior", "前置学历（本科）", ("prior.",), bachelor_only=True),
    Step("exemptions", "免考课程", ("materials.exemption_form", "exemptions.confirmed")),
    Step("practice", BY_PATH["practice"].label, ("materials.practice_notice",)),
    Step("materials", "承诺书和照片", ("materials.pledge", "materials.photo")),
)


def steps_for(level: str | None) -> list[Step]:
    """专科 never sees the prior-education questions."""
    return [s for s in STEPS if not s.bachelor_only or bachelor_only_applies(level)]


def _get(answers: dict, path: str):
    node = answers
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _needed(q: Question, answers: dict) -> bool:
    level = _get(answers, "candidate.level")
    if not (q.required and q.applies_to(level)):
        return False
    return q.asked_given(lambda path: _get(answers, path))


def unanswered_paths(step_id: str, answers: dict) -> list[str]:
    """Case-file paths of this step's questions that must be answered and still have no answer."""
    return [q.path for q in QUESTIONS
            if q.step == step_id and _needed(q, answers) and _get(answers, q.path) in (None, "")]


def unanswered_fields(step_id: str, answers: dict) -> dict[str, str]:
    """The questions of this step that still have no answer: answer path → name (the UI links to each)."""
    return {p: label(p) for p in unanswered_paths(step_id, answers)}


def unanswered(step_id: str, answers: dict) -> list[str]:
    """Names of the questions of this step that still have no answer."""
    return list(unanswered_fields(step_id, answers).values())


def predates(case) -> list[str]:
    """Names of the questions this case does not answer because its file predates them (`since` later than its
    `schema_version`), among those that apply to it: the help desk says so, the verdict has their 未回答 to-dos."""
    answers = case.model_dump(mode="json", exclude_none=True)

    def may_apply(q: Question) -> bool:  # a condition on another unanswered question may hold too
        return _needed(q, answers) or (q.required and q.applies_to(case.candidate.level) and q.when is not None
                                       and _get(answers, q.when[0]) is None)

    return [q.label for q in QUESTIONS if q.since > case.schema_version and may_apply(q)
            and _get(answers, q.path) in (None, "")]


def settled_by(step_id: str, rule: str, level: str | None) -> bool:
    """Is this rule settled by the steps up to and including step_id?"""
    for step in steps_for(level):
        if any(rule.startswith(p) for p in step.rule_prefixes):
            return True
        if step.id == step_id:
            return False
    return False


# Long: one row per question of the case, in the wizard's order (the v3 questions included).
def answer_rows(case, redacted: bool = False) -> list[tuple[str, str, str]]:
    """"Check your answers": (step id, question, answer in words) for every answer that shaped the verdict.
    `redacted`: the case came as a case code or redacted file, so the fields redaction drops say so instead of
    "未填写"."""
    from checks.rounds import load_round  # local: routing alone needs no round data

    def row(path: str, value) -> tuple[str, str, str]:
        q = BY_PATH[path]
        if value is None and q.since > 1:
            text = yes_no(None)  # a case saved before the question existed: 未回答, never "no"
        elif value in (None, ""):
            text = "未填写"
        elif isinstance(value, bool):
            text = yes_no(value)
        elif q.options:
            text = q.option_label(value)
        else:
            text = str(value)
        return q.step, q.label, text

    c = case.candidate
    rows = [("basic", label("round"), load_round(case.round).title), row("application_date", case.application_date)]
    for name in ("candidate_type", "level", "id_valid_until", "name", "id_number", "admission_number", "phone"):
        if redacted and name in REDACTED_FIELDS:
            rows.append(("basic", label(f"candidate.{name}"), NOT_SENT))
        else:
            rows.append(row(f"candidate.{name}", getattr(c, name)))
    rows.append(("basic", "专业", " ".join(v for v in (c.major_code, c.major_name) if v) or "未填写"))
    rows.append(row("candidate.chief_school", c.chief_school))
    g = case.grades
    rows += [row("candidate.platform_identity", c.platform_identity), row("grades.admission_numbers", g.admission_numbers),
             row("grades.transfer_in", g.transfer_in), row("grades.sanction", g.sanction)]
    rows.append(row("grades.all_courses_passed", case.grades.all_courses_passed))
    rows.append(row("grades.plan_substitution", g.plan_substitution))
    source = BY_PATH["grades.missing_on_platform.source"]
    rows.append(("grades", label("grades.missing_on_platform"), "；".join(
        source.option_label(m.source) + (f"（{m.year}年）" if m.year else "") + (f" {m.course_name}" if m.course_name else "")
        for m in case.grades.missing_on_platform) or "没有"))
    if bachelor_only_applies(c.level):
        pe = case.prior_education
        if pe is None or not pe.has_diploma:
            rows.append(row("prior_education.has_diploma", False))
        else:
            rows += [row("prior_education.has_diploma", True),
                     row("prior_education.graduation_date", pe.graduation_date),
                     row("prior_education.issued_in", pe.issued_in)]
            if pe.issued_in != "abroad":
                rows.append(row("prior_education.in_chsi", pe.in_chsi))
            rows.append(row("prior_education.identity_changed", pe.identity_changed))
            if pe.issued_in != "abroad":
                rows.append(row("prior_education.chsi_authorization", pe.chsi_authorization))
    method = BY_PATH["exemptions.method"]
    rows.append(("exemptions", label("exemptions"), "；".join(
        f"{e.label}（{method.option_label(e.method)}{f'，{e.year}年' if e.year else ''}，{'有' if e.has_form else '无'}登记表）"
        for e in case.exemptions) or "没有"))
    if case.exemptions:
        rows.append(row("grades.exemptions_confirmed", g.exemptions_confirmed))
    rows.append(row("practice.required", case.practice.required))
    if case.practice.required:
        rows.append(row("practice.notice", case.practice.notice))
    rows.append(row("materials.pledge_signed", case.materials.pledge_signed))
    rows.append(row("materials.photo_passed", case.materials.photo_passed))
    return rows
