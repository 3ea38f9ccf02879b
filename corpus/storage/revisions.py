"""The newest migration, read from the migration files themselves: a store opening a
database whose schema is already there checks it without importing Alembic or SQLAlchemy."""

from __future__ import annotations

import ast
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration, read from the files' ``revision``/``down_revision`` lines without
    importing Alembic (0.1–0.3 s): the one revision no other revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    folder = resources.files("corpus.storage") / "migrations" / "versions"
    for item in folder.iterdir():
        if not item.name.endswith(".py") or item.name.startswith("_"):
            continue
        for node in ast.parse(item.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = node.value.value if isinstance(node.value, ast.Constant) else None
                if node.targets[0].id == "revision" and isinstance(value, str):
                    revisions.add(value)
                elif node.targets[0].id == "down_revision" and isinstance(value, str):
                    revised.add(value)
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None
