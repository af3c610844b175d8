"""The layers of docs/architecture.md, enforced: what may import what, and functions a reader can hold.

- `checks/` is plain Python: it never imports streamlit, ui or pages (a page may import checks, not the reverse).
- `checks/photo/` is below the rounds: the caller passes the photo standard in, so photo never imports
  checks.rounds (nor the rules, views or outputs above it).
- No function in `checks/` is longer than about 60 lines unless a comment right above it says why
  (`# Long: <reason>`). checks/photo/ and checks/cmd_round.py are being rewritten by #18 and #20.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 60

# photo module → why it still reaches up (the lead removes an entry when the import goes)
PHOTO_UPWARD_KNOWN: dict[str, str] = {}  # none since #18 removed default_spec
PHOTO_MAY_NOT = ("checks.rounds", "checks.rules", "checks.views", "checks.checklist", "checks.report", "checks.batch")
NOT_MEASURED = ("checks/photo/", "checks/cmd_round.py", "checks/round_draft.py")  # #18 and #20 rewrite these; round_draft.build (89 lines) is left to the lead


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", files("checks"), ids=rel)
def test_checks_never_imports_streamlit_ui_or_pages(path: Path):
    bad = sorted(m for m in imports(path) if m.split(".")[0] in ("streamlit", "ui", "pages"))
    assert not bad, f"{rel(path)} imports {bad}: checks/ is plain Python; draw it in ui/ or pages/"


@pytest.mark.parametrize("path", files("checks/photo"), ids=rel)
def test_photo_never_reaches_up_into_the_rounds(path: Path):
    bad = sorted(m for m in imports(path) if m.startswith(PHOTO_MAY_NOT))
    if rel(path) in PHOTO_UPWARD_KNOWN:
        return
    assert not bad, f"{rel(path)} imports {bad}: the caller passes the photo standard (round.photo) in"


def long_functions(source: str) -> list[tuple[str, int, int]]:
    """(name, line, length) of each function longer than MAX_LINES without `# Long: …` right above it."""
    lines = source.splitlines()
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            above = lines[first - 2].strip() if first >= 2 else ""
            if length > MAX_LINES and not above.startswith("# Long:"):
                out.append((node.name, node.lineno, length))
    return out


def test_no_long_function_in_checks_without_a_reason():
    found = [f"{rel(p)}:{line} {name} ({length} lines)" for p in files("checks") if not rel(p).startswith(NOT_MEASURED)
             for name, line, length in long_functions(p.read_text(encoding="utf-8"))]
    assert not found, (f"functions longer than {MAX_LINES} lines: split them, or write `# Long: <why>` right "
                       "above:\n" + "\n".join(found))


def test_the_length_check_sees_a_long_function_and_reads_its_reason():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    source = f"def long():\n{body}\n\n\n# Long: a table\ndef table():\n{body}\n\n\ndef short():\n    pass\n"
    assert [name for name, _line, _length in long_functions(source)] == ["long"]
