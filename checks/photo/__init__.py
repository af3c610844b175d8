"""Photo check and safe fix for the graduation photo (../shared/spec/photo.md). Plain Python, no Streamlit.

The names below are loaded on first use: `checks.rounds` imports `checks.photo.spec` (a small pydantic model),
and importing a submodule runs this file, so eager imports here made every command pay for numpy, Pillow and
the face detector (tests/test_cli_imports.py).
"""
import importlib

_WHERE = {
    "Analysis": "checker", "analyze": "checker", "check_photo": "checker",
    "annotate": "draw",
    "FixResult": "fix", "fix_photo": "fix",
    "CODES": "models", "PASS_NOTE": "models", "TITLES": "models", "PhotoCheck": "models", "PhotoReport": "models", "report_text": "models",
}
__all__ = list(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
