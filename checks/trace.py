"""The data behind a verdict, for the help desk (the OpenFisca idea of a trace): which round, its period and data
version, and which parameters the rules read, with their values and the clause each comes from.

Parameters are recorded by evaluating the case against a copy of the round whose `params` mapping notes each read;
the cached round shared by all sessions is never touched.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checks.models import Case
from checks.rounds import Param, Round
from checks.wording import cn_date
from checks.rules import Verdict, evaluate


@dataclass
class ParamUse:
    name: str  # the round file's key: for the technical section only
    value: str  # as the round file has it
    source: str
    label: str = ""  # what it means, in words
    shown: str = ""  # the value in words (dates as 2024年6月30日)


@dataclass
class Trace:
    round_id: str
    round_title: str
    data_version: str
    verified: bool
    notice: str
    period: str
    period_source: str
    window: str
    application_date: dt.date
    date_in_round: bool
    projected: bool
    params: list[ParamUse]
    verdict: Verdict

    def lines(self) -> list[str]:
        """The trace as plain Chinese lines (help desk page, chat)."""
        out = [
            f"批次：{self.round_title}（{self.round_id}），规则数据版本 {self.data_version}，"
            + ("已与官方通知核对" if self.verified else "草稿：未与官方通知核对"),
            f"通知：{self.notice}",
            f"适用期间：{self.period}（{self.period_source}）",
            f"申请和审核日期：{self.window}",
            f"申请日期：{cn_date(self.application_date)}，"
            + ("不在任何已收录的通知里：这个批次是预估的（按已有的最新通知推算），新通知发布后要对照" if self.projected
               else "在适用期间内" if self.date_in_round
               else "不在适用期间内：结论只按这一批的规则算出，不能当作申请日期所在批次的结论"),
            "这次结论用到的参数：" if self.params else "这次结论没有用到可变的参数（日期、年份界限）。",
        ]
        out += [f"- {p.label or '参数'}：{p.shown or p.value}（出处：{p.source}）" for p in self.params]
        return out

    def technical_lines(self) -> list[str]:
        """The identifiers behind the plain lines: round-file parameter keys and rule ids (for maintainers)."""
        out = [f"批次 {self.round_id}，规则数据版本 {self.data_version}", "参数："]
        out += [f"- {p.name} = {p.value}" for p in self.params] or ["- （无）"]
        out.append("规则（按显示顺序）：")
        status = {"blocker": "会被退回", "todo": "待办", "ok": "已满足", "info": "提示"}
        out += [f"- {f.rule}：{status.get(f.status, f.status)}（{f.title}）" for f in self.verdict.findings]
        return out


class _Reads(dict):
    def __init__(self, params: dict[str, Param], used: list[str]):
        super().__init__(params)
        self.used = used

    def __getitem__(self, name):
        if name not in self.used:
            self.used.append(name)
        return super().__getitem__(name)


def _window_text(rnd: Round) -> str:
    w = rnd.window
    if not w.known:
        return f"通知没有给出（{w.source}）" if w.source else "通知没有给出"
    parts = [f"{label}{cn_date(d)}" for label, d in (("网上申请开始", w.apply_from), ("网上申请截止", w.apply_until),
                                                   ("审核截止", w.review_until)) if d]
    return "，".join(parts) + (f"（{w.source}）" if w.source else "")


def _use(name: str, param: Param) -> ParamUse:
    value = param.value
    shown = cn_date(value) if isinstance(value, dt.date) else str(value)
    return ParamUse(name, str(value), param.source, param.label, shown)


def trace(case: Case, rnd: Round) -> Trace:
    used: list[str] = []
    verdict = evaluate(case, rnd.model_copy(update={"params": _Reads(rnd.params, used)}))
    return Trace(
        round_id=rnd.id, round_title=rnd.title, data_version=rnd.data_version, verified=rnd.verified,
        notice=f"{rnd.notice.title}（{rnd.notice.source}）", period=rnd.period.text, period_source=rnd.period.source,
        window=_window_text(rnd), application_date=case.application_date, date_in_round=rnd.covers(case.application_date),
        projected=rnd.projected,
        params=[_use(n, rnd.params[n]) for n in used], verdict=verdict,
    )
