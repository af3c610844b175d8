"""Per-round data: numbers, wording and photo standard, one YAML file per round under assets/rounds/.

A round file may say `extends: <other round id>` and override only what changed; mappings merge key by key.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from checks.photo.spec import PhotoSpec

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ROUNDS_DIR = ASSETS / "rounds"


class RoundError(ValueError):
    """A round id that has no data file, or a data file that does not hold together."""


class Param(BaseModel):
    value: Any
    source: str


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
    source: str
    pledge_template: str


class Round(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    data_version: str
    notice: Notice
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


def _raw(round_id: str, directory: Path, seen: tuple[str, ...] = ()) -> dict:
    if round_id in seen:
        raise RoundError(f"轮次数据 {round_id} 的 extends 形成了循环")
    path = directory / f"{round_id}.yaml"
    if not path.is_file():
        raise RoundError(f"没有轮次 {round_id} 的数据。可用的轮次：{'、'.join(available_rounds(directory)) or '无'}")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parent = data.pop("extends", None)
    if parent:
        # A child may live beside its parent or in the shipped rounds folder.
        parent_dir = directory if (directory / f"{parent}.yaml").is_file() else ROUNDS_DIR
        data = _merge(_raw(parent, parent_dir, seen + (round_id,)), data)
    return data


def available_rounds(directory: Path = ROUNDS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.yaml"))


@lru_cache(maxsize=32)
def load_round(round_id: str, directory: Path = ROUNDS_DIR) -> Round:
    """Static data shared by every session, so caching it is safe."""
    data = _raw(round_id, Path(directory))
    if data.get("id") != round_id:
        raise RoundError(f"轮次数据文件 {round_id}.yaml 里的 id 是 {data.get('id')!r}，应与文件名一致")
    return Round.model_validate(data)


def default_round_id(directory: Path = ROUNDS_DIR) -> str:
    """The newest round we ship: round ids sort by year then half (2024-H1 < 2024-H2)."""
    rounds = available_rounds(directory)
    if not rounds:
        raise RoundError("assets/rounds 里没有任何轮次数据")
    return rounds[-1]
