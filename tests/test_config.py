"""The Streamlit settings a public service needs (.streamlit/config.toml), and the uploaders' Chinese limits."""
from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
# What a 15 MB phone photo and a class ZIP need; each upload sits in server memory.
MAX_UPLOAD_MB = 50


def test_usage_statistics_off():
    # Streamlit's default is true: it would report our visitors' sessions to a third party.
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_error_details_hidden():
    # The default "full" shows tracebacks (file paths, local values) to anyone.
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_minimal_toolbar():
    # "minimal" hides the ⋮ menu and its English items; no developer options either.
    assert CONFIG["client"]["toolbarMode"] == "minimal"


def test_upload_limit_small():
    limit = CONFIG["server"]["maxUploadSize"]
    assert isinstance(limit, int) and 1 <= limit <= MAX_UPLOAD_MB


def test_xsrf_protection_kept():
    assert CONFIG["server"].get("enableXsrfProtection", True) is True


def test_disconnected_sessions_dropped_within_minutes():
    # Answers and photos of a closed tab stay in server memory until this runs out.
    assert 30 <= CONFIG["server"].get("disconnectedSessionTTL", 120) <= 600


def test_auto_navigation_hidden():
    # Our own Chinese navigation (ui/layout.py) replaces the file-name list.
    assert CONFIG["client"]["showSidebarNavigation"] is False


def _uploader_calls():
    files = [REPO / "app.py", *sorted((REPO / "pages").glob("*.py")), *sorted((REPO / "ui").glob("*.py"))]
    for path in files:
        if not path.exists():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "file_uploader":
                yield path, node


# A limit said in Chinese, e.g. "照片不超过 15 MB" / "文件最大256KB" / "50 MB 以内".
LIMIT_TEXT = re.compile(r"(不超过|最大|上限|不能超过|限)\s*\d+(\.\d+)?\s*(MB|KB|M|K|兆)"
                        r"|\d+(\.\d+)?\s*(MB|KB|M|K|兆)\s*(以内|以下)")


def _constant_text(node: ast.AST, module: ast.Module) -> str:
    """The literal text of a keyword value (string, f-string parts, or a module-level constant it names)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        # A computed value (e.g. {roster_limit_mb}) stands as a placeholder named after its expression.
        return "".join(_constant_text(v, module) if not isinstance(v, ast.FormattedValue)
                       else (_constant_text(v.value, module) or "{" + ast.unparse(v.value) + "}")
                       for v in node.values)
    if isinstance(node, ast.Name):
        for stmt in module.body:
            if isinstance(stmt, ast.Assign) and any(getattr(t, "id", None) == node.id for t in stmt.targets):
                return _constant_text(stmt.value, module)
            if isinstance(stmt, ast.AnnAssign) and getattr(stmt.target, "id", None) == node.id and stmt.value:
                return _constant_text(stmt.value, module)
        # A name imported from elsewhere (e.g. a shared text catalogue): show it as a placeholder with digits.
        return f"{{{node.id}}}"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant_text(node.left, module) + _constant_text(node.right, module)
    return ""


def test_every_uploader_states_its_limit_in_chinese():
    """Streamlit rejects an oversized file with English text; the help must have said the limit in Chinese."""
    calls = list(_uploader_calls())
    if not calls:
        pytest.skip("no page has a file uploader yet")
    problems = []
    for path, call in calls:
        module = ast.parse(path.read_text(encoding="utf-8"))
        texts = [_constant_text(kw.value, module) for kw in call.keywords if kw.arg in ("help", "label")]
        if call.args:
            texts.append(_constant_text(call.args[0], module))
        if not any(LIMIT_TEXT.search(t) or re.search(r"\{\w*(MB|LIMIT|limit|mb)\w*\}", t) for t in texts):
            problems.append(f"{path.relative_to(REPO)}:{call.lineno}")
    assert not problems, ("file_uploader without a Chinese size limit in help/label "
                          "(e.g. help='照片文件不超过 15 MB'): " + ", ".join(problems))


# --- deployment pins (constraints.txt, used by .ci/run) ----------------------------------------------------------

def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_requirement_is_pinned_within_its_range():
    """A requirement added without regenerating constraints.txt (python deploy/pin_constraints.py) would install
    whatever is newest on the day CI runs; a pin outside the stated range would not install at all."""
    from packaging.requirements import Requirement

    pins = _pins()
    problems = []
    for req_file in ("requirements.txt", "requirements-dev.txt"):
        for raw in (REPO / req_file).read_text(encoding="utf-8").splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith(("#", "-r")):
                continue
            req = Requirement(line)
            pin = pins.get(re.sub(r"[-_.]+", "-", req.name).lower())
            if pin is None:
                problems.append(f"{req.name} ({req_file}) has no pin")
            elif not req.specifier.contains(pin, prereleases=True):
                problems.append(f"{req.name}=={pin} is outside {req.specifier} ({req_file})")
    assert not problems, "; ".join(problems) + ": run python deploy/pin_constraints.py"


def test_ci_installs_with_the_pins():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"pip install .*-r requirements-dev\.txt .*-c constraints\.txt", ci)


def test_no_full_collection_after_every_run():
    # Streamlit's default collects all of memory after each run: ~75 ms on every click with our libraries loaded
    # (benchmarks/bench_ui.py). ui/session_end.py collects instead when it drops a closed tab (tests/test_session_end.py).
    assert CONFIG["runner"]["postScriptGC"] is False
