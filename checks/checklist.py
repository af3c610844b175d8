"""The materials checklist: every document and step the notice asks of this candidate, in the order to do them.

Built from the verdict's findings, never from a second walk over the case: each rule outcome in the round file
names the checklist items it yields (`checklist:` under the outcome), and the items' wording lives in the round
file's `checklist:` block. So the checklist says what the verdict says, in the same (process) order: a blocker
always yields a blocked item. Rendered as plain text (to paste into a chat), JSON and a PDF (checks.pdf).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Literal

from checks.models import LABELS, Case
from checks.rounds import Round, load_round
from checks.rules import Finding, Verdict, evaluate, round_warning
from checks.views import ItemView, checklist_view, headline, item_lines
from checks.wording import NOWHERE, fill

if TYPE_CHECKING:  # fpdf2 costs ~0.3 s to import: only checklist_pdf loads it (tests/test_cli_imports.py)
    from checks.pdf import Document

ItemStatus = Literal["needed", "ready", "not_needed"]
Channel = Literal["online", "in_person", "both", "none"]
# An item's status when its outcome does not say: what a finding of this status asks of the candidate.
DEFAULT_STATUS: dict[str, ItemStatus] = {"blocker": "needed", "todo": "needed", "ok": "ready", "info": "not_needed"}


@dataclass
class ChecklistItem:
    key: str
    stage: str
    stage_name: str
    title: str
    status: ItemStatus
    channel: Channel
    where: str
    form: str  # originals, copies or scans
    clause: str
    note: str
    blocked: bool = False  # as things stand the application would be refused because of this item
    rule: str = ""  # the finding this item comes from
    place: str = ""  # where to go in person ("" when nothing is done in person)


@dataclass
class Checklist:
    round: str
    round_title: str
    candidate_type: str
    level: str
    in_person: str  # where this candidate type goes in person in general (社会考生 确认点, 学分互认 主考学校)
    items: list[ChecklistItem]
    labels: dict = field(default_factory=dict, repr=False)  # the round's checklist wording
    round_warning: str = ""  # the date is outside the round, a projection, or a draft (rules.round_warning)
    projected: bool = False  # the round is a projection (rules.md v3): its title says "预估"
    headline: tuple[str, ...] = ()  # the verdict's headline (title, detail): the checklist says it as the result page

    def by_status(self, status: ItemStatus) -> list[ChecklistItem]:
        return [i for i in self.items if i.status == status]

    @property
    def todo(self) -> list[ChecklistItem]:
        return self.by_status("needed")

    @property
    def places(self) -> list[str]:
        """Where the candidate must still go in person, in process order: the one list every output shows."""
        out: list[str] = []
        for i in self.todo:
            if i.place and i.place not in out:
                out.append(i.place)
        return out

    def stages(self) -> list[tuple[str, list[ChecklistItem]]]:
        """Items grouped by stage, in process order (stages without items are left out)."""
        out: list[tuple[str, list[ChecklistItem]]] = []
        for item in self.items:
            if not out or out[-1][0] != item.stage_name:
                out.append((item.stage_name, []))
            out[-1][1].append(item)
        return out

    def to_json(self) -> dict:
        return {
            "round": self.round, "round_title": self.round_title, "projected": self.projected,
            "round_warning": self.round_warning, "candidate_type": self.candidate_type,
            "level": self.level, "in_person": self.in_person, "places": self.places,
            "counts": {s: len(self.by_status(s)) for s in ("needed", "ready", "not_needed")},
            "items": [asdict(i) for i in self.items],
        }


def _entries(outcome: dict) -> list[dict]:
    """An outcome's `checklist:` entries in their long form {item, status?, when?}."""
    return [{"item": e} if isinstance(e, str) else e for e in outcome.get("checklist", [])]


def _items_of(f: Finding, rnd: Round, stage_names: dict[str, str]) -> list[ChecklistItem]:
    outcome = rnd.rules.get(f.rule, {}).get(f.outcome_key, {})
    specs = rnd.checklist.get("items", {})
    made = []
    for entry in _entries(outcome):
        if entry.get("when") and not f.facts.get(entry["when"]):
            continue
        spec = specs[entry["item"]]
        made.append(ChecklistItem(
            key=entry["item"], stage=f.stage, stage_name=stage_names.get(f.stage, ""),
            title=fill(spec["title"], f.facts), status=entry.get("status", DEFAULT_STATUS[f.status]),
            channel=spec.get("channel", "none"), where=fill(spec.get("where", NOWHERE), f.facts),
            form=fill(spec.get("form", NOWHERE), f.facts), clause=f.source, note=fill(spec.get("note", ""), f.facts),
            blocked=f.status == "blocker", rule=f.rule, place=fill(spec.get("place", ""), f.facts),
        ))
    if f.status == "blocker" and not made:
        # A blocker whose outcome names no item (say, a rule added without its checklist wording) still reaches
        # the checklist, in the finding's own words.
        made.append(ChecklistItem(
            key=f.rule, stage=f.stage, stage_name=stage_names.get(f.stage, ""), title=f.title, status="needed",
            channel="none", where=f.where or NOWHERE, form=f.bring or NOWHERE, clause=f.source, note=f.message,
            blocked=True, rule=f.rule,
        ))
    return made


def build_checklist(case: Case, verdict: Verdict | None = None, rnd: Round | None = None) -> Checklist:
    rnd = rnd or load_round(case.round)
    return from_verdict(verdict or evaluate(case, rnd), rnd)


def from_verdict(verdict: Verdict, rnd: Round | None = None) -> Checklist:
    """The checklist of a verdict: it needs nothing the verdict does not already hold."""
    rnd = rnd or load_round(verdict.round)
    stage_names = {s.id: s.name for s in rnd.stages}
    items = [i for f in verdict.in_process_order() for i in _items_of(f, rnd, stage_names)]
    return Checklist(round=rnd.id, round_title=rnd.title, candidate_type=verdict.candidate_type,
                     level=verdict.level, in_person=rnd.in_person[verdict.candidate_type],
                     items=items, labels=rnd.checklist,
                     round_warning=round_warning(rnd, verdict.application_date), projected=rnd.projected,
                     headline=(lambda h: (h.title, h.detail))(headline(verdict, rnd)))


# --- renderings: loops over checks.views.checklist_view, with no words of their own --------------------------
def places_line(cl: Checklist) -> str:
    t = cl.labels
    return f"{t['places_heading']}：{'、'.join(cl.places)}" if cl.places else t["no_places"]


def checklist_text(cl: Checklist) -> str:
    """Plain text for a chat message or a .txt file: to-do items numbered in order, then what is not needed."""
    view = checklist_view(cl)
    out = list(view.header)
    for stage_name, items in view.stages:
        out += ["", f"【{stage_name}】"]
        for item in items:
            out += item_lines(item)
    if view.skipped:
        out += ["", f"【{view.skipped_heading}】"] + [f"- {line}" for line in view.skipped]
    out += ["", view.closing]
    return "\n".join(out)


def checklist_pdf(cl: Checklist) -> bytes:
    from checks.pdf import GREY, Document  # fpdf2 costs ~0.5 s to import: only when a PDF is asked for

    view = checklist_view(cl)
    doc = Document(title=view.title, footer=view.footer)
    doc.heading(view.title, size=16)
    doc.ln(2)
    for line in view.header[1:]:
        doc.paragraph(line, size=10, align="C")
    doc.ln(3)
    for stage_name, items in view.stages:
        _pdf_heading(doc, stage_name)
        for item in items:
            _pdf_item(doc, item)
    if view.skipped:
        doc.ln(1)
        _pdf_heading(doc, view.skipped_heading)
        for line in view.skipped:
            doc.paragraph(f"· {line}", size=9.5, line=5.6, color=GREY)
    return doc.to_bytes()


def _pdf_heading(doc: Document, text: str) -> None:
    doc.ln(2)
    doc.heading(text, size=12.5, align="L")
    doc.line(doc.l_margin, doc.get_y() + 0.5, doc.w - doc.r_margin, doc.get_y() + 0.5)
    doc.ln(2.5)


def _pdf_item(doc: Document, item: ItemView) -> None:
    from checks.pdf import GREY

    indent = 8
    width = doc.epw - indent
    needed = doc.text_height(item.title, 11, 6.4, width) + doc.text_height(item.note, 9.5, 5.4, width) + 5.4 * 3 + 8
    if doc.get_y() + needed > doc.page_break_trigger:  # keep an item's lines together on one page
        doc.add_page()
    doc.checkbox(doc.l_margin + 0.5, doc.get_y() + 1.3, ticked=item.ticked)
    doc.set_left_margin(doc.l_margin + indent)
    doc.set_x(doc.l_margin)
    try:
        doc.paragraph(f"{item.number}．{item.title}（{item.status}）", size=11, line=6.4)
        if item.blocked:
            doc.paragraph(f"！{item.blocked}", size=9.5, line=5.4, color=(170, 0, 0))
        for d in item.details:
            doc.paragraph(f"{d.label}：{d.text}", size=9.5, line=5.4)
        if item.note:
            doc.paragraph(item.note, size=9.5, line=5.4, color=GREY)
        doc.paragraph(item.reference, size=8.5, line=5, color=GREY)
    finally:
        doc.set_left_margin(doc.l_margin - indent)
    doc.ln(2.5)
