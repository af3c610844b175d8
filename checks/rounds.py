"""Per-round data: numbers, wording and photo standard, one YAML file per round under assets/rounds/.

A round file may say `extends: <other round id>` and override only what changed; mappings merge key by key.
What identifies a round (its id, title, period, window, notice, `verified`) is never inherited: a new notice
must state them itself, so a copied file cannot silently claim the old round's dates or its verified status.

Round ids are only ever looked up in the list of files of one directory (never joined into a path first), so a
case file's `round` string cannot reach another folder, and the error does not say whether such a file exists.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from checks.photo.spec import PhotoSpec
from checks.wording import cn_date

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ROUNDS_DIR = ASSETS / "rounds"


class RoundError(ValueError):
    """A round id that has no data file, or a data file that does not hold together."""


class Param(BaseModel):
    value: Any
    source: str
    label: str = ""  # what the number means, in words (the help desk's trace); the key is for code


class Stage(BaseModel):
    id: str
    name: str
    bachelor_only: bool = False


class Pitfall(BaseModel):
    title: str
    message: str
    source: str
    when: str | None = None


class Notice(BaseModel):
    title: str
    source: str  # where the text we used came from (a repost, the official site …)
    pledge_template: str


class Period(BaseModel):
    """The application dates this round's data is for: after `after` (exclusive) up to `until` (inclusive)."""

    after: dt.date
    until: dt.date
    source: str  # how the period was derived (the notice's own dates, or the certificate dates)

    def contains(self, day: dt.date) -> bool:
        return self.after < day <= self.until

    @property
    def text(self) -> str:
        return f"{cn_date(self.after)}之后至{cn_date(self.until)}"

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if not self.after < self.until:
            raise ValueError(f"适用期间的开始（{self.after}）应早于结束（{self.until}）")
        return self


class Window(BaseModel):
    """The application window and review dates, only when the notice states them (None: the notice is silent)."""

    apply_from: dt.date | None = None
    apply_until: dt.date | None = None
    review_until: dt.date | None = None
    source: str = ""

    @property
    def known(self) -> bool:
        return any((self.apply_from, self.apply_until, self.review_until))


class Projection(BaseModel):
    """What a projected round was derived from (the shipped round's id, title and half-year)."""

    base_id: str
    base_title: str
    base_half: str  # e.g. "2024年上半年"
    half: str  # the projected half-year, e.g. "2026年下半年"


class Round(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    data_version: str
    notice: Notice
    period: Period
    window: Window = Window()
    verified: bool  # True: checked against an official notice; False: a draft
    # A projected round (rules.md v3): derived in memory from the newest shipped round for a later half-year whose
    # notice the tool does not hold yet; never read from or written to a file. None for a round file.
    projection: Projection | None = None
    params: dict[str, Param]
    stages: list[Stage]
    in_person: dict[str, str]
    rules: dict[str, dict[str, Any]]
    verdict: dict[str, Any] = {}  # how a verdict is said: headline, sections, labels (checks/views.py)
    checklist: dict[str, Any] = {}  # the materials checklist's wording (checks/checklist.py, checks/views.py)
    pitfalls: dict[str, Pitfall]
    photo: PhotoSpec

    def param(self, name: str) -> Any:
        return self.params[name].value

    @property
    def id_valid_after(self) -> dt.date:
        return _as_date(self.param("id_valid_after"))

    def covers(self, day: dt.date) -> bool:
        return self.period.contains(day)

    @property
    def projected(self) -> bool:
        return self.projection is not None

def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# Keys that describe one notice: stated by every round file, never taken over from the round it extends.
OWN_KEYS = ("id", "title", "data_version", "notice", "period", "window", "verified", "projection")


def _unknown(round_id: object, directory: Path) -> RoundError:
    # Echo at most a short, printable form of what was asked for; the same words whether or not a file exists.
    shown = "".join(ch for ch in str(round_id)[:40] if ch.isprintable())
    return RoundError(f"没有批次 {shown} 的数据。可用的批次：{'、'.join(available_rounds(directory)) or '无'}")


def read_file(path: Path) -> dict:
    """One round file as written (no `extends` applied); RoundError if it is not a YAML mapping."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RoundError(f"读不了批次数据文件 {Path(path).name}：{getattr(exc, 'strerror', None) or '不是UTF-8文本'}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行附近" if mark else ""
        raise RoundError(f"批次数据文件 {Path(path).name} {where}不是有效的YAML，请检查缩进和冒号") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RoundError(f"批次数据文件 {Path(path).name} 的最外层应为“键: 值”的映射")
    return data


def _raw(round_id: str, directory: Path, seen: tuple[str, ...] = ()) -> dict:
    if round_id in seen:
        raise RoundError(f"批次数据 {round_id} 的 extends 形成了循环：{' → '.join(seen + (round_id,))}")
    if round_id not in available_rounds(directory):
        raise _unknown(round_id, directory)
    return with_parent(read_file(directory / f"{round_id}.yaml"), round_id, directory, seen)


def with_parent(data: dict, round_id: str, directory: Path = ROUNDS_DIR, seen: tuple[str, ...] = ()) -> dict:
    """A round file's data (as written) with its `extends` applied."""
    data = dict(data)
    parent = data.pop("extends", None)
    if parent:
        # A child may live beside its parent or in the shipped rounds folder.
        parent = str(parent)
        parent_dir = directory if parent in available_rounds(directory) else ROUNDS_DIR
        try:
            inherited = _raw(parent, parent_dir, seen + (round_id,))
        except RoundError as exc:
            raise RoundError(f"{round_id} 的 extends: {parent} 找不到或有误：{exc}") from None
        data = _merge({k: v for k, v in inherited.items() if k not in OWN_KEYS}, data)
    return data


def available_rounds(directory: Path = ROUNDS_DIR) -> list[str]:
    return sorted(p.stem for p in Path(directory).glob("*.yaml"))


def merged(round_id: str, directory: Path = ROUNDS_DIR) -> dict:
    """A round's data with `extends` applied, before validation (for `round check` and `round diff`)."""
    return _raw(round_id, Path(directory))


@lru_cache(maxsize=32)
def load_round(round_id: str, directory: Path = ROUNDS_DIR) -> Round:
    """Static data shared by every session, so caching it is safe. Only ids listed in `directory` are accepted,
    and the id of a half-year after every round listed there (`2026-H2`): its projected round."""
    if not isinstance(round_id, str):
        raise _unknown(round_id, Path(directory))
    if round_id not in available_rounds(directory):
        projected = _projection_for_id(round_id, Path(directory))
        if projected is None:
            raise _unknown(round_id, Path(directory))
        return projected
    data = _raw(round_id, Path(directory))
    if data.get("id") != round_id:
        raise RoundError(f"批次数据文件 {round_id}.yaml 里的 id 是 {data.get('id')!r}，应与文件名一致")
    return Round.model_validate(data)


def shipped_rounds(directory: Path = ROUNDS_DIR) -> list[Round]:
    """Every round file in `directory`, oldest period first."""
    return sorted((load_round(r, directory) for r in available_rounds(directory)), key=lambda r: (r.period.until, r.id))


def default_round_id(directory: Path = ROUNDS_DIR) -> str:
    """The round of today's date: a shipped one, or the projection of this half-year (rules.md v3)."""
    return round_for_date(dt.date.today(), directory).id


# --- half-years and projected rounds (rules.md v3) -------------------------------------------------------------
# Yunnan dates certificates 06-30 (first half) and 12-30 (second half); a round covers the applications after the
# previous certificate date up to its own.
def half_year(day: dt.date) -> tuple[int, int]:
    """(year, 1 or 2): the half-year whose round covers applications on `day` (12-31 belongs to next year's H1)."""
    if day <= dt.date(day.year, 6, 30):
        return day.year, 1
    if day <= dt.date(day.year, 12, 30):
        return day.year, 2
    return day.year + 1, 1


def certificate_date(year: int, half: int) -> dt.date:
    return dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 30)


def half_id(year: int, half: int) -> str:
    return f"{year}-H{half}"


def half_name(year: int, half: int) -> str:
    return f"{year}年{'上' if half == 1 else '下'}半年"


def _previous_certificate(year: int, half: int) -> dt.date:
    return certificate_date(year - 1, 2) if half == 1 else certificate_date(year, 1)


def _shift(day: dt.date, halves: int) -> dt.date:
    """A date moved by whole half-years (06-30 ↔ 12-30 keep their meaning: the certificate dates)."""
    months = day.year * 12 + day.month - 1 + 6 * halves
    year, month = divmod(months, 12)
    if (day.month, day.day) in ((6, 30), (12, 30)):
        return dt.date(year, month + 1, 30)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def _halves_between(a: dt.date, b: dt.date) -> int:
    (ya, ha), (yb, hb) = half_year(a), half_year(b)
    return (yb * 2 + hb) - (ya * 2 + ha)


PROJECTED_ID = r"(\d{4})-H([12])"


def _projection_for_id(round_id: str, directory: Path) -> Round | None:
    import re

    m = re.fullmatch(PROJECTED_ID, round_id)
    if not m or not available_rounds(directory):
        return None
    year, half = int(m.group(1)), int(m.group(2))
    newest = shipped_rounds(directory)[-1]
    if not (newest.period.until < certificate_date(year, half) and year <= newest.period.until.year + 100):
        return None  # a past or far-off half-year: no projection (a past one is a round the tool lacks)
    return projected_round(newest, year, half)


def projected_round(base: Round, year: int, half: int) -> Round:
    """The round of half-year (year, half) derived from `base`: same rules and wording; the certificate date, every
    date parameter and the period moved to that half-year; no window (the notice is not out); not verified. The
    wording of the projection's own title and sources lives in base's `round.date_in_round` rule."""
    from checks.wording import fill

    words = base.rules["round.date_in_round"]
    halves = _halves_between(base.period.until, certificate_date(year, half))
    projection = Projection(base_id=base.id, base_title=base.title, half=half_name(year, half),
                            base_half=half_name(*half_year(base.period.until)))
    facts = projection.model_dump()
    params = {}
    for name, p in base.params.items():
        value = _as_date(p.value) if isinstance(p.value, dt.date) else p.value
        if isinstance(value, dt.date):
            moved = _shift(value, halves)
            params[name] = p.model_copy(update={"value": moved, "source": fill(
                words["projected_param_source"], dict(facts, value=cn_date(moved), source=p.source))})
        else:
            params[name] = p
    until = certificate_date(year, half)
    return base.model_copy(update=dict(
        id=half_id(year, half),
        title=fill(words["projected_title"], facts),
        data_version=fill(words["projected_data_version"], dict(facts, base_version=base.data_version)),
        notice=base.notice.model_copy(update={"source": fill(words["projected_notice_source"],
                                                             dict(facts, source=base.notice.source))}),
        period=Period(after=_previous_certificate(year, half), until=until,
                      source=fill(words["projected_period_source"], facts)),
        window=Window(source=fill(words["projected_window_source"], facts)),
        verified=False, projection=projection, params=params,
    ))


def round_for_date(day: dt.date, directory: Path = ROUNDS_DIR) -> Round:
    """The one place the round of a date is chosen (every page, the batch, the CLI): the shipped round whose period
    contains it; for a date after every shipped period, the projected round of its half-year; for a date before
    the oldest (or between two shipped rounds), the shipped round nearest before it, else the oldest — the rule
    `round.date_in_round` then reports the date as outside it."""
    rounds = shipped_rounds(directory)
    if not rounds:
        raise RoundError("assets/rounds 里没有任何批次数据")
    covering = [r for r in rounds if r.covers(day)]
    if covering:
        return covering[-1]
    if day > rounds[-1].period.until:
        return load_round(half_id(*half_year(day)), directory)
    earlier = [r for r in rounds if r.period.until < day]
    return (earlier or rounds[:1])[-1]


def after_every_round(day: dt.date, directory: Path = ROUNDS_DIR) -> bool:
    rounds = shipped_rounds(directory)
    return bool(rounds) and day > rounds[-1].period.until


def resolve_round_id(round_id: str, day: dt.date, directory: Path = ROUNDS_DIR) -> str:
    """The round a case naming `round_id` is evaluated with: the named round, except that a shipped round named for
    a date after every shipped period gives way to that date's projection (rules.md v3: such a date uses the
    projected round; a case file written by hand with "2024-H1" and today's date gets the useful verdict)."""
    if round_id in available_rounds(directory) and after_every_round(day, directory):
        return round_for_date(day, directory).id
    return round_id
