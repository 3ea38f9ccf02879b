"""Size guards for template rendering, checked before a string is built, not after: format
widths, padding, ``~``/``+``/``*`` growth, ``join``/``replace``/``indent`` results, lipsum.

Each guard raises :class:`GuardError` (turned into a TemplateProblem of the same reason by the
sandbox).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from corpus.errors import TownreportError

MAX_STRING = 2_000_000  # characters of any one string a template builds
MAX_WIDTH = 10_000  # a format or padding width
MAX_LIPSUM = 20  # paragraphs of lipsum

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}|\{[^{}]*\{")
_DIGITS = re.compile(r"\d+")


@dataclass(eq=False)
class GuardError(TownreportError):
    """A template asked for more than the limits allow; ``reason``: string_too_long,
    nested_width, format_width, width, power, lipsum, format_mixed_args."""

    reason: str
    value: object = None
    limit: object = None


def too_long(size: int) -> GuardError:
    return GuardError("string_too_long", size, MAX_STRING)


def check_size(size: int) -> None:
    if size > MAX_STRING:
        raise too_long(size)


def check_format(fmt: object) -> None:
    """Refuse a %- or {}-format string with a width or precision above MAX_WIDTH (or one taken
    from the arguments, ``%*d`` / ``{:{}}``)."""
    if not isinstance(fmt, str):
        return
    check_size(len(fmt))
    for m in _PERCENT_SPEC.finditer(fmt):
        for part in m.groups():
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise _wide(part)
    for m in _BRACE_SPEC.finditer(fmt):
        spec = m.group(1)
        if spec is None:
            raise GuardError("nested_width")
        for digits in _DIGITS.findall(spec):
            if int(digits) > MAX_WIDTH:
                raise _wide(digits)


def _wide(part: str) -> GuardError:
    return GuardError("format_width", part, MAX_WIDTH)


def check_width(width: object) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise GuardError("width", width, MAX_WIDTH)


def concat(parts: Iterable[Any]) -> str:
    """``a ~ b ~ c`` with the total length checked before joining."""
    texts = [p if isinstance(p, str) else str(p) for p in parts]
    check_size(sum(map(len, texts)))
    return "".join(texts)


def check_binop(operator: str, left: Any, right: Any) -> None:
    """``+``, ``*``, ``%`` and ``**`` whose results would be too big."""
    if operator == "**" and isinstance(right, int) and abs(right) > 64:
        raise GuardError("power", right, 64)
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(n, int):
                check_size(len(seq) * n)
    if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, type(left)):
        check_size(len(left) + len(right))
    if operator == "%":
        check_format(left)


def check_join(items: Iterable[Any], separator: str = "") -> list[str]:
    texts = [x if isinstance(x, str) else str(x) for x in items]
    check_size(sum(map(len, texts)) + len(separator) * max(len(texts) - 1, 0))
    return texts


def check_replace(text: str, old: str, new: str, count: int = -1) -> None:
    hits = text.count(old) if old else len(text) + 1
    if count >= 0:
        hits = min(hits, count)
    check_size(len(text) + hits * max(len(new) - len(old), 0))


def check_indent(text: str, width: object) -> None:
    pad = width if isinstance(width, int) else len(str(width))
    check_width(pad)
    check_size(len(text) + (text.count("\n") + 1) * pad)


PADDING = frozenset({"ljust", "rjust", "center", "zfill"})


def check_method(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A call of a ``str`` method (``'a'.ljust(10**9)``, ``s.replace(...)``) checked first."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in PADDING and args:
        check_width(args[0])
    elif name == "expandtabs":
        check_width(args[0] if args else kwargs.get("tabsize", 8))
        check_size(len(owner) + owner.count("\t") * (args[0] if args else 8))
    elif name == "replace" and len(args) >= 2:
        check_replace(owner, str(args[0]), str(args[1]), args[2] if len(args) > 2 else -1)
    elif name == "join" and args:
        check_join(args[0], owner)
    elif name in ("format", "format_map"):
        check_format(owner)


def check_result(value: Any) -> Any:
    """After any call: a string or list past the limit stops the render."""
    if isinstance(value, str | list | tuple) and len(value) > MAX_STRING:
        raise too_long(len(value))
    return value


def lipsum_args(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> tuple:
    if n > MAX_LIPSUM or min > 1000 or max > 1000:
        raise GuardError("lipsum", n, MAX_LIPSUM)
    return n, html, min, max
