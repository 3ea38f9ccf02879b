"""Split a Telegram HTML reply into messages of at most 4,096 characters, never inside a tag.

Lines are grouped into blocks that open and close their own tags (a ``<blockquote>`` spanning
several lines is one block); blocks are packed into messages. A block longer than one message
is cut between tokens, and the tags open at the cut are closed at the end of one message and
opened again at the start of the next, so every message is well-formed HTML on its own.
Entities (``&amp;``) are never cut either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_MESSAGE = 4096
TOKEN = re.compile(r"(<[^>]*>|&#?\w+;)")
TAG = re.compile(r"^<(/?)([a-zA-Z-]+)[^>]*?(/?)>$")
BREAKS = ("\n", "。", "；", "，", " ")


def split_html(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """``html`` as one message or several, each at most ``limit`` characters."""
    parts: list[str] = []
    current = ""
    for block in _blocks(html):
        for piece in _fit(block, limit):
            candidate = f"{current}\n{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
                continue
            parts.append(current)
            current = piece
    if current.strip():
        parts.append(current)
    return parts


def _tag(token: str) -> tuple[str, str] | None:
    """("open"|"close", name) for a tag token; None for text, entities and ``<br/>``."""
    m = TAG.match(token)
    if not m or m.group(3):
        return None
    return ("close" if m.group(1) else "open"), m.group(2).lower()


def _depth(line: str) -> int:
    depth = 0
    for token in TOKEN.findall(line):
        kind = _tag(token)
        if kind:
            depth += 1 if kind[0] == "open" else -1
    return depth


def _blocks(html: str) -> Iterator[str]:
    """Runs of lines that leave no tag open."""
    pending: list[str] = []
    depth = 0
    for line in html.split("\n"):
        pending.append(line)
        depth += _depth(line)
        if depth <= 0:
            yield "\n".join(pending)
            pending, depth = [], 0
    if pending:
        yield "\n".join(pending)


def _fit(block: str, limit: int) -> Iterator[str]:
    """``block`` whole if it fits, else cut into well-formed pieces of at most ``limit``."""
    if len(block) <= limit:
        yield block
        return
    stack: list[tuple[str, str]] = []  # (the opening tag as written, its name)
    current = opened = ""

    def closers() -> str:
        return "".join(f"</{name}>" for _, name in reversed(stack))

    for token in (t for t in TOKEN.split(block) if t):
        kind = _tag(token)
        if TOKEN.fullmatch(token):  # a tag or an entity: whole or not at all
            extra = len(f"</{kind[1]}>") if kind and kind[0] == "open" else 0
            if len(current) + len(token) + extra + len(closers()) > limit and current != opened:
                yield current + closers()
                current = opened = "".join(tag for tag, _ in stack)
            current += token
            if kind and kind[0] == "open":
                stack.append((token, kind[1]))
            elif kind and stack and stack[-1][1] == kind[1]:
                stack.pop()
            continue
        text = token
        while text:
            room = limit - len(current) - len(closers())
            if len(text) <= room:
                current += text
                break
            cut = _cut(text, room)
            current, text = current + text[:cut], text[cut:]
            yield current + closers()
            current = opened = "".join(tag for tag, _ in stack)
    if current != opened:
        yield current + closers()


def _cut(text: str, room: int) -> int:
    """Where to cut ``text`` to fit ``room``: after a line or sentence break if one is near."""
    if room <= 0:
        return 0
    for mark in BREAKS:
        at = text.rfind(mark, 0, room)
        if at >= room // 2:
            return at + 1
    return room
