"""The materials checklist: every document and step the notice asks of this candidate, in the order to do them.

Which items apply and their status is decided here from the case; the wording is template data
(assets/templates/checklist.yaml). Rendered as plain text (to paste into a chat), JSON and a PDF (checks.pdf).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from checks.models import LABELS, Case
from checks.pledge import load_template
from checks.rounds import Round, load_round
from checks.rules import Verdict, evaluate, needs_exemption_form, needs_manual_review, supplement_rule

if TYPE_CHECKING:  # fpdf2 costs ~0.3 s to import: only checklist_pdf loads it (tests/test_cli_imports.py)
    from checks.pdf import Document

ItemStatus = Literal["needed", "ready", "not_needed"]
Channel = Literal["online", "in_person", "both", "none"]
TEMPLATE = "checklist.yaml"
# Missing-grade documents with a dated 补录 route (the route itself is decided by rules.supplement_rule).
CERTIFICATE_ITEMS = {"certificate": "certificate_pre1995", "transfer_letter": "transfer_letter_pre2016"}

# How each item is handed in, per the notice: (三) is all online uploads; 补录 and 人工审核 are in person.
CHANNELS: dict[str, Channel] = {
    "grades_none": "none", "grades_13char": "online", "certificate_pre1995": "in_person",
    "transfer_letter_pre2016": "in_person", "grade_unknown_route": "in_person", "practice_grade": "in_person",
    "prior_none": "none", "prior_diploma_missing": "none", "chsi": "online", "prior_diploma": "both",
    "prior_register": "both", "identity_proof": "both", "prior_manual_not_needed": "none",
    "id_card": "online", "id_card_expired": "in_person", "practice_none_required": "none",
    "practice_missing": "in_person", "practice_reseal": "both", "practice_ready": "online",
    "exemption_none": "none", "exemption_online": "none", "exemption_form": "online",
    "photo": "online", "pledge": "online",
}


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


@dataclass
class Checklist:
    round: str
    round_title: str
    candidate_type: str
    level: str
    in_person: str
    items: list[ChecklistItem]

    def by_status(self, status: ItemStatus) -> list[ChecklistItem]:
        return [i for i in self.items if i.status == status]

    @property
    def todo(self) -> list[ChecklistItem]:
        return self.by_status("needed")

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
            "round": self.round, "candidate_type": self.candidate_type, "level": self.level,
            "in_person": self.in_person,
            "counts": {s: len(self.by_status(s)) for s in ("needed", "ready", "not_needed")},
            "items": [asdict(i) for i in self.items],
        }


class _Builder:
    def __init__(self, case: Case, rnd: Round, verdict: Verdict):
        self.case, self.rnd = case, rnd
        self.tpl = load_template(TEMPLATE)
        self.in_person = rnd.in_person[case.candidate.candidate_type]
        school = case.candidate.chief_school
        self.facts = {"in_person": self.in_person, "school": f"（{school}）" if school else ""}
        self.verdict = verdict
        self.blocked_rules = {f.rule for f in verdict.by_status("blocker")}
        self.stage_names = {s.id: s.name for s in rnd.stages}
        self.items: list[ChecklistItem] = []

    def add(self, key: str, stage: str, status: ItemStatus, blocked: bool = False, **facts) -> None:
        spec = self.tpl["items"][key]
        values = {**self.facts, **facts}

        def fill(text) -> str:
            return "".join(str(text or "").split()).format(**values)

        self.items.append(ChecklistItem(
            key=key, stage=stage, stage_name=self.stage_names[stage], title=fill(spec["title"]), status=status,
            channel=CHANNELS[key], where=fill(spec["where"]), form=fill(spec["form"]), clause=spec["clause"],
            note=fill(spec["note"]), blocked=blocked,
        ))

    # --- (一) grades -----------------------------------------------------------------------------------
    def supplements(self) -> None:
        missing = self.case.grades.missing_on_platform
        if not missing:
            self.add("grades_none", "supplement", "not_needed")
            return
        old = [m for m in missing if m.source == "certificate_13char"]
        if old:
            self.add("grades_13char", "supplement", "needed", count=f"（{len(old)}门）" if len(old) > 1 else "")
        for m in missing:
            course = f"（{m.course_name}）" if m.course_name else ""
            rule_id = supplement_rule(m, self.rnd)
            if rule_id == "grades.supplement.unknown_route":
                what = f"{m.year}年取得的{LABELS['source'][m.source]}"
                self.add("grade_unknown_route", "supplement", "needed", blocked=True, what=what, course=course)
            elif m.source in ("certificate", "transfer_letter"):
                self.add(CERTIFICATE_ITEMS[m.source], "supplement", "needed", year=m.year, course=course)
            elif m.source == "practice_notice":
                self.add("practice_grade", "supplement", "needed", course=course)

    # --- (二) prior qualification ----------------------------------------------------------------------
    def prior(self) -> None:
        if self.case.candidate.level == "associate":
            self.add("prior_none", "prior", "not_needed")
            return
        pe = self.case.prior_education
        if pe is None or not pe.has_diploma:
            self.add("prior_diploma_missing", "prior", "needed", blocked=True)
            return
        if needs_manual_review(pe):
            self.add("prior_diploma", "prior", "needed")
            self.add("prior_register", "prior", "needed")
            if pe.identity_changed:
                self.add("identity_proof", "prior", "needed")
        else:
            self.add("chsi", "prior", "ready" if pe.chsi_authorization == "passed" else "needed")
            self.add("prior_manual_not_needed", "prior", "not_needed")

    # --- (三) materials, in the order to get them: what may need a trip first, the pledge last ------------
    def materials(self) -> None:
        cutoff = self.rnd.id_valid_after
        cutoff_text = f"{cutoff.year}年{cutoff.month}月{cutoff.day}日"
        if "materials.id_card" in self.blocked_rules:
            self.add("id_card_expired", "apply", "needed", blocked=True,
                     valid_until=str(self.case.candidate.id_valid_until), cutoff=cutoff_text)
        else:
            self.add("id_card", "apply", "needed", cutoff=cutoff_text)

        what = "毕业论文" if self.case.candidate.level == "bachelor" else "实践性环节"
        practice = self.verdict.status_of("materials.practice_notice")
        if practice == "blocker":
            self.add("practice_missing", "apply", "needed", blocked=True, what=what)
        elif practice == "todo":
            self.add("practice_reseal", "apply", "needed")
        elif self.case.practice.required:
            self.add("practice_ready", "apply", "ready")
        else:
            self.add("practice_none_required", "apply", "not_needed")

        since = self.rnd.param("online_exemption_since")
        if not self.case.exemptions:
            self.add("exemption_none", "apply", "not_needed")
        for e in self.case.exemptions:
            if not needs_exemption_form(e, self.rnd):
                self.add("exemption_online", "apply", "not_needed", course=e.label, since=since)
            else:
                year_text = f"{e.year}年{LABELS['method'][e.method]}。" if e.year else ""
                self.add("exemption_form", "apply", "ready" if e.has_form else "needed",
                         course=e.label, year_text=year_text)

        self.add("photo", "apply", "ready" if self.case.materials.photo_passed else "needed")
        self.add("pledge", "apply", "ready" if self.case.materials.pledge_signed else "needed")


def build_checklist(case: Case, verdict: Verdict | None = None, rnd: Round | None = None) -> Checklist:
    rnd = rnd or load_round(case.round)
    verdict = verdict or evaluate(case, rnd)
    b = _Builder(case, rnd, verdict)
    b.supplements()
    b.prior()
    b.materials()
    return Checklist(round=rnd.id, round_title=rnd.title, candidate_type=case.candidate.candidate_type,
                     level=case.candidate.level, in_person=b.in_person, items=b.items)


# --- renderings ---------------------------------------------------------------------------------------------
def _labels() -> dict:
    return load_template(TEMPLATE)


def summary_line(cl: Checklist) -> str:
    n, r, x = (len(cl.by_status(s)) for s in ("needed", "ready", "not_needed"))
    blocked = sum(1 for i in cl.items if i.blocked)
    text = f"需要准备 {n} 项，已备好 {r} 项，不需要 {x} 项。"
    return text + (f"其中 {blocked} 项照现在的情况会被退回，要先解决。" if blocked else "")


def header_lines(cl: Checklist) -> list[str]:
    return [
        f"{_labels()['title']}：{cl.round_title}（{cl.round}）",
        f"{LABELS['candidate_type'][cl.candidate_type]}，申请{LABELS['level'][cl.level]}毕业；现场办理的地方：{cl.in_person}",
        summary_line(cl),
    ]


def item_lines(item: ChecklistItem, number: int) -> list[str]:
    t = _labels()
    box = "[√]" if item.status == "ready" else "[ ]"
    lines = [f"{box} {number}. {item.title}（{t['status'][item.status]}）"]
    if item.blocked:
        lines.append(f"    ！{t['blocked_note']}")
    if item.channel != "none":
        lines.append(f"    {t['channel'][item.channel]}：{item.where}")
        lines.append(f"    材料：{item.form}")
    if item.note:
        lines.append(f"    {item.note}")
    lines.append(f"    依据：通知{item.clause}")
    return lines


def checklist_text(cl: Checklist) -> str:
    """Plain text for a chat message or a .txt file: to-do items numbered in order, then what is not needed."""
    out = header_lines(cl)
    number = 0
    for stage_name, items in cl.stages():
        active = [i for i in items if i.status != "not_needed"]
        if not active:
            continue
        out += ["", f"【{stage_name}】"]
        for item in active:
            number += 1
            out += item_lines(item, number)
    skipped = cl.by_status("not_needed")
    if skipped:
        out += ["", "【不需要准备】"]
        out += [f"- {i.title}：{i.note}（通知{i.clause}）" for i in skipped]
    out += ["", "以云南省招生考试院和管理平台的要求为准。"]
    return "\n".join(out)


def checklist_pdf(cl: Checklist) -> bytes:
    from checks.pdf import GREY, Document

    t = _labels()
    doc = Document(title=t["title"], footer=f"{cl.round_title}（{cl.round}）  由“云南自考毕业申请自查”生成，以官方要求为准")
    doc.heading(t["title"], size=16)
    doc.ln(2)
    for line in header_lines(cl)[1:]:
        doc.paragraph(line, size=10, align="C")
    doc.ln(3)
    number = 0
    for stage_name, items in cl.stages():
        active = [i for i in items if i.status != "not_needed"]
        if not active:
            continue
        doc.ln(2)
        doc.heading(stage_name, size=12.5, align="L")
        doc.line(doc.l_margin, doc.get_y() + 0.5, doc.w - doc.r_margin, doc.get_y() + 0.5)
        doc.ln(2.5)
        for item in active:
            number += 1
            _pdf_item(doc, item, number, t)
    skipped = cl.by_status("not_needed")
    if skipped:
        doc.ln(3)
        doc.heading("不需要准备", size=12.5, align="L")
        doc.line(doc.l_margin, doc.get_y() + 0.5, doc.w - doc.r_margin, doc.get_y() + 0.5)
        doc.ln(2.5)
        for i in skipped:
            doc.paragraph(f"· {i.title}：{i.note}（通知{i.clause}）", size=9.5, line=5.6, color=GREY)
    return doc.to_bytes()


def _pdf_item(doc: Document, item: ChecklistItem, number: int, t: dict) -> None:
    from checks.pdf import GREY

    indent = 8
    width = doc.epw - indent
    needed = doc.text_height(item.title, 11, 6.4, width) + doc.text_height(item.note, 9.5, 5.4, width) + 5.4 * 3 + 8
    if doc.get_y() + needed > doc.page_break_trigger:  # keep an item's lines together on one page
        doc.add_page()
    y = doc.get_y()
    doc.checkbox(doc.l_margin + 0.5, y + 1.3, ticked=item.status == "ready")
    doc.set_left_margin(doc.l_margin + indent)
    doc.set_x(doc.l_margin)
    try:
        doc.paragraph(f"{number}．{item.title}（{t['status'][item.status]}）", size=11, line=6.4)
        if item.blocked:
            doc.paragraph(f"！{t['blocked_note']}", size=9.5, line=5.4, color=(170, 0, 0))
        if item.channel != "none":
            doc.paragraph(f"{t['channel'][item.channel]}：{item.where}", size=9.5, line=5.4)
            doc.paragraph(f"材料：{item.form}", size=9.5, line=5.4)
        if item.note:
            doc.paragraph(item.note, size=9.5, line=5.4, color=GREY)
        doc.paragraph(f"依据：通知{item.clause}", size=8.5, line=5, color=GREY)
    finally:
        doc.set_left_margin(doc.l_margin - indent)
    doc.ln(2.5)
