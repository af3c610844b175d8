"""No personal data left behind.

Static: nothing cached across users takes personal data; no print/logging of answers; no module-level `global`
state. Browser: a whole session with a unique canary name, ID number and photo leaves no trace in temp
folders, the working tree or the server log.
"""
from __future__ import annotations

import ast
import io
import os
import random
import re
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CODE_DIRS = ("pages", "ui", "checks")
# CLI modules print results to the terminal of whoever ran them: that is their job.
CLI_FILES = {"cli.py", "__main__.py"}
# Parameters a shared cache may be keyed on: static things only (rule files, fonts, templates, detectors).
CACHE_PARAM_ALLOW = {
    "round_id", "path", "font_path", "font_name", "font", "template", "template_name", "asset", "asset_name",
    "rules_path", "data_path", "spec_path", "cascade", "cascade_name", "model_name", "level", "major_code",
    "lang", "locale", "key", "kind", "size", "version", "directory",
}
# Ambiguous parameter names, reviewed one by one: (file, function) → parameters that are static there.
CACHE_REVIEWED = {
    ("checks/pledge.py", "load_template"): {"name"},  # a template file name under assets/templates
}
CACHE_DECORATORS = {"cache_data", "cache_resource", "lru_cache", "cache", "memoize", "experimental_memo",
                    "experimental_singleton"}
LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
LOGGER_NAMES = {"logging", "logger", "log", "_log", "_logger", "LOG", "LOGGER"}


def code_files() -> list[Path]:
    files = [REPO / "app.py"] if (REPO / "app.py").exists() else []
    for d in CODE_DIRS:
        files += sorted((REPO / d).rglob("*.py"))
    return files


def _decorator_name(dec: ast.AST) -> str | None:
    node = dec.func if isinstance(dec, ast.Call) else dec
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _rel(path: Path) -> str:
    return str(path.relative_to(REPO))


def test_code_files_found():
    # The static checks below pass vacuously on an empty list: make sure they look at the app.
    assert len(code_files()) >= 5


def test_shared_caches_take_no_personal_data():
    problems = []
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                cached = [d for d in node.decorator_list if _decorator_name(d) in CACHE_DECORATORS]
                if not cached:
                    continue
                args = node.args
                params = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
                if args.vararg or args.kwarg:
                    problems.append(f"{_rel(path)}:{node.lineno} {node.name}: *args/**kwargs on a shared cache")
                reviewed = CACHE_REVIEWED.get((_rel(path), node.name), set())
                bad = [p for p in params if p not in CACHE_PARAM_ALLOW | reviewed and p not in ("self", "cls")]
                if bad:
                    problems.append(f"{_rel(path)}:{node.lineno} {node.name}({', '.join(bad)})")
            elif isinstance(node, ast.Call) and _decorator_name(node) in ("cache_data", "cache_resource") \
                    and node.args and not isinstance(node.args[0], ast.Constant):
                # A cache function called on another function hides what it caches from the check above.
                problems.append(f"{_rel(path)}:{node.lineno}: st.cache_* called on a function, use a decorator")
    assert not problems, ("shared caches (global across all users) with parameters outside the allow-list "
                          "(a cached value keyed on personal data can be served to another visitor): "
                          + "; ".join(problems))


def test_no_print_or_logging_of_answers():
    problems = []
    for path in code_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if isinstance(f, ast.Name) and f.id in ("print", "pprint", "breakpoint") and path.name not in CLI_FILES \
                    and not path.name.startswith("cmd_"):
                problems.append(f"{_rel(path)}:{node.lineno}: {f.id}()")
            if isinstance(f, ast.Attribute) and f.attr in LOG_METHODS and isinstance(f.value, ast.Name) \
                    and f.value.id in LOGGER_NAMES:
                # A fixed message is fine; anything computed may carry a name, ID number or answer.
                if not all(isinstance(a, ast.Constant) for a in node.args) or node.keywords:
                    problems.append(f"{_rel(path)}:{node.lineno}: {f.value.id}.{f.attr}() with computed values")
            if isinstance(f, ast.Attribute) and f.attr == "write" and isinstance(f.value, ast.Attribute) \
                    and f.value.attr in ("stdout", "stderr") and path.name not in CLI_FILES \
                    and not path.name.startswith("cmd_"):
                problems.append(f"{_rel(path)}:{node.lineno}: sys.{f.value.attr}.write()")
    assert not problems, "answers must not reach the server log: " + "; ".join(problems)


def test_no_global_state_in_app_code():
    # Module globals are shared by every visitor's session in the one server process.
    problems = []
    for path in code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Global):
                problems.append(f"{_rel(path)}:{node.lineno}: global {', '.join(node.names)}")
    assert not problems, "; ".join(problems)


def test_no_temp_files_in_app_code():
    # Uploads and answers stay in memory: nothing the app writes to disk can outlive the session unnoticed.
    problems = []
    for path in code_files():
        if path.name in CLI_FILES or path.name.startswith("cmd_"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "tempfile":
                problems.append(f"{_rel(path)}:{node.lineno}: tempfile.{node.attr}")
    assert not problems, "; ".join(problems)


# --- a whole session leaves nothing behind (real browser) -----------------------------------------------------

SEARCH_ROOTS = sorted({Path(tempfile.gettempdir()), Path("/tmp"), Path("/var/tmp"), REPO})
SKIP_DIRS = {".git", "__pycache__", ".hypothesis", "node_modules"}
MAX_FILE = 50 * 1024 * 1024


def find_traces(needles: dict[str, bytes], roots=SEARCH_ROOTS, derived_since: float | None = None) -> list[str]:
    """Every file under the roots that contains one of the byte strings (name → bytes).

    Needles named "… bytes" are slices of generated files (PDFs, photos), unique only if what they hold is:
    a file older than `derived_since` that matches one (say an earlier test's identical checklist) shows
    the slice was not unique, not that this session leaked."""
    hits = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
            dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
            for fn in filenames:
                path = Path(dirpath) / fn
                try:
                    if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_FILE:
                        continue
                    data = path.read_bytes()
                    mtime = path.stat().st_mtime
                except OSError:
                    continue  # sockets, vanished files, other users' private files
                hits += [f"{path}: {what}" for what, needle in needles.items() if needle in data
                         and not (derived_since and what.endswith(" bytes") and mtime < derived_since)]
    return hits


def canary_photo(rng: random.Random) -> bytes:
    """A fixable portrait with invisible random ±1 noise, so its bytes (and its fix's) exist nowhere else."""
    import numpy as np
    from PIL import Image

    from tests import photo_fixtures

    arr = np.asarray(photo_fixtures.phone_photo(2.0), dtype=np.int16)
    noise = np.random.default_rng(rng.getrandbits(64)).integers(-1, 2, arr.shape, dtype=np.int16)
    img = Image.fromarray(np.clip(arr + noise, 0, 255).astype(np.uint8), "RGB")
    return photo_fixtures.jpeg(img, 90)


def needles_for(label: str, data: bytes) -> dict[str, bytes]:
    mid = len(data) // 2
    return {f"{label} bytes": data[mid:mid + 64]}


@pytest.mark.browser
def test_session_leaves_no_personal_data_behind(playwright):
    from tests.browser import flows, harness

    harness.require_chromium()
    rng = random.Random(os.urandom(16))
    token = rng.getrandbits(64).to_bytes(8, "big").hex()
    name = "金" + flows.random_name(rng, 3)
    id_number = flows.random_id_number(rng)
    photo = canary_photo(rng)
    photo_name = f"canary-{token}.jpg"
    needles = {"name": name.encode(), "name (json escaped)": name.encode("unicode_escape"),
               "name (utf-16)": name.encode("utf-16-le"), "ID number": id_number.encode(),
               "photo file name": photo_name.encode(), **needles_for("uploaded photo", photo)}

    # Positive control: the search does find a planted trace, so an empty result below means something.
    fd, planted = tempfile.mkstemp()
    with os.fdopen(fd, "wb") as f:
        f.write(b"x" + id_number.encode() + b"x")
    try:
        assert find_traces({"ID number": id_number.encode()}, [Path(planted).parent]) != []
    finally:
        os.unlink(planted)

    started = time.time()
    with harness.streamlit_server() as server:
        browser = playwright.chromium.launch(**harness.launch_args())
        context = harness.new_context(browser, base_url=server.url, viewport=harness.DESKTOP, accept_downloads=True)
        page = context.new_page()
        flows.answer_wizard(page, flows.Candidate(name=name, id_number=id_number, level="bachelor"))
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载完整案例文件").click()
        case_file = Path(dl.value.path()).read_bytes()
        assert name.encode() in case_file  # the download itself does carry the name: the canary is live

        flows.nav(page, "照片检查")
        flows.upload(page, {"name": photo_name, "mimeType": "image/jpeg", "buffer": photo})
        with page.expect_download() as dl:
            page.get_by_role("button", name=re.compile("下载.*照片")).click()
        needles.update(needles_for("fixed photo", Path(dl.value.path()).read_bytes()))

        flows.nav(page, "承诺书与材料清单")
        flows.button(page, "生成材料清单PDF（可打印）")
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载材料清单PDF（可打印）").click()
        needles.update(needles_for("checklist PDF", Path(dl.value.path()).read_bytes()))
        flows.tab(page, "承诺书")
        flows.button(page, "生成承诺书（先预览，再下载）")
        with page.expect_download() as dl:
            page.get_by_role("button", name="下载承诺书PDF").click()
        needles.update(needles_for("pledge PDF", Path(dl.value.path()).read_bytes()))

        # The help desk reads a case code and a full case file (with name and ID number) in the same server.
        flows.nav(page, "自查结果")
        code = flows.case_code(page)
        flows.nav(page, "帮助台：查看考生结果")
        page.get_by_label("粘贴考生发来的案例码").fill(code)
        flows.button(page, "查看结果")
        flows.tab(page, "案例文件（.json）")
        flows.upload(page, {"name": f"case-{token}.json", "mimeType": "application/json", "buffer": case_file},
                     label="上传考生的案例文件（.json）")
        assert page.get_by_test_id("stAlertContainer").count() > 1  # a verdict is shown: the file was read
        # Closing the browser deletes its profile and its downloads: what remains is the server's doing.
        context.close()
        browser.close()
        harness.stop(server.proc)  # a stopped server has written everything it will ever write
        log = server.log_text()
    leaks = [f"server log: {what}" for what, needle in needles.items() if needle in log.encode()]
    leaks += find_traces(needles, derived_since=started)
    assert not leaks, "personal data found after the session ended:\n" + "\n".join(leaks)
