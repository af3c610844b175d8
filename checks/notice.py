"""A notice's text, clause by clause: what `round new --notice` reads (rules.md v3, contract.md v3).

Yunnan notices number their parts (一)(二)(三) and, inside a part, 1. 2. 3.; a clause is named as the rules name
their source ("(三)1"); the text before "(一)" is "开头". Each round's notice text is kept in
assets/notices/<round id>.txt, so a new notice can be compared with the one before it clause by clause, and the
dates the rules need (application window, certificate date, ID-card cut-off) are found with the sentence they
came from.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

NOTICES_DIR = Path(__file__).resolve().parent.parent / "assets" / "notices"
OPENING = "开头"
MAX_NOTICE_CHARS = 200_000

_PART = re.compile(r"^\(([一二三四五六七八九十]+)\)")
_ITEM = re.compile(r"^(\d{1,2})[.、]")
_SENTENCE_END = re.compile(r"(?<=[。；;!?！？])")
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"


class NoticeError(ValueError):
    """A notice text that cannot be read (not text, empty, or too long)."""


def notice_text(round_id: str, directory: Path = NOTICES_DIR) -> str | None:
    """The kept notice text of a round, or None when the project holds none. Only names listed in `directory`."""
    names = {p.stem: p for p in Path(directory).glob("*.txt")}
    return names[round_id].read_text(encoding="utf-8") if round_id in names else None


def decode(data: bytes) -> str:
    """A notice file's bytes as text: UTF-8 (with or without BOM) or GB18030 (a notice saved on Chinese Windows)."""
    if len(data) > MAX_NOTICE_CHARS * 4:
        raise NoticeError("通知文本太长（超过 80 万字节）：请只保留通知正文")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise NoticeError("通知文件不是文字：请把通知正文复制到记事本里另存为 .txt")
    return checked(text)


def checked(text: str) -> str:
    if not text.strip():
        raise NoticeError("通知文本是空的：请粘贴或上传通知正文")
    if len(text) > MAX_NOTICE_CHARS:
        raise NoticeError("通知文本太长（超过 20 万字）：请只保留通知正文")
    if not _clause_names(text):
        raise NoticeError("在通知文本里找不到“(一)”“(二)”这样的条款编号：请确认粘贴的是毕业办证通知的正文")
    return text


def _lines(text: str) -> list[str]:
    # NFKC: full-width （一） and １． read as (一) and 1.; the page's bullets and indents are dropped.
    out = []
    for line in unicodedata.normalize("NFKC", text).splitlines():
        line = line.strip().lstrip("•·").strip()
        if line:
            out.append(line)
    return out


def clauses(text: str) -> dict[str, list[str]]:
    """The notice's sentences by clause, in the notice's order: {"开头": […], "(一)": […], "(一)1": […], …}."""
    out: dict[str, list[str]] = {OPENING: []}
    part = ""
    current = OPENING
    for line in _lines(text):
        m = _PART.match(line)
        if m:
            part = f"({m.group(1)})"
            current = part
        elif part and _ITEM.match(line):
            current = f"{part}{_ITEM.match(line).group(1)}"
        out.setdefault(current, []).extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def _clause_names(text: str) -> list[str]:
    return [name for name in clauses(text) if name != OPENING]


@dataclass
class ClauseChange:
    clause: str
    old: list[str]  # sentences only in the old notice
    new: list[str]  # sentences only in the new notice


@dataclass
class Comparison:
    changed: list[ClauseChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed_clauses(self) -> list[str]:
        return [c.clause for c in self.changed]


def compare(old_text: str, new_text: str) -> Comparison:
    """Clause by clause: the sentences each side has that the other lacks; clauses with none are unchanged."""
    old, new = clauses(old_text), clauses(new_text)
    out = Comparison()
    for name in list(dict.fromkeys([*old, *new])):
        a, b = old.get(name, []), new.get(name, [])
        gone, added = [s for s in a if s not in b], [s for s in b if s not in a]
        if gone or added:
            out.changed.append(ClauseChange(name, gone, added))
        else:
            out.unchanged.append(name)
    return out


# --- the dates a round needs ----------------------------------------------------------------------------------
@dataclass
class Found:
    value: dt.date
    clause: str
    sentence: str

    @property
    def source(self) -> str:
        return f"{'' if self.clause == OPENING else self.clause + ' '}{self.sentence}"


def _dates_in(sentence: str, year_hint: int) -> list[dt.date]:
    out, year = [], year_hint
    for y, m, d in re.findall(_DATE, sentence):
        year = int(y) if y else year  # "2026年10月8日至10月20日": the second date takes the first one's year
        try:
            out.append(dt.date(year, int(m), int(d)))
        except ValueError:
            continue
    return out


def find_dates(text: str, year_hint: int) -> dict[str, Found]:
    """apply_from / apply_until / review_until / certificate_date / id_valid_after, where the text states them."""
    found: dict[str, Found] = {}
    for clause, sentences in clauses(text).items():
        for sentence in sentences:
            dates = _dates_in(sentence, year_hint)
            if not dates:
                continue
            if "身份证" in sentence and "有效期" in sentence:
                found.setdefault("id_valid_after", Found(dates[-1], clause, sentence))
            elif "落款" in sentence or ("证书" in sentence and "日期" in sentence and "毕业证书" in sentence):
                found.setdefault("certificate_date", Found(dates[-1], clause, sentence))
            elif "审核" in sentence and len(dates) >= 2 and "申请" not in sentence:
                found.setdefault("review_until", Found(dates[-1], clause, sentence))
            elif "申请" in sentence and len(dates) >= 2:
                found.setdefault("apply_from", Found(dates[0], clause, sentence))
                found.setdefault("apply_until", Found(dates[1], clause, sentence))
    return found
