"""Views: where a result becomes words. Built once from a verdict or a checklist, printed by every output.

The rules decide (checks/rules.py), the checklist lists (checks/checklist.py); a view says it: the headline,
the sections in order, and each line with its label. The result page, the home page and the help desk
(ui/render.py, app.py), the text report and the command line (checks/report.py), the batch details and the
checklist's text, PDF and page are thin loops over these views and hold no words of their own: the words live
in the round file (`verdict:` and `checklist:`), so one case reads the same everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.models import LABELS
from checks.rounds import Round, load_round
from checks.wording import NOWHERE, cite, cn_date, fill

if TYPE_CHECKING:
    from checks.checklist import Checklist, ChecklistItem
    from checks.rules import Finding, Verdict

Tone = str  # "ready" | "blocker" | "todo": which of the three headlines, and how a page colours it


def say(template, facts: dict | None = None) -> str:
    """A one-line label of the views: its spaces are meant ("有 2 个"), unlike folded prose."""
    return fill(template, facts, keep_spaces=True)


# --- the verdict ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    tone: Tone
    title: str
    detail: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.detail}"


@dataclass(frozen=True)
class Detail:
    label: str  # 去哪里, 带什么、传什么
    text: str


@dataclass(frozen=True)
class FindingView:
    finding: Finding  # for the pages' "去办这件事" links
    number: int | None  # numbered in the to-do list only
    mark: str  # 会被退回 for a blocker, "" otherwise
    title: str
    message: str
    details: tuple[Detail, ...]
    reference: str  # 依据通知(三)1
    rule: str  # "规则 materials.id_card" for the help desk and the command line, "" for candidates and tutors
    rule_label: str  # its first word (a page shows the id itself as code: "materials.id" reads as a web address)

    @property
    def status(self) -> str:
        return self.finding.status


@dataclass(frozen=True)
class Section:
    key: str  # open (blockers and to-dos, in process order), ok, info
    heading: str
    note: str
    items: tuple[FindingView, ...]


@dataclass(frozen=True)
class VerdictView:
    headline: Headline
    places: str  # where to go in person, the checklist's own line; "" when nothing is left to do
    about: str  # the round as given (its title), the candidate, the application date
    sections: tuple[Section, ...]
    more_steps: str  # the home page's "共 N 项…" under its first few to-dos

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def lines(self) -> list[str]:
        """The view as plain text lines: the text report, the command line and the batch details print these."""
        out = [self.about, self.headline.title, self.headline.detail] + ([self.places] if self.places else [])
        for section in self.sections:
            out += ["", f"【{section.heading}】"] + ([section.note] if section.note else [])
            for item in section.items:
                out += finding_lines(item)
        return out


def finding_lines(item: FindingView) -> list[str]:
    head = f"{item.number}. " if item.number is not None else "- "
    mark = f"【{item.mark}】" if item.mark else ""
    return ([f"{head}{mark}{item.title}", f"   {item.message}"]
            + [f"   {d.label}：{d.text}" for d in item.details]
            + [f"   {item.reference}" + (f" · {item.rule}" if item.rule else "")])


def headline(verdict: Verdict, rnd: Round) -> Headline:
    words = rnd.verdict["headline"]
    blockers, todos = verdict.by_status("blocker"), verdict.by_status("todo")
    facts = {"blockers": len(blockers), "todos": len(todos), "blocker_titles": "；".join(f.title for f in blockers)}
    tone = "ready" if verdict.ready else "blocker" if blockers else "todo"
    w = words[tone]
    if tone == "blocker":
        facts["todo_text"] = say(w["todo_text"], facts) if todos else ""
    # A projected round's verdict says so first (Verdict.mark: "（预估）"), on every output alike.
    # rules.md v3: an open question (不确定 or unanswered) is named, so "not ready" never hides it.
    return Headline(tone=tone, title=verdict.mark + say(w["title"], facts),
                    detail=say(w["detail"], facts) + verdict.to_confirm_text)


def finding_view(f: Finding, words: dict, number: int | None = None, show_rule: bool = False) -> FindingView:
    """One finding: where to go and what to bring only while there is something to do."""
    details = []
    if f.status in ("blocker", "todo"):
        details = [Detail(say(words[key]), text) for key, text in (("where", f.where), ("bring", f.bring))
                   if text and text != NOWHERE]
    reference = cite(f.source)  # a clause of the notice, or another source named as it is
    rule_label = say(words["rule"]) if show_rule else ""
    return FindingView(finding=f, number=number, mark=say(words["blocker_mark"]) if f.status == "blocker" else "",
                       title=f.title, message=f.message, details=tuple(details), reference=reference,
                       rule=f"{rule_label} {f.rule}" if show_rule else "", rule_label=rule_label)


def verdict_view(verdict: Verdict, rnd: Round | None = None, show_rule: bool = False) -> VerdictView:
    """Rule ids and the data version are for the help desk and the command line (show_rule)."""
    from checks.checklist import from_verdict, places_line  # checklist imports this module: import when used

    rnd = rnd or load_round(verdict.round)
    words = rnd.verdict
    about = say(words["about_with_data" if show_rule else "about"], {
        "round_title": verdict.round_title, "round": verdict.round, "data_version": verdict.data_version,
        "candidate_type": LABELS["candidate_type"][verdict.candidate_type], "level": LABELS["level"][verdict.level],
        "date": cn_date(verdict.application_date)})
    to_do = [f for f in verdict.findings if f.status in ("blocker", "todo")]  # process order, as the checklist
    sections = []
    if to_do:
        note = words["sections"]["open"].get("note", "") if verdict.by_status("blocker") else ""
        sections.append(Section("open", say(words["sections"]["open"]["heading"]), say(note), tuple(
            finding_view(f, words, n, show_rule) for n, f in enumerate(to_do, 1))))
    for key in ("ok", "info"):
        found = verdict.by_status(key)
        if found:
            sections.append(Section(key, say(words["sections"][key]["heading"], {"count": len(found)}), "",
                                    tuple(finding_view(f, words, show_rule=show_rule) for f in found)))
    return VerdictView(
        headline=headline(verdict, rnd),
        places="" if verdict.ready else places_line(from_verdict(verdict, rnd)),  # the checklist's places
        about=about, sections=tuple(sections),
        more_steps=say(words["more_steps"], {"count": len(to_do)}))


# --- the checklist ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ItemView:
    item: ChecklistItem
    number: int
    title: str  # without its number
    status: str  # 需要准备 / 已备好 / 不需要
    blocked: str  # the "会被退回" note, "" when not blocked
    details: tuple[Detail, ...]  # 网上办理：…, 材料：…
    note: str
    reference: str  # 依据：通知(三)1

    @property
    def ticked(self) -> bool:
        return self.item.status == "ready"


@dataclass(frozen=True)
class ChecklistView:
    title: str
    who: str  # the candidate type and level, and where to go in person
    summary: str  # how many items to prepare, ready, not needed; how many would be refused
    header: tuple[str, ...]  # heading, who, summary, round warning, the verdict's headline (text and PDF)
    intro: str
    stages: tuple[tuple[str, tuple[ItemView, ...]], ...]  # (stage name, items to prepare or ready)
    skipped_heading: str
    skipped_fold: str  # the heading with its count, where a page folds them away
    skipped: tuple[str, ...]  # one line per item not needed
    closing: str
    footer: str


def _item_view(item: ChecklistItem, number: int, t: dict) -> ItemView:
    details = []
    if item.channel != "none":
        details.append(Detail(t["channel"][item.channel], item.where))
        if item.form != NOWHERE:
            details.append(Detail(say(t["form"]), item.form))
    return ItemView(item=item, number=number, title=item.title, status=t["status"][item.status],
                    blocked=t["blocked_note"] if item.blocked else "", details=tuple(details), note=item.note,
                    reference=cite(item.clause))


def checklist_view(cl: Checklist) -> ChecklistView:
    """The checklist in order: items to prepare (and ready ones) numbered by stage, then what is not needed."""
    from checks.checklist import places_line

    t = cl.labels
    counts = {s: len(cl.by_status(s)) for s in ("needed", "ready", "not_needed")}
    blocked = sum(1 for i in cl.items if i.blocked)
    summary = say(t["summary"], counts) + (say(t["summary_blocked"], {"blocked": blocked}) if blocked else "")
    facts = {"title": t["title"], "round_title": cl.round_title, "round": cl.round,
             "candidate_type": LABELS["candidate_type"][cl.candidate_type], "level": LABELS["level"][cl.level],
             "places": places_line(cl)}
    header = [say(t["heading"], facts), say(t["candidate"], facts), summary]
    header += [f"！{cl.round_warning}"] if cl.round_warning else []
    header += list(cl.headline)  # the verdict's own first sentences, as the result page says them
    stages, number = [], 0
    for stage_name, items in cl.stages():
        active = []
        for item in (i for i in items if i.status != "not_needed"):
            number += 1
            active.append(_item_view(item, number, t))
        if active:
            stages.append((stage_name, tuple(active)))
    return ChecklistView(
        title=t["title"], who=header[1], summary=summary, header=tuple(header), intro=say(t["intro"]), stages=tuple(stages),
        skipped_heading=say(t["skipped_heading"]),
        skipped_fold=say(t["skipped_count"], {"count": counts["not_needed"]}),
        skipped=tuple(say(t["skipped_line"], {"title": i.title, "note": i.note, "clause": i.clause})
                      for i in cl.by_status("not_needed")),
        closing=say(t["closing"]), footer=say(t["footer"], facts))


def item_lines(item: ItemView) -> list[str]:
    box = "[√]" if item.ticked else "[ ]"
    return ([f"{box} {item.number}. {item.title}（{item.status}）"] + ([f"    ！{item.blocked}"] if item.blocked else [])
            + [f"    {d.label}：{d.text}" for d in item.details] + ([f"    {item.note}"] if item.note else [])
            + [f"    {item.reference}"])
