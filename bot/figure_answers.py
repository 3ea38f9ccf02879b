"""Answers from figures (:mod:`corpus.figures.questions`) as text for the ``ask`` command and
as HTML for the chat: a short ranked list or series, every value cited."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from corpus.figures.questions import FigureAnswer, figure_answer
from corpus.storage.store import Store

if TYPE_CHECKING:
    from corpus.figures.comparison import Cell

SHOWN = 10  # rows listed; the rest are counted


def _title(a: FigureAnswer) -> str:
    when = "、".join(f"{y}年" for y in a.years) if a.years and a.kind != "series" else ""
    if a.kind == "series":
        return f"{a.scope} 历年{a.indicator}"
    order = "从多到少" if a.descending else "从少到多"
    scope = a.scope or "各地"
    return f"{scope}{when}各乡镇（街道）{a.indicator}（{order}）"


def _row(k: int, c: Cell, a: FigureAnswer) -> tuple[str, str]:
    name = f"{c.year}年" if a.kind == "series" else c.place
    year = "" if a.kind == "series" or a.years else f"（{c.year}年）"
    return (
        f"{k}. {name}{year}：{c.figure.as_written}",
        f"{c.place} {c.year}年报告 · {c.heading}：{c.figure.sentence}",
    )


def _notes(a: FigureAnswer) -> list[str]:
    out = []
    if len(a.rows) > SHOWN:
        out.append(f"另有 {len(a.rows) - SHOWN} 个地方未列出。")
    if a.unranked:
        listed = "、".join(f"{c.place}{c.figure.as_written}" for c in a.unranked)
        out.append(f"单位不同、未参与排序：{listed}。")
    if a.missing:
        out.append(f"报告中没有这个数字：{'、'.join(a.missing)}。")
    return out


def answer_text(a: FigureAnswer) -> str:
    lines = [f"问：{a.question}", _title(a)]
    for k, c in enumerate(a.rows[:SHOWN], 1):
        head, source = _row(k, c, a)
        lines.append(head)
        lines.append(f"   —— {source}")
    lines.extend(_notes(a))
    return "\n".join(lines)


def answer_html(a: FigureAnswer) -> str:
    lines = [f"<b>{escape(_title(a))}</b>"]
    for k, c in enumerate(a.rows[:SHOWN], 1):
        head, source = _row(k, c, a)
        lines.append(f"{escape(head)}\n<i>—— {escape(source)}</i>")
    lines.extend(escape(n) for n in _notes(a))
    return "\n".join(lines)


def answer_json(a: FigureAnswer) -> dict[str, object]:
    def cell(c: Cell) -> dict[str, object]:
        f = c.figure
        return {
            "place": c.place,
            "year": c.year,
            "value": f.value,
            "unit": f.unit,
            "as_written": f.as_written,
            "section": c.section,
            "sentence": f.sentence,
        }

    return {
        "question": a.question,
        "kind": a.kind,
        "indicator": a.indicator,
        "scope": a.scope,
        "years": list(a.years),
        "figures": [cell(c) for c in a.rows],
        "unranked": [cell(c) for c in a.unranked],
        "missing": list(a.missing),
        "answers": [],
        "hint": None,
    }


def figures_for(store: Store, question: str) -> FigureAnswer | None:
    """The figure answer to ``question`` when it is one and has figures, else None (search
    passages instead)."""
    found = figure_answer(store, question)
    return found if found is not None and found.rows else None
