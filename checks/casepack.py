"""Case code version 2 body: the redacted case's answers packed as bits, not its JSON (docs/case-code.md).

What the field list says is all this module knows about a case: `FIELDS` names the case's fields in a fixed
order, and each field's kind (yes/no, one of a fixed set, date, whole number, text, section, list) is read from
the case model (`checks.models`), so a new field costs one line at the END of `FIELDS`. The list is append-only:
the encoder writes how many entries it knew, and a decoder reads only those, so codes made before a field was
added still decode. A field the list does not name yet travels as JSON in a fallback part, so nothing is lost.

Layout of the bytes (then base32 and a checksum in `checks.casecode`):
- bits: schema_version, number of `FIELDS` entries known, "texts deflated" flag, "fallback present" flag; then
  each field in `FIELDS` order: 1 bit "present and not the default", then its value (see `_Writer.field`);
  padded to a whole byte;
- texts: every text value in the order met (length + GB18030 bytes: 2 bytes a Chinese character, and every
  Unicode character round-trips), then the fallback JSON; raw-deflated with `ZDICT_V2` when that is shorter.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
import zlib

from pydantic import BaseModel
# Append-only. Never reorder, rename or delete a line: codes already sent would decode wrongly. A field whose
# type changes gets a new name (and a new line). `schema_version` travels in the header.
FIELDS: tuple[str, ...] = (
    "round", "data_version", "application_date",
    "candidate", "candidate.name", "candidate.id_number", "candidate.id_valid_until", "candidate.admission_number",
    "candidate.phone", "candidate.candidate_type", "candidate.level", "candidate.major_code",
    "candidate.major_name", "candidate.chief_school",
    "grades", "grades.all_courses_passed", "grades.missing_on_platform", "grades.missing_on_platform.source",
    "grades.missing_on_platform.year", "grades.missing_on_platform.course_name",
    "prior_education", "prior_education.has_diploma", "prior_education.graduation_date",
    "prior_education.chsi_authorization", "prior_education.identity_changed",
    "exemptions", "exemptions.course_code", "exemptions.course_name", "exemptions.method", "exemptions.year",
    "exemptions.has_form",
    "practice", "practice.required", "practice.notice",
    "materials", "materials.pledge_signed", "materials.photo_passed",
    # schema_version 2 (issue 19, rules.md v3)
    "candidate.platform_identity", "grades.admission_numbers", "grades.transfer_in", "grades.sanction",
    "grades.plan_substitution", "grades.exemptions_confirmed", "prior_education.issued_in", "prior_education.in_chsi",
)

# Preset dictionary for the texts (GB18030): the words cases repeat. Frozen for version 2, like ZDICT_V1.
ZDICT_V2 = "".join((
    "云南农业大学昆明医科大学西南林业大学云南艺术学院大理大学红河学院曲靖师范学院玉溪师范学院昆明学院",
    "云南财经大学云南民族大学昆明理工大学云南师范大学云南大学",
    "行政管理学前教育法学工商管理人力资源管理护理学小学教育环境设计数学教育英语汉语言",
    "C080901计算机科学与技术C120202市场营销B120203K会计学B050101汉语言文学",
    "思想道德修养与法律基础毛泽东思想和中国特色社会主义理论体系概论大学语文",
    "管理学原理现代汉语古代汉语中国古代文学作品选(一)线性代数（经管类）概率论与数理统计",
    "中国近现代史纲要马克思主义基本原理概论计算机应用基础高等数学(一)英语(二)",
    "2024-H22025-H12025-H22026-H12026-H2 (2026-2024-H1.1 (2026-11-28)2024-H1",
)).encode("gb18030")

MAX_ITEMS = 200  # a list longer than this is not a real case
MAX_INFLATED = 64 * 1024
_EPOCH = dt.date(2000, 1, 1)
_DIGITS = re.compile(r"(\d{1,15})(\*{0,15})")  # numbers and masked numbers ("0101********", "00015") pack as bits


# --- what the model says about each field -----------------------------------------------------------------------
def _strip_optional(tp):
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _strip_optional(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        flat = []
        for a in args:
            a = _strip_optional(a)
            inner = typing.get_args(a) if typing.get_origin(a) in (typing.Union, types.UnionType) else (a,)
            flat += inner
        return flat[0] if len(flat) == 1 else typing.Union[tuple(flat)]
    return tp


def _kind(tp) -> tuple:
    """("bool",) ("int",) ("date",) ("text",) ("enum", values) ("date|enum", values) ("model", cls)
    ("list", cls); ("json",) for anything else (it travels in the fallback part)."""
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return ("enum", typing.get_args(tp))
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        literals = [a for a in args if typing.get_origin(a) is typing.Literal]
        if dt.date in args and len(literals) == 1 and len(args) == 2:
            return ("date|enum", typing.get_args(literals[0]))
        return ("json",)
    if origin is list:
        (item,) = typing.get_args(tp)
        return ("list", item) if isinstance(item, type) and issubclass(item, BaseModel) else ("json",)
    if isinstance(tp, type):
        if issubclass(tp, BaseModel):
            return ("model", tp)
        for t, name in ((bool, "bool"), (int, "int"), (dt.date, "date"), (str, "text")):
            if issubclass(tp, t):
                return (name,)
    return ("json",)


_NO_DEFAULT = object()


def _default(info):
    """The field's default as it appears in a JSON dump; fields without a fixed default never equal it."""
    if info.is_required() or info.default_factory is not None:
        return _NO_DEFAULT
    value = info.default
    return value.model_dump(mode="json", exclude_none=True) if isinstance(value, BaseModel) else value


def _children(model: type[BaseModel], prefix: str, known: tuple[str, ...]):
    """The known entries directly under `prefix`, in list order, with their model field info."""
    for path in known:
        parent, _, name = path.rpartition(".")
        if parent == prefix and name in model.model_fields:
            yield path, name, model.model_fields[name]


INT_BASE = 2000  # whole numbers in a case are years: 1993 and 2019 are small numbers around it


# --- bits ---------------------------------------------------------------------------------------------------------
class _Bits:
    def __init__(self, data: bytes = b""):
        self.value, self.n, self.data, self.pos = 0, 0, data, 0

    def write(self, value: int, width: int) -> None:
        self.value, self.n = (self.value << width) | value, self.n + width

    def read(self, width: int) -> int:
        if self.pos + width > len(self.data) * 8:
            raise ValueError("code ends early")
        out = 0
        for _ in range(width):
            out = (out << 1) | (self.data[self.pos // 8] >> (7 - self.pos % 8)) & 1
            self.pos += 1
        return out

    def write_uint(self, value: int, group: int) -> None:
        """Little groups of `group` bits, each followed by "more follows": small numbers cost few bits."""
        while True:
            chunk, value = value & ((1 << group) - 1), value >> group
            self.write(chunk, group)
            self.write(1 if value else 0, 1)
            if not value:
                return

    def read_uint(self, group: int) -> int:
        out = 0
        for i in range(64 // group + 1):
            out |= self.read(group) << (group * i)
            if not self.read(1):
                return out
        raise ValueError("number too long")

    def write_sint(self, value: int, group: int) -> None:
        self.write_uint(value * 2 if value >= 0 else -value * 2 - 1, group)

    def read_sint(self, group: int) -> int:
        u = self.read_uint(group)
        return u // 2 if u % 2 == 0 else -(u + 1) // 2

    def to_bytes(self) -> bytes:
        pad = -self.n % 8
        return (self.value << pad).to_bytes((self.n + pad) // 8, "big")

    def byte_pos(self) -> int:
        return (self.pos + 7) // 8


# --- encode -------------------------------------------------------------------------------------------------------
class _Writer:
    def __init__(self):
        self.bits, self.texts = _Bits(), []

    def model(self, model, data: dict, prefix: str, rest: dict) -> None:
        """Write the known fields of `data` (a JSON dump of `model`); what is left over goes into `rest`."""
        done = set()
        for path, name, info in _children(model, prefix, FIELDS):
            done.add(name)
            kind, value = _kind(info.annotation), data.get(name, _NO_DEFAULT)
            # Every field starts with "present" (1 bit), required or not, so that a field becoming optional
            # later does not shift the codes already sent.
            if kind[0] == "json":  # no compact form: the fallback carries it
                self.bits.write(0, 1)
                if value is not _NO_DEFAULT:
                    rest[name] = value
                continue
            present = value is not _NO_DEFAULT and value != _default(info)
            self.bits.write(int(present), 1)
            if not present:
                continue
            sub = self.field(path, kind, value)
            if sub:
                rest[name] = sub
        rest.update({k: v for k, v in data.items() if k not in done})

    def field(self, path: str, kind: tuple, value):
        """Write one value; returns the part of it the list does not cover (for the fallback)."""
        name = kind[0]
        if name == "bool":
            self.bits.write(int(value), 1)
        elif name == "int":
            self.bits.write_sint(value - INT_BASE, 4)
        elif name == "date":
            self.bits.write_sint((dt.date.fromisoformat(value) - _EPOCH).days, 8)
        elif name == "enum":
            self.bits.write_uint(kind[1].index(value), 2)
        elif name == "date|enum":
            is_enum = value in kind[1]
            self.bits.write(int(is_enum), 1)
            self.field(path, ("enum", kind[1]) if is_enum else ("date",), value)
        elif name == "text":
            m = _DIGITS.fullmatch(value)
            self.bits.write(int(m is not None), 1)
            if m:
                digits, stars = m.groups()
                self.bits.write(len(digits) - 1, 4)
                self.bits.write(len(stars), 4)
                self.bits.write(int(digits), (10 ** len(digits) - 1).bit_length())
            else:
                self.texts.append(value)
        elif name == "model":
            rest: dict = {}
            self.model(kind[1], value, path, rest)
            return rest
        elif name == "list":
            self.bits.write_uint(len(value), 2)
            rests = []
            for item in value:
                rest = {}
                self.model(kind[1], item, path, rest)
                rests.append(rest)
            return rests if any(rests) else None
        return None


def _texts_bytes(texts: list[str]) -> bytes:
    out = bytearray()
    for t in texts:
        raw = t.encode("gb18030")
        b = _Bits()
        b.write_uint(len(raw), 7)
        out += b.to_bytes() + raw
    return bytes(out)


def _deflate(data: bytes) -> bytes:
    comp = zlib.compressobj(level=9, wbits=-15, zdict=ZDICT_V2)
    return comp.compress(data) + comp.flush()


def pack(data: dict, model: type[BaseModel]) -> bytes:
    """A case's JSON dump (redacted, exclude_none) → bytes. `schema_version` goes in the header."""
    data = dict(data)
    schema = data.pop("schema_version", 1)
    w = _Writer()
    rest: dict = {}
    w.model(model, data, "", rest)
    texts = list(w.texts)
    if rest:
        texts.append(json.dumps(rest, ensure_ascii=False, separators=(",", ":")))
    section = _texts_bytes(texts)
    packed = _deflate(section) if section else b""
    deflated = bool(section) and len(packed) < len(section)
    head = _Bits()
    head.write_uint(schema, 3)
    head.write_uint(len(FIELDS), 6)
    head.write(int(deflated), 1)
    head.write(int(bool(rest)), 1)
    head.value, head.n = (head.value << w.bits.n) | w.bits.value, head.n + w.bits.n
    return head.to_bytes() + (packed if deflated else section)


# --- decode -------------------------------------------------------------------------------------------------------
class TooNew(ValueError):
    """The code names more fields than this version of the tool knows."""


_TEXT = object()


class _Reader:
    def __init__(self, data: bytes, known: tuple[str, ...]):
        self.bits, self.known, self.slots = _Bits(data), known, []

    def model(self, model, prefix: str) -> dict:
        out: dict = {}
        for path, name, info in _children(model, prefix, self.known):
            kind = _kind(info.annotation)
            if not self.bits.read(1) or kind[0] == "json":
                continue
            out[name] = self.field(path, kind)
            if out[name] is _TEXT:
                self.slots.append((out, name))
        return out

    def field(self, path: str, kind: tuple):
        name = kind[0]
        if name == "bool":
            return bool(self.bits.read(1))
        if name == "int":
            return self.bits.read_sint(4) + INT_BASE
        if name == "date":
            return (_EPOCH + dt.timedelta(days=self.bits.read_sint(8))).isoformat()
        if name == "enum":
            return kind[1][self.bits.read_uint(2)]
        if name == "date|enum":
            return self.field(path, ("enum", kind[1]) if self.bits.read(1) else ("date",))
        if name == "text":
            if not self.bits.read(1):
                return _TEXT
            digits, stars = self.bits.read(4) + 1, self.bits.read(4)
            return f"{self.bits.read((10 ** digits - 1).bit_length()):0{digits}d}" + "*" * stars
        if name == "model":
            return self.model(kind[1], path)
        if name == "list":
            count = self.bits.read_uint(2)
            if count > MAX_ITEMS:
                raise ValueError("too many items")
            return [self.model(kind[1], path) for _ in range(count)]
        raise ValueError(f"no compact kind for {path}")


def _inflate(raw: bytes) -> bytes:
    dec = zlib.decompressobj(wbits=-15, zdict=ZDICT_V2)
    data = dec.decompress(raw, MAX_INFLATED)
    if dec.unconsumed_tail or len(data) >= MAX_INFLATED or not dec.eof:
        raise ValueError("texts too big or cut short")
    return data


def _merge(base, extra):
    if isinstance(base, dict) and isinstance(extra, dict):
        for k, v in extra.items():
            base[k] = _merge(base[k], v) if k in base else v
        return base
    if isinstance(base, list) and isinstance(extra, list) and len(base) == len(extra):
        return [_merge(b, e) for b, e in zip(base, extra)]
    return extra


def unpack(data: bytes, model: type[BaseModel], loads=json.loads) -> dict:
    """bytes → the case's JSON dict (to be validated by the caller). ValueError if the bytes do not fit;
    TooNew if they name fields this version does not know. `loads` parses the fallback JSON."""
    head = _Bits(data)
    schema = head.read_uint(3)
    count = head.read_uint(6)
    if count > len(FIELDS):
        raise TooNew(count)
    deflated, has_rest = head.read(1), head.read(1)
    reader = _Reader(data, FIELDS[:count])
    reader.bits.pos = head.pos
    out = reader.model(model, "")
    section = data[reader.bits.byte_pos():]
    if deflated:
        section = _inflate(section)
    texts, pos = [], _Bits(section)
    while pos.byte_pos() < len(section):
        length = pos.read_uint(7)
        start = pos.byte_pos()
        if start + length > len(section):
            raise ValueError("text cut short")
        texts.append(section[start:start + length].decode("gb18030"))
        pos.pos = (start + length) * 8
    if len(texts) != len(reader.slots) + has_rest:
        raise ValueError("texts do not match the fields")
    for (target, name), text in zip(reader.slots, texts):
        target[name] = text
    if has_rest:
        out = _merge(out, loads(texts[-1]))
    return {"schema_version": schema, **out}
