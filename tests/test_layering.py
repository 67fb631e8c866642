"""Architecture rules: Streamlit only in the UI layer; the domain never imports loaders."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI = {"app.py", "ui"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _python_files(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((ROOT / folder).rglob("*.py"))]


@pytest.mark.parametrize(
    "path", _python_files("events", "loaders", "bench"), ids=lambda p: str(p.relative_to(ROOT))
)
def test_layering_streamlit_only_in_ui(path: Path) -> None:
    assert "streamlit" not in _imports(path), (
        f"{path.relative_to(ROOT)} imports streamlit outside the UI layer"
    )


@pytest.mark.parametrize("path", _python_files("events"), ids=lambda p: str(p.relative_to(ROOT)))
def test_layering_events_never_imports_loaders(path: Path) -> None:
    assert "loaders" not in _imports(path), f"{path.relative_to(ROOT)} imports loaders"


@pytest.mark.parametrize("path", _python_files("events", "loaders"), ids=lambda p: str(p.relative_to(ROOT)))
def test_layering_library_code_does_not_print(path: Path) -> None:
    if path.name == "__main__.py":  # the CLI talks to the user
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]
    assert not calls, f"print() in library code at lines {calls}"
