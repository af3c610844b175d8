"""Where the candidate stands in the six-stage process of the notice, and the next things to do.

The candidate acts in the first three stages (补录, 前置学历审核, 网上申请); the three reviews are done by the
确认点, the 州市/主考学校 and the 省招生考试院 after the application is submitted. The current stage is the
earliest stage that still has a blocker or a to-do; when nothing is open the candidate can submit, so the
current stage is the online application.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from checks.models import Case
from checks.questions import bachelor_only_applies
from checks.rounds import Round, load_round
from checks.rules import Finding, Verdict, evaluate
from checks.views import Headline, headline

StageState = Literal["done", "current", "upcoming"]
CANDIDATE_STAGES = ("supplement", "prior", "apply")  # stages where the candidate acts; reviews follow


@dataclass
class StageProgress:
    id: str
    name: str
    state: StageState
    blockers: int
    todos: int
    by_candidate: bool  # False: a review stage done by the exam authorities


@dataclass
class Progress:
    stages: list[StageProgress]
    current: str
    ready: bool
    blockers: int
    todos: int
    next_steps: list[Finding]
    said: Headline  # the verdict's headline, the words the result page and every other output use

    @property
    def current_stage(self) -> StageProgress:
        return next(s for s in self.stages if s.id == self.current)

    @property
    def headline(self) -> str:
        return self.said.text


def stages_for(case: Case, rnd: Round):
    """The round's stages that apply to this candidate (the prior-qualification stage is 本科 only)."""
    return [s for s in rnd.stages if not s.bachelor_only or bachelor_only_applies(case.candidate.level)]


def progress(case: Case, verdict: Verdict | None = None, rnd: Round | None = None, steps: int = 3) -> Progress:
    rnd = rnd or load_round(case.round)
    verdict = verdict or evaluate(case, rnd)
    open_findings = [f for f in verdict.findings if f.status in ("blocker", "todo")]
    stages = stages_for(case, rnd)
    stage_ids = [s.id for s in stages]

    def count(stage_id: str, status: str) -> int:
        return sum(1 for f in open_findings if f.stage == stage_id and f.status == status)

    open_stages = [s for s in stage_ids if count(s, "blocker") or count(s, "todo")]
    current = open_stages[0] if open_stages else "apply"
    cur_index = stage_ids.index(current)
    out = []
    for i, s in enumerate(stages):
        state: StageState = "done" if i < cur_index else "current" if i == cur_index else "upcoming"
        out.append(StageProgress(id=s.id, name=s.name, state=state, blockers=count(s.id, "blocker"),
                                 todos=count(s.id, "todo"), by_candidate=s.id in CANDIDATE_STAGES))
    return Progress(
        stages=out, current=current, ready=verdict.ready,
        blockers=len(verdict.by_status("blocker")), todos=len(verdict.by_status("todo")),
        # What to do next: anything that gets the application refused is chosen first, then the to-dos; shown in
        # process order, the order of the result page and the checklist (issue 21).
        next_steps=sorted((verdict.by_status("blocker") + verdict.by_status("todo"))[:steps], key=lambda f: f.seq),
        said=headline(verdict, rnd),
    )
