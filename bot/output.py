"""Terminal output: CJK-aware column alignment, and the one JSON path (an encoder and the
declared shapes commands print)."""

from __future__ import annotations

import dataclasses
import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import click


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(c) for c in headers], *[[str(c) for c in row] for row in rows]]
    sizes = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(pad(c, sizes[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)


# --- JSON: one encoder, one way of saying which fields a command prints ---------------------


def _plain(value: object) -> object:
    """A value json cannot write, as one it can: dataclasses as dicts, dates in ISO form
    (times to the second), paths as text, enums by value, sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    return str(value)  # Path, Decimal, …


def to_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=_plain)


def emit_json(value: object) -> None:
    """The one way a command prints JSON: one value, one line."""
    click.echo(to_json(value))


Getter = str | Callable[[Any], object]  # a dotted attribute path ("place.city"), or a function


def _get(obj: object, getter: Getter) -> object:
    if callable(getter):
        return getter(obj)
    for name in getter.split("."):
        if obj is None:
            return None  # "place.city" of no place is null, not an error
        obj = getattr(obj, name)
    return obj


@dataclass(frozen=True)
class Shape:
    """The JSON keys of one kind of object, each read from it by a :data:`Getter`, in order.
    ``optional`` keys are left out when null; a Shape as a getter's value shapes it in turn
    (a list or tuple item by item)."""

    fields: Mapping[str, Getter]
    optional: frozenset[str] = frozenset()
    nested: Mapping[str, Shape] = field(default_factory=dict)

    def __call__(self, obj: object) -> dict[str, object]:
        out: dict[str, object] = {}
        for key, getter in self.fields.items():
            value = _get(obj, getter)
            if value is None and key in self.optional:
                continue
            inner = self.nested.get(key)
            if inner is not None:
                value = (
                    [inner(v) for v in value] if isinstance(value, list | tuple) else inner(value)
                )
            out[key] = value
        return out

    def under(self, prefix: str) -> dict[str, Getter]:
        """These fields read from the attribute ``prefix`` of a larger object (to spread them)."""
        return {k: f"{prefix}.{g}" for k, g in self.fields.items() if isinstance(g, str)}
