"""The layers point one way (bot → drafting → corpus), and each corpus sub-package says what
it owns: read from the source, so that a stray import fails here and not in a user's hands."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# what each library layer may not import (adapters, and the layers above it)
FORBIDDEN = {
    "corpus": ("click", "telegram", "bot", "drafting"),
    "drafting": ("click", "telegram", "bot"),
}
SUBPACKAGES = ("reading", "places", "storage", "search", "figures")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_library_layers_never_import_upwards(layer: str) -> None:
    wrong = {
        path.relative_to(ROOT).as_posix(): sorted(_imports(path) & set(FORBIDDEN[layer]))
        for path in (ROOT / layer).rglob("*.py")
    }
    assert not {k: v for k, v in wrong.items() if v}


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_each_corpus_subpackage_says_what_it_owns(name: str) -> None:
    init = ROOT / "corpus" / name / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and len(doc.splitlines()) == 1


def test_the_flat_library_room_is_gone() -> None:
    top = sorted(p.stem for p in (ROOT / "corpus").glob("*.py"))
    assert top == ["__init__", "check", "errors", "exports", "ingest", "settings", "vocab"]
