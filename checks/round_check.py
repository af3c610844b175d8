"""`round check`: does a round file hold together the way the app will use it?

The file is loaded with its `extends`, then the rule engine is run over a fixed set of sample cases that reach every
outcome (with the round as given, with a window before / inside / after the date, and as the base of a projection),
through a probe that names any rule wording or parameter the code asks for and the file lacks; what the engine
wrote is searched for unfilled {placeholders}. Every problem is one Chinese sentence naming the rule or parameter.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from checks.round_diff import LEAVES

TO_CONFIRM = "待核对"  # marks a fact `new` copied or derived, that staff must confirm from the new notice
STATUSES = ("blocker", "todo", "ok", "info")


class _Missing(Exception):
    def __init__(self, rule: str, key: str | None):
        self.rule, self.key = rule, key


class _Outcomes(dict):
    """One rule's wording; records which keys the engine reads and names the rule when one is missing."""

    def __init__(self, rule: str, spec: dict, read: set):
        super().__init__(spec)
        self.rule, self.read = rule, read

    def __getitem__(self, key):
        self.read.add((self.rule, key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add((self.rule, key))
        return super().get(key, default)

    def __missing__(self, key):
        raise _Missing(self.rule, key)


class _Rules(dict):
    def __missing__(self, rule):
        raise _Missing(rule, None)


def _probe(rnd, read: set):
    rules = _Rules({rid: _Outcomes(rid, spec, read) for rid, spec in rnd.rules.items()})
    return rnd.model_copy(update={"rules": rules})


def sample_cases(rnd) -> list:
    """Cases that between them reach every outcome of every rule (tests/test_round_cli.py checks that they do)."""
    from checks.models import case_from_dict

    day = rnd.period.until
    before, after = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    p = {k: rnd.params[k].value for k in ("pre1995_certificate_year", "pre2016_transfer_year",
                                            "online_exemption_since") if k in rnd.params}
    y95, y16, online = p.get("pre1995_certificate_year", 1995), p.get("pre2016_transfer_year", 2016), \
        p.get("online_exemption_since", 2021)
    since = rnd.params["chsi_registry_since"].value if "chsi_registry_since" in rnd.params else 2001

    def make(level="associate", ctype="social", valid="长期", date=day, **extra):
        cand = {"id_valid_until": valid if isinstance(valid, str) else valid.isoformat(), "candidate_type": ctype,
                "level": level}
        cand.update(extra.pop("candidate", {}))
        return {"round": rnd.id, "application_date": date.isoformat(), "candidate": cand,
                "grades": {"all_courses_passed": True}, **extra}

    missing = [{"source": "certificate_13char"}, {"source": "certificate", "year": y95},
               {"source": "certificate", "year": y95 - 1}, {"source": "certificate", "year": y95 + 1},
               {"source": "transfer_letter", "year": y16}, {"source": "transfer_letter", "year": y16 + 1},
               {"source": "practice_notice"}]
    exemptions = [{"method": "offline", "year": online}, {"method": "online", "year": online - 1},
                  {"method": "online", "year": online, "course_name": "示例"}]
    raw = [
        make(materials={"pledge_signed": True, "photo_passed": True}),
        make(date=after, valid=before, grades={"all_courses_passed": False, "missing_on_platform": missing},
             exemptions=exemptions, practice={"required": True, "notice": "none"}),
        make(valid=day, ctype="credit_transfer", candidate={"id_number": "110105491231002"},
             practice={"required": True, "notice": "other_seal"}, exemptions=[{"method": "offline", "has_form": True}]),
        make(valid=after, practice={"required": True, "notice": "college_seal"}),
        make(level="bachelor"),
        make(level="bachelor", prior_education={"has_diploma": True, "graduation_date": day.isoformat()}),
        make(level="bachelor", prior_education={"has_diploma": True, "graduation_date": before.isoformat(),
                                                "chsi_authorization": "passed"}),
        make(level="bachelor", ctype="credit_transfer",
             prior_education={"has_diploma": True, "identity_changed": True, "chsi_authorization": "failed"}),
        make(level="bachelor", prior_education={"has_diploma": True, "chsi_authorization": "failed"}),
        # v3: every answer of the exam-record questions, and each route of a prior diploma
        make(candidate={"platform_identity": "mismatch"}, exemptions=[{"method": "online"}],
             grades={"all_courses_passed": True, "admission_numbers": "several", "transfer_in": True,
                     "sanction": "yes", "plan_substitution": "yes", "exemptions_confirmed": "no"}),
        make(candidate={"platform_identity": "match"}, exemptions=[{"method": "online"}],
             grades={"all_courses_passed": True, "admission_numbers": "one", "transfer_in": False,
                     "sanction": "no", "plan_substitution": "no", "exemptions_confirmed": "yes"}),
        make(level="bachelor", prior_education={"has_diploma": True, "issued_in": "abroad"}),
        make(level="bachelor", prior_education={"has_diploma": True, "issued_in": "mainland", "in_chsi": "found",
                                                "graduation_date": f"{since - 1}-07-01"}),
        make(level="bachelor", prior_education={"has_diploma": True, "issued_in": "mainland",
                                                "graduation_date": f"{since}-07-01"}),
        make(level="bachelor", prior_education={"has_diploma": True, "issued_in": "mainland", "in_chsi": "not_found"}),
        make(level="bachelor", prior_education={"has_diploma": True, "issued_in": "mainland", "in_chsi": "found"}),
    ]
    return [case_from_dict(c) for c in raw]


def problems(path: Path) -> tuple[list[str], object | None, set]:
    """Chinese problems of one round file (empty: valid), the loaded round, and the wording keys the engine read."""
    from checks.rounds import RoundError, merged, read_file

    try:
        own = read_file(path)
        data = merged(path.stem, path.parent)
    except RoundError as exc:
        return [str(exc)], None, set()
    return problems_of(path.stem, own, data)


def problems_of(round_id: str, own: dict, data: dict) -> tuple[list[str], object | None, set]:
    """As `problems`, for a round file's data as written (`own`) and with its `extends` applied (`data`)."""
    from pydantic import ValidationError

    from checks.errors import from_validation_error
    from checks.rounds import Round

    out: list[str] = []
    if own.get("id") != round_id:
        out.append(f"id：文件里写的是 {own.get('id')!r}，应与文件名 {round_id} 一致")
    try:
        rnd = Round.model_validate(data)
    except ValidationError as exc:  # the project's one table of Chinese messages (checks/errors.py)
        return out + [f"{e.dotted or '文件'}：{e.message}" for e in from_validation_error(exc)], None, set()
    read: set = set()
    out += _unconfirmed(rnd) + _dates(rnd) + _against_shipped(rnd) + _wording(rnd) + _engine(rnd, read)
    return list(dict.fromkeys(out)), rnd, read


def _unconfirmed(rnd) -> list[str]:
    """Facts `round new` copied that still say 待核对, or that are empty."""
    facts = [("标题 title", rnd.title), ("通知标题 notice.title", rnd.notice.title),
             ("通知来源 notice.source", rnd.notice.source), ("适用期间的出处 period.source", rnd.period.source)]
    if rnd.window.source:
        facts.append(("申请和审核日期的出处 window.source", rnd.window.source))
    facts += [(f"参数 {name} 的出处 source", p.source) for name, p in rnd.params.items()]
    out = []
    for where, text in facts:
        if not str(text or "").strip():
            out.append(f"{where}：是空的，请按通知填写")
        elif TO_CONFIRM in str(text):
            out.append(f"{where}：还写着“{TO_CONFIRM}”，请按新通知核对后改写")
    return out


def _dates(rnd) -> list[str]:
    """The period follows the certificate date; the window's dates are in order and have a source."""
    out = []
    cert = rnd.params.get("certificate_date")
    if cert is not None and str(cert.value) != str(rnd.period.until):
        out.append(f"适用期间 period.until（{rnd.period.until}）与参数 certificate_date（{cert.value}）不一致：期间按证书日期推出，"
                   "两者应相同")
    w = rnd.window
    dates = [(n, d) for n, d in (("apply_from", w.apply_from), ("apply_until", w.apply_until),
                                  ("review_until", w.review_until)) if d]
    for (n1, d1), (n2, d2) in zip(dates, dates[1:]):
        if d1 > d2:
            out.append(f"申请和审核日期 window：{n1}（{d1}）晚于 {n2}（{d2}），顺序不对")
    if w.known and not w.source:
        out.append("申请和审核日期 window：填了日期就要在 source 写明出处（通知哪一条）")
    return out


def _against_shipped(rnd) -> list[str]:
    """No overlap with another shipped round's period; each parameter of the same kind as in the shipped rounds."""
    from checks.rounds import ROUNDS_DIR, RoundError, available_rounds, load_round

    out = []
    kinds: dict[str, type] = {}
    for other_id in available_rounds(ROUNDS_DIR):
        try:
            other = load_round(other_id)
        except (RoundError, ValueError):
            continue  # a broken shipped round is reported when that file is checked
        if other.id == rnd.id:
            continue
        # An empty parameter (value null: the notice does not give it) says nothing about the kind of value.
        kinds.update({n: type(p.value) for n, p in other.params.items() if p.value is not None})
        if other.period.after < rnd.period.until and rnd.period.after < other.period.until:
            out.append(f"适用期间 period（{rnd.period.text}）与已有批次 {other.id}（{other.period.text}）重叠："
                       "一个申请日期只能属于一个批次")
    for name, param in rnd.params.items():
        kind = kinds.get(name)
        if kind is not None and param.value is not None and type(param.value) is not kind:
            expected = {int: "整数（如 2021，不加引号）", dt.date: "日期（如 2024-06-30，不加引号）"}.get(kind, "与已有批次相同的格式")
            out.append(f"参数 {name} 的数值 {param.value}：应为{expected}")
    return out


def _wording(rnd) -> list[str]:
    """Every rule names a known stage and has a title, a clause and a message for each outcome."""
    out = []
    stage_ids = {s.id for s in rnd.stages}
    for rid, spec in rnd.rules.items():
        if spec.get("stage") not in stage_ids:
            out.append(f"规则 {rid}：所属阶段 stage {spec.get('stage')!r} 不在 stages 里")
        for key in ("title", "clause"):
            if not str(spec.get(key) or "").strip():
                out.append(f"规则 {rid}：缺少{LEAVES[key]} {key}")
        outcomes = {k: v for k, v in spec.items() if isinstance(v, dict)}
        if not outcomes:
            out.append(f"规则 {rid}：没有任何结论（blocker/todo/ok/info）的措辞")
        for key, outcome in outcomes.items():
            if key.split("_")[0] not in STATUSES:
                out.append(f"规则 {rid}：{key} 不是结论名（应为 blocker、todo、ok、info，或如 blocker_expired）")
            if not str(outcome.get("message") or "").strip():
                out.append(f"规则 {rid} 的 {key}：缺少说明 message")
            for field in ("title", "message", "where", "bring"):
                try:
                    "".join(str(outcome.get(field) or "").split()).format_map(_Any())
                except (ValueError, IndexError):
                    out.append(f"规则 {rid} 的 {key}.{field}：大括号不成对（占位符写成 {{名字}}）")
    return out


def _variants(probe) -> list:
    """The round as given, with an application window around its last day (before / inside / after it), and as
    the base of a projected round: between them they reach every outcome of `round.window` and
    `round.date_in_round`."""
    from checks.rounds import Window, half_year, projected_round

    day = probe.period.until
    one = dt.timedelta(days=1)
    windows = [Window(apply_from=day + one, apply_until=day + 2 * one, source="样例"),
               Window(apply_from=day - one, apply_until=day + one, source="样例"),
               Window(apply_from=day - 2 * one, apply_until=day - one, source="样例")]
    year, half = half_year(day + one)
    return [probe] + [probe.model_copy(update={"window": w}) for w in windows] + [projected_round(probe, year, half)]


def _engine(rnd, read: set) -> list[str]:
    """Run the engine as the app will, over cases that reach every outcome."""
    from checks.rules import evaluate

    out = []
    probe = _probe(rnd, read)
    try:
        samples = sample_cases(rnd)
        variants = _variants(probe)
    except _Missing as m:
        return [f"规则 {m.rule}：缺少“{m.key}”的措辞" if m.key else f"规则 {m.rule}：rules 里缺少这一条的措辞"]
    except (TypeError, ValueError, KeyError):
        return ["年份参数应为整数（如 2021），日期参数应写成 2024-06-30：按这个文件做不出样例案例"]
    runs = [(case, probe) for case in samples] + [(samples[0].model_copy(update={"round": v.id, "application_date":
                                                                                 v.period.until}), v)
                                                  for v in variants[1:]]
    # A parameter left empty (the notice does not give it) is also tried filled, so that the wording used once a
    # notice gives it (e.g. `prior.foreign` with `foreign_diploma_route`) is checked too.
    from checks.rounds import Param

    empty = {n: Param(value="示例", source=p.source) for n, p in rnd.params.items() if p.value is None}
    if empty:
        filled = probe.model_copy(update={"params": {**probe.params, **empty}})
        runs += [(case, filled) for case in samples]
    for case, variant in runs:
        try:
            verdict = evaluate(case, variant)
        except _Missing as m:
            out.append(f"规则 {m.rule}：缺少“{m.key}”的措辞" if m.key else f"规则 {m.rule}：rules 里缺少这一条的措辞")
            continue
        except KeyError as exc:
            out.append(f"参数 {exc.args[0]}：程序要用这个参数，但文件里没有（在 params 下补上 value 和 source）")
            continue
        except (ValueError, IndexError, TypeError):
            # Unbalanced braces are named by rule above; otherwise a parameter of the wrong kind.
            out.append("按这个文件计算样例案例时出错：请检查参数的数值格式（年份写数字，如 2021；日期写成 2024-06-30）"
                       "和措辞里的大括号")
            continue
        for f in verdict.findings:
            for field in ("title", "message", "where", "bring"):
                for ph in re.findall(r"\{[A-Za-z_][A-Za-z0-9_]*\}", getattr(f, field)):
                    out.append(f"规则 {f.rule}（{f.status}）的{LEAVES[field]}：占位符 {ph} 程序不会填写，请检查拼写")
    return out


class _Any(dict):
    def __missing__(self, key):
        return ""


