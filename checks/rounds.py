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


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


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


class Round(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    data_version: str
    notice: Notice
    period: Period
    window: Window = Window()
    verified: bool  # True: checked against an official notice; False: a draft
    params: dict[str, Param]
    stages: list[Stage]
    in_person: dict[str, str]
    rules: dict[str, dict[str, Any]]
    checklist: dict[str, Any] = {}  # the materials checklist's wording (checks/checklist.py)
    pitfalls: dict[str, Pitfall]
    photo: PhotoSpec

    def param(self, name: str) -> Any:
        return self.params[name].value

    @property
    def id_valid_after(self) -> dt.date:
        return _as_date(self.param("id_valid_after"))

    def covers(self, day: dt.date) -> bool:
        return self.period.contains(day)

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
OWN_KEYS = ("id", "title", "data_version", "notice", "period", "window", "verified")


def _unknown(round_id: object, directory: Path) -> RoundError:
    # Echo at most a short, printable form of what was asked for; the same words whether or not a file exists.
    shown = "".join(ch for ch in str(round_id)[:40] if ch.isprintable())
    return RoundError(f"没有轮次 {shown} 的数据。可用的轮次：{'、'.join(available_rounds(directory)) or '无'}")


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
        raise RoundError(f"轮次数据 {round_id} 的 extends 形成了循环：{' → '.join(seen + (round_id,))}")
    if round_id not in available_rounds(directory):
        raise _unknown(round_id, directory)
    data = read_file(directory / f"{round_id}.yaml")
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
    """Static data shared by every session, so caching it is safe. Only ids listed in `directory` are accepted."""
    if not isinstance(round_id, str) or round_id not in available_rounds(directory):
        raise _unknown(round_id, Path(directory))
    data = _raw(round_id, Path(directory))
    if data.get("id") != round_id:
        raise RoundError(f"轮次数据文件 {round_id}.yaml 里的 id 是 {data.get('id')!r}，应与文件名一致")
    return Round.model_validate(data)


def all_rounds(directory: Path = ROUNDS_DIR) -> list[Round]:
    """Every round in `directory`, oldest period first."""
    return sorted((load_round(r, directory) for r in available_rounds(directory)), key=lambda r: (r.period.until, r.id))


def default_round_id(directory: Path = ROUNDS_DIR) -> str:
    """The newest round we have: the one whose period ends last."""
    if not available_rounds(directory):
        raise RoundError("assets/rounds 里没有任何轮次数据")
    return all_rounds(directory)[-1].id


def round_for_date(day: dt.date, directory: Path = ROUNDS_DIR) -> Round:
    """The round whose period contains the application date; when none does, the newest round (the rule
    `round.date_in_round` then reports that the date is outside it)."""
    rounds = all_rounds(directory)
    if not rounds:
        raise RoundError("assets/rounds 里没有任何轮次数据")
    covering = [r for r in rounds if r.covers(day)]
    return (covering or rounds)[-1]
