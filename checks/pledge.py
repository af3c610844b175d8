"""The pledge form (附件2): 《云南省高等教育自学考试毕业办证申请暨思想品德合格承诺书》 as a printable A4 PDF.

The wording is per-round data (assets/templates/<round.notice.pledge_template>); this module fills in the
candidate's details, leaves blanks for what is unknown or cannot be printed, and adds a QR code with a short
verification string (round, admission number, case digest) that never contains the ID number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from checks import identity
from checks.casecode import case_digest
from checks.errors import CaseFileError, FieldError
from checks.models import LABELS, Case
from checks.questions import label
from checks.wording import cn_date, squash
from checks.rounds import ASSETS, Round, load_round

if TYPE_CHECKING:
    from checks.pdf import Document

TEMPLATES_DIR = ASSETS / "templates"
QR_PREFIX = "YZPLEDGE1"
# The form's own fields (sex and birth date come from the ID number); the rest are questions of the case file.
FIELD_LABELS = {
    "sex": "性别", "birth_date": "出生日期", "major": "专业名称及代码",
    **{k: label(f"candidate.{k}") for k in ("name", "id_number", "admission_number", "level", "chief_school",
                                             "phone", "candidate_type")},
}


class PledgeError(CaseFileError):
    """The case lacks what a pledge form needs; `.messages` name each missing field in Chinese."""


@dataclass
class Pledge:
    pdf: bytes
    payload: str  # the QR text
    official: bool
    # field label → characters the font cannot print; those fields are left blank for handwriting
    unprintable: dict[str, list[str]] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        return [
            f"“{label}”里的 {'、'.join(chars)} 字体里没有，打印出来会是空白方框，所以这一栏留空了："
            f"请打印后用黑色签字笔在“{label}”一栏手写完整。"
            for label, chars in self.unprintable.items()
        ]


@lru_cache(maxsize=8)
def load_template(name: str, directory: Path = TEMPLATES_DIR) -> dict:
    """Static template data shared by every session: safe to cache."""
    return yaml.safe_load((Path(directory) / name).read_text(encoding="utf-8"))


def field_values(case: Case) -> dict[str, str]:
    """Every value the form can show, '' where the case does not say (left blank for handwriting)."""
    c = case.candidate
    id_ok = bool(c.id_number)
    admission = c.admission_number or ""
    major = " ".join(p for p in (c.major_name, f"（{c.major_code}）" if c.major_code else "") if p).replace(" （", "（")
    return {
        "name": c.name or "",
        "sex": identity.sex(c.id_number) if id_ok else "",
        "birth_date": cn_date(identity.birth_date(c.id_number)) if id_ok else "",
        "id_number": identity.id18(c.id_number) if id_ok else "",
        "admission_number": "" if "*" in admission else admission,
        "level": LABELS["level"][c.level],
        "major": major,
        "chief_school": c.chief_school or "",
        "phone": c.phone or "",
        "candidate_type": LABELS["candidate_type"][c.candidate_type],
    }


def verification_payload(case: Case, rnd: Round) -> str:
    """Round, admission number and the redacted case's digest: enough for the help desk to match a pledge to a
    case code; nothing that identifies a person beyond the admission number printed on the form anyway."""
    admission = field_values(case)["admission_number"] or "-"
    return f"{QR_PREFIX}|{rnd.id}|{admission}|{case_digest(case)}"


def required_missing(case: Case) -> list[FieldError]:
    out = []
    if not case.candidate.name:
        out.append(FieldError(("candidate", "name"), "承诺书要填写考生姓名，请先填写（与身份证上完全一致）"))
    if not case.candidate.id_number:
        out.append(FieldError(("candidate", "id_number"), "承诺书要填写身份证号（性别和出生日期也由它得出），请先填写"))
    return out


def build_pledge(case: Case, rnd: Round | None = None) -> Pledge:
    from checks.pdf import Document, missing_glyphs  # fpdf2: only when a PDF is made (tests/test_cli_imports.py)

    missing = required_missing(case)
    if missing:
        raise PledgeError(missing)
    rnd = rnd or load_round(case.round)
    tpl = load_template(rnd.notice.pledge_template)
    values = field_values(case)

    unprintable: dict[str, list[str]] = {}
    for key, value in values.items():
        bad = missing_glyphs(value)
        if bad:
            unprintable[FIELD_LABELS[key]] = bad
            values[key] = ""

    official = bool(tpl.get("official"))
    payload = verification_payload(case, rnd)
    doc = Document(title=tpl["title"], footer=f"{rnd.title}（{rnd.id}）  由“云南自考毕业申请自查”生成，以官方要求为准")
    _draw(doc, tpl, values, rnd, payload, official)
    return Pledge(pdf=doc.to_bytes(), payload=payload, official=official, unprintable=unprintable)


def _draw(doc: Document, tpl: dict, values: dict[str, str], rnd: Round, payload: str, official: bool) -> None:
    doc.paragraph(tpl.get("annex", ""), size=10.5)
    doc.ln(4)
    doc.heading(squash(tpl["title"]), size=15.5)
    doc.ln(4)
    if not official:
        doc.note_box(squash(tpl["unofficial_note"]))
        doc.ln(4)

    doc.heading(squash(tpl["fields_heading"]), size=11.5, align="L")
    doc.ln(1)
    rows = [[(label, values.get(key, "")) for key, label in row] for row in tpl["fields"]]
    doc.field_grid(rows, label_w=30, height=10)
    doc.ln(6)

    doc.heading(squash(tpl["pledge_heading"]), size=11.5, align="L")
    doc.ln(1.5)
    blank = "＿＿＿＿＿＿"
    facts = {"round_title": rnd.title, "level": values["level"], "major": values["major"] or blank,
             "chief_school": values["chief_school"] or blank}
    doc.paragraph(squash(tpl["intro"]).format(**facts), size=11, line=7.4, indent=True)
    for i, clause in enumerate(tpl["clauses"], 1):
        doc.paragraph(f"{i}．{squash(clause)}", size=11, line=7.4, indent=True)
    doc.ln(10)

    # Signature block: QR code bottom left, handwritten signature and date on the right.
    y = doc.get_y()
    qr_size = 26
    doc.qr(payload, x=doc.l_margin, y=y, size=qr_size)
    doc.set_font("noto", size=7)
    doc.set_text_color(110, 110, 110)
    doc.set_xy(doc.l_margin, y + qr_size)
    doc.cell(qr_size, 3.5, squash(tpl["qr_caption"]), align="C")
    doc.set_text_color(0, 0, 0)

    x = doc.l_margin + doc.epw * 0.40
    label = squash(tpl["signature_label"])
    doc.set_font("noto", size=11.5)
    doc.set_xy(x, y + 2)
    doc.cell(0, 8, label)
    doc.line(x + doc.get_string_width(label) + 1, y + 10, doc.w - doc.r_margin, y + 10)
    doc.set_xy(x, y + 17)
    doc.cell(0, 8, tpl["date_label"])
    doc.set_y(y + qr_size + 8)
    doc.paragraph(squash(tpl["signature_hint"]), size=9, color=(90, 90, 90))
