"""Guard: the words people read live in data (the round file, the question table, assets/text/pages.yaml), not
in ui/, pages/ or the photo checks. A Chinese string literal there (docstrings aside) is found here.

Files that still hold some are listed in ALLOWED with how many and why; the count is a ceiling, so a new
sentence in such a file fails too. Move it into the data file of its feature (`checks.catalogue.phrase` for
page words) instead of raising the ceiling; lower the ceiling when words move out.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("ui", "pages", "checks/photo")
CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# file → (at most this many Chinese literals, why they are still there)
ALLOWED: dict[str, tuple[int, str]] = {
    # The photo checks: moved to round data by #18 (splitting checks/photo/checker.py); the lead tightens these.
    "checks/photo/models.py": (50, "moved to round data by #18"),
    "checks/photo/decode.py": (16, "moved to round data by #18"),
    "checks/photo/draw.py": (6, "moved to round data by #18"),
    "pages/3_photo.py": (42, "the photo page's words follow the photo messages #18 moves into round data"),
    # Pages other streams rewrite in parallel: moved after their merge, not under their feet.
    "pages/1_eligibility.py": (78, "wizard help texts and add-forms: #19 adds questions here; to move into the "
                                   "question table (checks/questions.py) after it lands"),
    "pages/6_batch.py": (69, "batch page: to move into assets/text/pages.yaml (batch:) in a later change"),
    "ui/layout.py": (21, "navigation labels and CSS content: #21 edits this file for accessibility"),
    "ui/new_round.py": (21, "#20's new-notice section (landed with the merge): to move into pages.yaml (new_round:)"),
    "ui/a11y.py": (1, "#21's accessibility labels (landed with the merge): to move into pages.yaml (a11y:)"),
    "ui/form.py": (11, "date and list widgets' messages: #21 edits this file for accessibility"),
}


def _exempt(tree: ast.AST) -> set[int]:
    """Docstrings, and a page's own name: the literal first argument of `st.title(...)` and `setup(...)`
    (tests/browser/test_browser_pages.py reads both from the page's source to find the page)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("title", "setup"):
                out.add(id(node.args[0]))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def chinese_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every string literal holding Chinese, f-string parts included (see _exempt)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _exempt(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                  and CHINESE.search(node.value))


def scanned_files() -> list[Path]:
    return sorted(p for d in SCANNED for p in (ROOT / d).rglob("*.py"))


@pytest.mark.parametrize("path", scanned_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_chinese_literal_outside_the_allow_list(path: Path):
    rel = str(path.relative_to(ROOT))
    found = chinese_literals(path)
    ceiling, _why = ALLOWED.get(rel, (0, ""))
    shown = "\n".join(f"  {rel}:{line}: {text[:60]!r}" for line, text in found)
    assert len(found) <= ceiling, (
        f"{rel} has {len(found)} Chinese string literals (allowed: {ceiling}). Put the words in the data file of "
        f"their feature (the round file, checks/questions.py, assets/text/pages.yaml via checks.catalogue.phrase):\n"
        + shown)


def test_every_allow_list_entry_is_a_scanned_file_with_a_reason():
    for rel, (ceiling, why) in ALLOWED.items():
        assert (ROOT / rel).is_file() and rel.startswith(SCANNED), rel
        assert ceiling > 0 and why.strip(), rel


def test_the_guard_finds_a_chinese_literal(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('"""页面说明（docstring，不算）。"""\nimport streamlit as st\nst.title("页面名")\nst.caption(f"第{1}步：基本情况")\n',
                    encoding="utf-8")
    assert chinese_literals(page) == [(4, "步：基本情况"), (4, "第")]  # the page's own name (st.title) is exempt
