"""`round diff`: what changed from one round's data to another's, in Chinese, section by section."""
from __future__ import annotations

SECTIONS = {  # top-level keys of a round file, as staff read them
    "title": "标题", "data_version": "数据版本", "verified": "是否已与官方通知核对", "notice": "通知来源",
    "period": "适用期间", "window": "申请和审核日期", "params": "参数", "stages": "办理流程", "in_person": "现场办理地点",
    "rules": "规则措辞", "pitfalls": "常见问题", "photo": "照片标准", "extends": "继承自",
}
LEAVES = {"value": "数值", "source": "出处", "message": "说明", "title": "标题", "where": "去哪里", "bring": "带什么",
          "after": "开始（不含当天）", "until": "结束（含当天）", "apply_from": "网上申请开始", "apply_until": "网上申请截止",
          "review_until": "审核截止", "clause": "条款", "stage": "所属阶段"}


def _flat(value, prefix=()) -> dict:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            out.update(_flat(v, prefix + (str(k),)))
        return out or {prefix: {}}
    return {prefix: value}


def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return " ".join(value.split()) or "（空）"
    return str(value)


def _path_text(path: tuple) -> str:
    return " → ".join(LEAVES.get(p, p) if i == len(path) - 1 else p for i, p in enumerate(path))


def diff_lines(a: dict, b: dict) -> list[str]:
    fa, fb = _flat(a), _flat(b)
    lines: list[str] = []
    for section, label in SECTIONS.items():
        keys = sorted({k for k in fa if k[0] == section} | {k for k in fb if k[0] == section})
        changes = []
        for k in keys:
            old, new = fa.get(k, "\0"), fb.get(k, "\0")
            if old == new:
                continue
            where = _path_text(k[1:]) or label
            if old == "\0":
                changes.append(f"  新增 {where}：{_show(new)}")
            elif new == "\0":
                changes.append(f"  删除 {where}（原为：{_show(old)}）")
            else:
                changes.append(f"  改了 {where}：\n      原：{_show(old)}\n      新：{_show(new)}")
        if changes:
            lines += [f"【{label}】"] + changes
    return lines
