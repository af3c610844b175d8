"""The eligibility rules of ../shared/spec/rules.md.

Each rule function decides only *which* outcome applies and supplies the facts; the wording, the place and the
clause come from the round's data file. Exceptions (pre-1995 certificates, identity change …) are rules of
their own rather than branches hidden inside others.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable, Iterator, Literal

from pydantic import BaseModel, Field

from checks import identity
from checks.models import LABELS, Case, Exemption, MissingGrade, PriorEducation
from checks.questions import BY_PATH, bachelor_only_applies, practice_requirement
from checks.rounds import Round, load_round
from checks.wording import cn_date, fill

Status = Literal["blocker", "todo", "ok", "info"]


class Finding(BaseModel):
    rule: str
    status: Status
    title: str
    message: str
    where: str = ""
    bring: str = ""
    source: str  # the clause of the notice, e.g. "(一)1"; for pitfalls the other notice's name
    stage: str = ""
    # Not part of the contract JSON: the placeholder values the outcome was filled with (the checklist fills its
    # items with the same facts) and the finding's place in the process order shared by every output.
    facts: dict = Field(default_factory=dict, exclude=True, repr=False)
    seq: int = Field(default=0, exclude=True, repr=False)
    # Which outcome of the rule's wording was used ("" for the plain status; "unsure" for `todo_unsure` …): the
    # checklist takes that outcome's items.
    variant: str = Field(default="", exclude=True, repr=False)

    @property
    def outcome_key(self) -> str:
        return f"{self.status}_{self.variant}" if self.variant else self.status


class Verdict(BaseModel):
    round: str
    round_title: str
    data_version: str
    projected: bool = False  # the round is a projection (rules.md v3): every output names it as such
    application_date: dt.date
    level: str
    candidate_type: str
    findings: list[Finding]

    @property
    def ready(self) -> bool:
        return not any(f.status in ("blocker", "todo") for f in self.findings)

    @property
    def mark(self) -> str:
        """What every headline adds under a projected round (the round title and round.date_in_round say the rest)."""
        return "（预估）" if self.projected else ""

    def by_status(self, status: Status) -> list[Finding]:
        return [f for f in self.findings if f.status == status]

    @property
    def to_confirm(self) -> list[Finding]:
        """To-dos that stand because a question was answered 不确定 or not at all (rules.md v3): the headline
        names them, so "not ready" never hides an open question."""
        return [f for f in self.findings if f.facts.get("to_confirm")]

    @property
    def to_confirm_text(self) -> str:
        """"还要确认：…" naming each open question in the question table's words, or "" when none is open."""
        names = list(dict.fromkeys(f.facts["question"] for f in self.to_confirm))
        return "还要确认：" + "；".join(names) + "。" if names else ""

    def in_process_order(self) -> list[Finding]:
        """Every finding in the order of the process (stage, then the rule's place in the round file)."""
        return sorted(self.findings, key=lambda f: f.seq)

    def to_contract(self) -> dict:
        """The `--json` shape of contract.md, extended with title/bring/stage and the data version."""
        return {
            "round": self.round,
            "data_version": self.data_version,
            "projected": self.projected,
            "ready": self.ready,
            "findings": [f.model_dump() for f in self.findings],
        }


class Context:
    def __init__(self, case: Case, rnd: Round):
        self.case = case
        self.round = rnd
        self.in_person = rnd.in_person[case.candidate.candidate_type]
        self.school_text = f"（{case.candidate.chief_school}）" if case.candidate.chief_school else ""

    def finding(self, rule: str, status: Status, variant: str = "", **facts) -> Finding:
        spec = self.round.rules[rule]
        outcome = spec[f"{status}_{variant}" if variant else status]  # e.g. `blocker_expired`: a second blocker
        values = dict(in_person=self.in_person, school_text=self.school_text, **facts)
        if "why" in outcome:  # the reason, said once: the finding's message and its checklist items quote it
            values["why"] = fill(outcome["why"], values)
        return Finding(
            rule=rule,
            status=status,
            title=fill(outcome.get("title", spec["title"]), values),  # an outcome may name its own subject
            message=fill(outcome["message"], values),
            where=fill(outcome.get("where", ""), values),
            bring=fill(outcome.get("bring", ""), values),
            source=spec["clause"],
            stage=spec["stage"],
            facts=values,
            variant=variant,
        )

    def text(self, rule: str, key: str, **facts) -> str:
        return fill(self.round.rules[rule][key], dict(in_person=self.in_person, school_text=self.school_text, **facts))


RuleFn = Callable[[Context], Iterator[Finding]]
RULES: list[RuleFn] = []


def rule(fn: RuleFn) -> RuleFn:
    RULES.append(fn)
    return fn


# --- identity -------------------------------------------------------------------------------------------
@rule
def id_upgraded(ctx: Context):
    cand = ctx.case.candidate
    if cand.id_upgraded:
        # Only 本科 has a prior-qualification check whose 学信网 records may carry the old number.
        note = ctx.text("candidate.id_upgraded", "prior_note") if bachelor_only_applies(cand.level) else ""
        yield ctx.finding("candidate.id_upgraded", "info", id18=identity.id18(cand.id_number), prior_note=note)


# --- v3: causes of refusal the notice takes for granted ----------------------------------------------------
# An answer → (status, outcome variant). None is a question the case does not answer (a schema-1 case file, a
# roster without the column): it gets the same to-do as 不确定, never a silent "no".
UNSURE = ("todo", "unsure")


def answered(ctx: Context, rule_id: str, path: str, answer, outcomes: dict, **facts) -> Finding | None:
    """The finding of one v3 question; None when the answer needs no finding."""
    status, variant = outcomes[answer] if answer is not None else UNSURE
    if status is None:
        return None
    q = BY_PATH[path]
    return ctx.finding(rule_id, status, variant, to_confirm=answer in (None, "unsure"), question=q.label,
                       answer_text=q.option_label(answer) if answer is not None else "未回答", **facts)


def _present(*findings):
    return (f for f in findings if f is not None)


@rule
def exam_record(ctx: Context):
    cand, g = ctx.case.candidate, ctx.case.grades
    yield from _present(
        answered(ctx, "identity.platform_match", "candidate.platform_identity", cand.platform_identity,
                 {"match": ("ok", ""), "mismatch": ("todo", ""), "unsure": UNSURE}),
        answered(ctx, "grades.admission_numbers", "grades.admission_numbers", g.admission_numbers,
                 {"one": ("ok", ""), "several": ("todo", ""), "unsure": UNSURE}),
        answered(ctx, "grades.transfer_in", "grades.transfer_in", g.transfer_in,
                 {False: (None, ""), True: ("todo", "")}),
        answered(ctx, "grades.sanction", "grades.sanction", g.sanction,
                 {"no": (None, ""), "yes": ("blocker", ""), "unsure": UNSURE}),
        answered(ctx, "grades.plan_substitution", "grades.plan_substitution", g.plan_substitution,
                 {"no": (None, ""), "yes": ("todo", ""), "unsure": UNSURE}),
    )
    if ctx.case.exemptions:
        courses = "、".join(e.label for e in ctx.case.exemptions)
        yield from _present(answered(ctx, "exemptions.confirmed", "grades.exemptions_confirmed", g.exemptions_confirmed,
                                     {"yes": ("ok", ""), "no": ("blocker", ""), "unsure": UNSURE}, courses=courses))


# --- (一) grades ----------------------------------------------------------------------------------------
@rule
def all_passed(ctx: Context):
    yield ctx.finding("grades.all_passed", "ok" if ctx.case.grades.all_courses_passed else "blocker")


@rule
def on_platform(ctx: Context):
    if not ctx.case.grades.missing_on_platform:
        yield ctx.finding("grades.on_platform", "ok")


# Missing-grade sources whose 补录 route depends on the year the document was issued: (rule, round parameter).
DATED_ROUTES = {
    "certificate": ("grades.supplement.certificate_pre1995", "pre1995_certificate_year"),
    "transfer_letter": ("grades.supplement.transfer_letter_pre2016", "pre2016_transfer_year"),
}


def supplement_rule(missing: MissingGrade, rnd: Round) -> str:
    """The rule that covers one grade missing from the platform: its 补录 route, or that there is none."""
    if missing.source in DATED_ROUTES:
        rule_id, param = DATED_ROUTES[missing.source]
        return rule_id if missing.year <= rnd.param(param) else "grades.supplement.unknown_route"
    return f"grades.supplement.{missing.source}"


def needs_manual_review(pe: PriorEducation) -> bool:
    """学信网 authorisation cannot work: identity changed since the diploma, or the scan already failed."""
    return pe.chsi_authorization != "passed" and (pe.identity_changed or pe.chsi_authorization == "failed")


def needs_exemption_form(e: Exemption, rnd: Round) -> bool:
    """Offline exemptions always need their 登记表; online ones from `online_exemption_since` get a 审核单."""
    return e.method == "offline" or (e.year is not None and e.year < rnd.param("online_exemption_since"))


def _course_text(name: str | None) -> str:
    return f"（{name}）" if name else ""


@rule
def supplements(ctx: Context):
    """One finding per missing grade, except the 13-character ones, which one platform query covers."""
    missing = ctx.case.grades.missing_on_platform
    old_numbers = [m for m in missing if m.source == "certificate_13char"]
    if old_numbers:
        names = "、".join(m.course_name for m in old_numbers if m.course_name)
        count_text = f"（共{len(old_numbers)}门{('：' + names) if names else ''}）"
        yield ctx.finding("grades.supplement.certificate_13char", "todo", count_text=count_text)
    for m in missing:
        course_text = _course_text(m.course_name)
        rule_id = supplement_rule(m, ctx.round)
        if rule_id == "grades.supplement.unknown_route":
            yield ctx.finding(rule_id, "blocker", what=f"{m.year}年取得的{LABELS['source'][m.source]}",
                              course_text=course_text)
        elif m.source in DATED_ROUTES:
            # The boundary year itself counts, but the notice is ambiguous: tell them to confirm.
            last_year = ctx.round.param(DATED_ROUTES[m.source][1])
            note = ctx.text(rule_id, "boundary_note") if m.year == last_year else ""
            yield ctx.finding(rule_id, "todo", year=m.year, course_text=course_text, boundary_note=note)
        elif m.source == "practice_notice":
            yield ctx.finding(rule_id, "todo", course_text=course_text)


# --- (二) prior qualification -----------------------------------------------------------------------------
def no_qr_reason(pe: PriorEducation, rnd: Round) -> str:
    """Why 学信网 QR authorisation cannot work for this diploma (rules.md v3), or "" when it may work.

    "registry": graduated before `chsi_registry_since` (not in the 学信网 registry at all);
    "registry_uncertain": graduated up to `chsi_registry_uncertain_until` and not answered "能查到";
    "not_found": the candidate cannot find it in their 学信档案."""
    year = pe.graduation_date.year if pe.graduation_date else None
    if year is not None and year < rnd.param("chsi_registry_since"):
        return "registry"
    if year is not None and year <= rnd.param("chsi_registry_uncertain_until") and pe.in_chsi != "found":
        return "registry_uncertain"
    return "not_found" if pe.in_chsi == "not_found" else ""


@rule
def prior(ctx: Context):
    case = ctx.case
    if not bachelor_only_applies(case.candidate.level):
        yield ctx.finding("prior.not_required", "info")
        return
    pe = case.prior_education
    if pe is None or not pe.has_diploma:
        yield ctx.finding("prior.diploma_required", "blocker")
        yield ctx.finding("prior.valid_this_round", "info")
        return
    yield ctx.finding("prior.diploma_required", "ok")
    if pe.graduation_date is not None:
        facts = dict(graduation_date=cn_date(pe.graduation_date), application_date=cn_date(case.application_date))
        before = pe.graduation_date < case.application_date
        yield ctx.finding("prior.graduation_before_application", "ok" if before else "blocker", **facts)
    if pe.issued_in == "abroad":
        yield foreign_diploma(ctx)
    else:
        if pe.issued_in is None:
            yield answered(ctx, "prior.foreign", "prior_education.issued_in", None, {})
        yield from chsi_route(ctx, pe)
    yield ctx.finding("prior.valid_this_round", "info")


def foreign_diploma(ctx: Context) -> Finding:
    """No 学信网 route at all; a blocker unless the round data names one (`foreign_diploma_route`)."""
    route = ctx.round.param("foreign_diploma_route")
    return ctx.finding("prior.foreign", "todo", route=route) if route else ctx.finding("prior.foreign", "blocker")


def _proof(ctx: Context, pe: PriorEducation) -> dict:
    """The identity-change proof to upload and bring, when the name or ID number changed since the diploma."""
    return dict(identity_changed=pe.identity_changed,
                proof_upload=ctx.text("prior.manual_review", "proof_upload") if pe.identity_changed else "",
                proof_bring=ctx.text("prior.manual_review", "proof_bring") if pe.identity_changed else "")


def chsi_route(ctx: Context, pe: PriorEducation):
    """A mainland diploma: QR authorisation, 人工审核 with the 备案表, or (not in 学信网) 人工审核 with the
    学历认证报告. A diploma that is not in the registry is never told to scan the QR code."""
    if pe.chsi_authorization == "passed":
        yield ctx.finding("prior.chsi_authorization", "ok")
        return
    reason = no_qr_reason(pe, ctx.round)
    if reason.startswith("registry"):
        year = pe.graduation_date.year
        yield ctx.finding("prior.chsi_registry", "todo", "uncertain" if reason == "registry_uncertain" else "",
                          year=year, since=ctx.round.param("chsi_registry_since"),
                          until=ctx.round.param("chsi_registry_uncertain_until"),
                          to_confirm=reason == "registry_uncertain" and pe.in_chsi in (None, "unsure"),
                          question=BY_PATH["prior_education.in_chsi"].label,
                          answer_text=BY_PATH["prior_education.in_chsi"].option_label(pe.in_chsi) if pe.in_chsi
                          else "未回答", **_proof(ctx, pe))
        return
    if reason == "not_found":
        yield ctx.finding("prior.in_chsi", "todo", **_proof(ctx, pe))
        return
    if pe.in_chsi == "found":
        yield ctx.finding("prior.in_chsi", "ok")
    else:
        yield answered(ctx, "prior.in_chsi", "prior_education.in_chsi", pe.in_chsi, {"unsure": UNSURE})
    if needs_manual_review(pe):
        reasons = []
        if pe.identity_changed:
            reasons.append(ctx.text("prior.manual_review", "reason_identity"))
        if pe.chsi_authorization == "failed":
            reasons.append(ctx.text("prior.manual_review", "reason_failed"))
        yield ctx.finding("prior.manual_review", "todo", reason="；".join(reasons), **_proof(ctx, pe))
    else:
        yield ctx.finding("prior.chsi_authorization", "todo")


# --- (三) online application and materials ---------------------------------------------------------------
@rule
def apply_order(ctx: Context):
    cand = ctx.case.candidate
    parts = [ctx.text("apply.order", cand.level)]
    if cand.candidate_type == "credit_transfer":
        parts.append(ctx.text("apply.order", "credit_transfer"))
    yield ctx.finding("apply.order", "info", order="".join(parts))


@rule
def id_card(ctx: Context):
    valid = ctx.case.candidate.id_valid_until
    cutoff = ctx.round.id_valid_after
    cutoff_text = cn_date(cutoff)
    if valid != "长期" and valid < ctx.case.application_date:
        # (三)1 asks for a 有效 card: one that has run out by the day of applying is refused whatever the cut-off.
        yield ctx.finding("materials.id_card", "blocker", variant="expired", valid_until=cn_date(valid),
                          application_date=cn_date(ctx.case.application_date), cutoff=cutoff_text)
    elif valid == "长期" or valid > cutoff:
        yield ctx.finding("materials.id_card", "ok", valid_text="为长期" if valid == "长期" else f"到{cn_date(valid)}",
                          cutoff=cutoff_text)
    else:
        yield ctx.finding("materials.id_card", "blocker", valid_until=cn_date(valid), cutoff=cutoff_text)


@rule
def pledge(ctx: Context):
    yield ctx.finding("materials.pledge", "ok" if ctx.case.materials.pledge_signed else "todo")


@rule
def exemption_forms(ctx: Context):
    """One finding per exempted course: its 登记表 is still to find, already held, or not needed (online)."""
    since = ctx.round.param("online_exemption_since")
    if not ctx.case.exemptions:
        yield ctx.finding("materials.exemption_form", "ok", no_exemptions=True,
                          detail=ctx.text("materials.exemption_form", "ok_none"))
    for e in ctx.case.exemptions:
        facts = dict(course=e.label, since=since, year=e.year)
        if not needs_exemption_form(e, ctx.round):
            yield ctx.finding("materials.exemption_form", "ok", online=True,
                              detail=ctx.text("materials.exemption_form", "ok_online", **facts), **facts)
        elif e.has_form:
            yield ctx.finding("materials.exemption_form", "ok", has_form=True,
                              detail=ctx.text("materials.exemption_form", "ok_has_form", **facts), **facts)
        else:
            key = "how_online_early" if e.method == "online" else "how_offline"
            year_text = f"（{e.year}年）" if e.year else ""
            yield ctx.finding("materials.exemption_form", "todo", how=ctx.text(
                "materials.exemption_form", key, year_text=year_text, **facts), **facts)


@rule
def practice_notice(ctx: Context):
    practice = ctx.case.practice
    what = practice_requirement(ctx.case.candidate.level)
    if not practice.required:
        yield ctx.finding("materials.practice_notice", "ok", not_required=True, what=what,
                          detail=ctx.text("materials.practice_notice", "ok_not_required", what=what))
    elif practice.notice == "none":
        yield ctx.finding("materials.practice_notice", "blocker", what=what)
    elif practice.notice == "other_seal":
        yield ctx.finding("materials.practice_notice", "todo", what=what)
    else:
        yield ctx.finding("materials.practice_notice", "ok", sealed=True, what=what,
                          detail=ctx.text("materials.practice_notice", "ok_sealed"))


@rule
def photo(ctx: Context):
    yield ctx.finding("materials.photo", "ok" if ctx.case.materials.photo_passed else "todo")


# --- the round and the application date (v2) ---------------------------------------------------------------
class _RoundOnly(Context):
    """A context for the round's own wording, which needs no answers (the banner shows it before any)."""

    def __init__(self, rnd: Round):
        self.round, self.in_person, self.school_text = rnd, "", ""


def date_in_round(rnd: Round, day: dt.date) -> Finding:
    """`round.date_in_round` (rules.md v3): ok inside the round's period; todo under a projected round (what to
    compare once the notice is out); blocker for a date outside the round's period otherwise."""
    ctx = _RoundOnly(rnd)
    draft = "" if rnd.verified else ctx.text("round.date_in_round", "draft_note")
    status = "ok" if rnd.covers(day) and not rnd.projected else "todo" if rnd.covers(day) else "blocker"
    proj = rnd.projection
    return ctx.finding("round.date_in_round", status,
                       round_title=rnd.title, round_id=rnd.id, period=rnd.period.text, period_source=rnd.period.source,
                       notice=f"{rnd.notice.title}（{rnd.notice.source}）", date=cn_date(day),
                       draft_note=draft, half=proj.half if proj else "", base_half=proj.base_half if proj else "",
                       base_title=proj.base_title if proj else "", cutoff=cn_date(rnd.id_valid_after))


def round_warning(rnd: Round, day: dt.date) -> str:
    """What every page, checklist and case code must say about the round: outside its period (with what to do),
    a projection (what to compare when the notice is out), or a draft not checked against the official notice;
    "" when none."""
    f = date_in_round(rnd, day)
    if f.status != "ok":
        return f"{f.title}。{f.message}"
    return "" if rnd.verified else _RoundOnly(rnd).text("round.date_in_round", "draft_note")


@rule
def round_date(ctx: Context):
    yield date_in_round(ctx.round, ctx.case.application_date)


def window_text(rnd: Round) -> str:
    """The application window in words ("2090年10月8日至2090年10月20日"), or "" when the notice gives none."""
    w = rnd.window
    if w.apply_from and w.apply_until:
        return f"{cn_date(w.apply_from)}至{cn_date(w.apply_until)}"
    if w.apply_until:
        return f"截止到{cn_date(w.apply_until)}"
    return f"{cn_date(w.apply_from)}开始" if w.apply_from else ""


@rule
def application_window(ctx: Context):
    """`round.window` (rules.md v3): blocker after `apply_until` (a late application is void), todo before
    `apply_from`, ok inside, info when the round gives no window."""
    w, day = ctx.round.window, ctx.case.application_date
    facts = dict(round_title=ctx.round.title, date=cn_date(day), window_text=window_text(ctx.round),
                 apply_from=cn_date(w.apply_from) if w.apply_from else "",
                 apply_until=cn_date(w.apply_until) if w.apply_until else "", source=w.source or "没有写")
    if not (w.apply_from or w.apply_until):
        status = "info"
    elif w.apply_until and day > w.apply_until:
        status = "blocker"
    elif w.apply_from and day < w.apply_from:
        status = "todo"
    else:
        status = "ok"
    yield ctx.finding("round.window", status, **facts)


# --- common pitfalls from other notices -------------------------------------------------------------------
PITFALL_CONDITIONS = {
    "has_exemptions": lambda case: bool(case.exemptions),
    "associate": lambda case: case.candidate.level == "associate",
    "admission_numbers_unknown": lambda case: case.grades.admission_numbers in (None, "unsure"),
}


@rule
def pitfalls(ctx: Context):
    for rule_id, p in ctx.round.pitfalls.items():
        if p.when is None or PITFALL_CONDITIONS[p.when](ctx.case):
            yield Finding(rule=rule_id, status="info", title=p.title, message=p.message, source=p.source, stage="")


def _process_key(rnd: Round):
    """The one order every output shares: the stage, then the rule's place in the round file, then as found."""
    stage_ids = [s.id for s in rnd.stages]
    rule_ids = list(rnd.rules)

    def key(item: tuple[int, Finding]):
        pos, f = item
        stage = stage_ids.index(f.stage) if f.stage in stage_ids else len(stage_ids)
        rule = rule_ids.index(f.rule) if f.rule in rule_ids else len(rule_ids)
        return stage, rule, pos

    return key


def evaluate(case: Case, rnd: Round | None = None) -> Verdict:
    """All findings for a case, in the order of the process (stage, then the rule's place in the round file).
    Blockers are not moved to the front: every output lists them where they occur and marks them, and says
    first, in its headline, that the application would be refused and why."""
    rnd = rnd or load_round(case.round)
    found = [f for fn in RULES for f in fn(Context(case, rnd))]
    in_process = [f for _, f in sorted(enumerate(found), key=_process_key(rnd))]
    for seq, f in enumerate(in_process):
        f.seq = seq
    return Verdict(
        round=rnd.id,
        round_title=rnd.title,
        data_version=rnd.data_version,
        projected=rnd.projected,
        application_date=case.application_date,
        level=case.candidate.level,
        candidate_type=case.candidate.candidate_type,
        findings=in_process,  # the one order the result page, the checklist and the batch outputs share
    )
