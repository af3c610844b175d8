"""Routing of the guided check: which steps a candidate sees, what each must answer, which rules it settles.

Like a smart-answers flow file: no policy here (that is rules.py), no wording of findings (the round file).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    # Rules whose verdict is settled once this step is answered: their blockers are shown straight away.
    rule_prefixes: tuple[str, ...]


STEPS = (
    Step("basic", "基本情况", ("materials.id_card",)),
    Step("grades", "课程成绩", ("grades.",)),
    Step("prior", "前置学历（本科）", ("prior.",)),
    Step("exemptions", "免考课程", ("materials.exemption_form",)),
    Step("practice", "实践环节与论文", ("materials.practice_notice",)),
    Step("materials", "承诺书和照片", ("materials.pledge", "materials.photo")),
)


def steps_for(level: str | None) -> list[Step]:
    """专科 never sees the prior-education questions."""
    return [s for s in STEPS if not (s.id == "prior" and level == "associate")]


def _get(answers: dict, path: str):
    node = answers
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


# Questions a step cannot be left without answering: path → Chinese name of the question.
REQUIRED = {
    "basic": {
        "candidate.candidate_type": "考生类型",
        "candidate.level": "申请哪个层次的毕业",
        "candidate.id_valid_until": "身份证有效期",
        "application_date": "打算提交申请的日期",
    },
    "grades": {"grades.all_courses_passed": "全部课程是否合格",
               "grades.missing_on_platform": "成绩在管理平台是否都能查到"},
    "prior": {
        "prior_education.has_diploma": "是否持有专科（或以上）学历证书",
        "prior_education.chsi_authorization": "学信网授权情况",
        "prior_education.identity_changed": "姓名或身份证号是否变更过",
    },
    "exemptions": {"exemptions": "是否用到免考课程"},
    "practice": {"practice.required": "专业计划是否要求实践环节或论文"},
    "materials": {"materials.pledge_signed": "承诺书是否已签字", "materials.photo_passed": "照片是否已检查合格"},
}

CONDITIONAL = {
    # (step, condition path, condition value) → further required answers
    ("prior", "prior_education.has_diploma", True): {"prior_education.graduation_date": "前置学历毕业时间"},
    ("practice", "practice.required", True): {"practice.notice": "实习（实验）考核合格成绩通知单的情况"},
}


def unanswered_fields(step_id: str, answers: dict) -> dict[str, str]:
    """The questions of this step that still have no answer: answer path → name (the UI links to each)."""
    needed = dict(REQUIRED[step_id])
    for (sid, path, value), more in CONDITIONAL.items():
        if sid == step_id and _get(answers, path) == value:
            needed.update(more)
    return {path: name for path, name in needed.items() if _get(answers, path) in (None, "")}


def unanswered(step_id: str, answers: dict) -> list[str]:
    """Names of the questions of this step that still have no answer."""
    return list(unanswered_fields(step_id, answers).values())


def settled_by(step_id: str, rule: str, level: str | None) -> bool:
    """Is this rule settled by the steps up to and including step_id?"""
    for step in steps_for(level):
        if any(rule.startswith(p) for p in step.rule_prefixes):
            return True
        if step.id == step_id:
            return False
    return False


def _yes(value: bool) -> str:
    return "是" if value else "否"


def answer_rows(case) -> list[tuple[str, str, str]]:
    """"Check your answers": (step id, question, answer in words) for every answer that shaped the verdict."""
    from checks.models import LABELS  # local: flow stays importable without the models for routing alone
    from checks.rounds import load_round

    c = case.candidate
    rows = [
        ("basic", "毕业办证批次", load_round(case.round).title),
        ("basic", "打算提交申请的日期", case.application_date.isoformat()),
        ("basic", "考生类型", LABELS["candidate_type"][c.candidate_type]),
        ("basic", "申请层次", LABELS["level"][c.level]),
        ("basic", "身份证有效期至", str(c.id_valid_until)),
    ]
    for label, value in (("姓名", c.name), ("身份证号", c.id_number), ("准考证号", c.admission_number),
                         ("联系电话", c.phone), ("专业", " ".join(v for v in (c.major_code, c.major_name) if v)),
                         ("主考学校", c.chief_school)):
        rows.append(("basic", label, value or "未填写"))
    rows.append(("grades", "全部课程已合格", _yes(case.grades.all_courses_passed)))
    missing = case.grades.missing_on_platform
    rows.append(("grades", "平台查不到的成绩", "；".join(
        LABELS["source"][m.source] + (f"（{m.year}年）" if m.year else "") + (f" {m.course_name}" if m.course_name else "")
        for m in missing) or "没有"))
    if c.level == "bachelor":
        pe = case.prior_education
        if pe is None or not pe.has_diploma:
            rows.append(("prior", "持有专科（或以上）学历证书", "否"))
        else:
            rows += [
                ("prior", "持有专科（或以上）学历证书", "是"),
                ("prior", "前置学历毕业时间", pe.graduation_date.isoformat() if pe.graduation_date else "未填写"),
                ("prior", "姓名或身份证号变更过", _yes(pe.identity_changed)),
                ("prior", "学信网授权", LABELS["chsi_authorization"][pe.chsi_authorization]),
            ]
    rows.append(("exemptions", "免考课程", "；".join(
        f"{e.label}（{LABELS['method'][e.method]}{f'，{e.year}年' if e.year else ''}，{'有' if e.has_form else '无'}登记表）"
        for e in case.exemptions) or "没有"))
    rows.append(("practice", "专业要求实践环节或论文", _yes(case.practice.required)))
    if case.practice.required:
        rows.append(("practice", "实习（实验）考核合格成绩通知单", LABELS["notice"][case.practice.notice]))
    rows.append(("materials", "承诺书已签字并扫描", _yes(case.materials.pledge_signed)))
    rows.append(("materials", "照片已检查合格", _yes(case.materials.photo_passed)))
    return rows
