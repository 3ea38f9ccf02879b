"""How the ``figures`` command shows figures and year comparisons (tables and JSON)."""

from __future__ import annotations

from collections.abc import Sequence

from bot.output import table
from corpus.figures.extract import Figure, PlacedFigure
from corpus.figures.series import Change, Comparison

PART_NAMES = {
    "opening": "开头部分",
    "achievements": "主要举措和成效",
    "problems": "存在的不足和原因",
    "duty": "党政主要负责人履行第一责任人职责情况",
    "plans": "下一年度主要安排",
}


def figures_text(items: Sequence[PlacedFigure]) -> str:
    if not items:
        return "没有找到数字。"
    rows = [
        [
            p.figure.label,
            p.figure.indicator or "—",
            p.figure.as_written,
            short_section(p.section),
            p.figure.span,
        ]
        for p in items
    ]
    return table(["名称", "标准指标", "数值", "章节", "原文"], rows)


def short_section(section: str) -> str:
    return section.rsplit(" › ", 1)[-1][:18] if section else "开头部分"


def figure_json(p: PlacedFigure) -> dict[str, object]:
    f = p.figure
    return {
        "label": f.label,
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "span": f.span,
        "section": p.section,
        "sentence": f.sentence,
        "indicator": f.indicator,
    }


def comparison_text(c: Comparison) -> str:
    """Paired rows under the mandated part they belong to, then the one-sided rows."""
    years = [f"{c.before_year}年", f"{c.after_year}年"]
    out = [f"{c.town} {c.before_year}年 与 {c.after_year}年 数字对比"]
    if not c.changes:
        return out[0] + "\n两年都没有找到数字。"
    for part, rows in c.by_part():
        out.append(f"\n【{PART_NAMES.get(part, part)}】")
        cells = [
            [ch.indicator or "—", _pair_label(ch), _side(ch.before), _side(ch.after), _delta(ch)]
            for ch in rows
        ]
        out.append(table(["标准指标", "名称", *years, "变化"], cells))
    if c.one_sided:
        out.append("\n【只有一年有的数字】")
        cells = [
            [ch.indicator or "—", ch.label, _side(ch.before), _side(ch.after)] for ch in c.one_sided
        ]
        out.append(table(["标准指标", "名称", *years], cells))
    return "\n".join(out)


def comparison_json(c: Comparison) -> dict[str, object]:
    return {
        "town": c.town,
        "years": [c.before_year, c.after_year],
        "changes": [change_json(ch) for ch in c.changes],
    }


def change_json(ch: Change) -> dict[str, object]:
    return {
        "indicator": ch.indicator,
        "part": ch.part,
        "label": ch.label,
        "before_label": ch.before.label if ch.before else None,
        "after_label": ch.after.label if ch.after else None,
        "unit": ch.unit,
        "before": ch.before.value if ch.before else None,
        "after": ch.after.value if ch.after else None,
        "before_unit": ch.before.unit if ch.before else None,
        "after_unit": ch.after.unit if ch.after else None,
        "change": ch.delta,
        "paired": ch.paired,
    }


def _pair_label(ch: Change) -> str:
    before, after = ch.before.label if ch.before else "", ch.after.label if ch.after else ""
    return after if before in ("", after) else f"{before} / {after}"


def _side(f: Figure | None) -> str:
    return f.as_written if f else "—"


def _delta(ch: Change) -> str:
    if ch.delta is None:
        return "—"
    percent = f"（{ch.percent:+.0f}%）" if ch.percent is not None else ""
    return f"{ch.delta:+g}{percent}"
