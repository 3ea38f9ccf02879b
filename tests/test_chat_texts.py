"""Every word the chat says is in bot/texts.py or bot/replies.py: the handlers hold no Chinese
string of their own (log lines, raised start-up errors and patterns aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

HANDLERS = ("telegram", "telegram_admin", "telegram_draft", "telegram_remove", "district_chat")
CJK = re.compile(r"[\u4e00-\u9fff]")
BOT = Path(__file__).resolve().parents[1] / "bot"


def _exempt(tree: ast.Module) -> set[int]:
    """ids of string nodes that are not said to chat users."""
    out: set[int] = set()
    for node in ast.walk(tree):
        docstring = isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef)
        if docstring and node.body and isinstance(node.body[0], ast.Expr):
            out.add(id(node.body[0].value))
        logged = (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in {"log", "re"}
        )
        in_log_event = isinstance(node, ast.FunctionDef) and node.name == "_event"
        if logged or in_log_event or isinstance(node, ast.Raise):
            out.update(id(n) for n in ast.walk(node))
    return out


def test_handlers_hold_no_chat_strings() -> None:
    found = []
    for name in HANDLERS:
        path = BOT / f"{name}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = _exempt(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and CJK.search(node.value)
                and id(node) not in exempt
            ):
                found.append(f"{name}.py:{node.lineno}: {node.value[:30]}")
    assert found == []
