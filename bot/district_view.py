"""How a county's cross-place table is shown: terminal text, JSON and CSV (the workbook and
the charts are in :mod:`bot.workbook` and :mod:`bot.charts`)."""

from __future__ import annotations

import csv
import io

from bot.output import table
from corpus.figures.comparison import Cell, PlaceTable, Total, group_of

MISSING = "—"  # a place that did not report the figure: missing, never zero


def cell_text(cell: Cell | None) -> str:
    return cell.figure.as_written if cell else MISSING


def total_text(t: PlaceTable, indicator: str, year: int) -> str:
    total = t.total(indicator, year)
    if total is not None:
        return total.as_written
    return not_summed(t, indicator)


def not_summed(t: PlaceTable, indicator: str) -> str:
    units = t.units(indicator)
    if not units:
        return MISSING
    if "%" in units:
        return "不合计（比率）"
    return f"不合计（单位不一：{'、'.join(units)}）"


def place_table_text(t: PlaceTable, sources: bool = False) -> str:
    """One year: places × indicators with a 合计 row. Several years: one block per indicator,
    places × years."""
    if not t.cells:
        return f"{t.county}{_years(t)}：所选指标在各地报告中都没有数字。"
    out = [f"{t.county} {_years(t)} 各地数字对比（“{MISSING}”为报告中没有这个数字）"]
    if len(t.years) == 1:
        (year,) = t.years
        rows = [[p, *(cell_text(t.cell(p, year, i)) for i in t.indicators)] for p in t.places]
        rows.append([f"{t.county}合计", *(total_text(t, i, year) for i in t.indicators)])
        out.append(table(["地方", *t.indicators], rows))
    else:
        for indicator in t.indicators:
            out.append(f"\n【{indicator}】")
            rows = [[p, *(cell_text(t.cell(p, y, indicator)) for y in t.years)] for p in t.places]
            rows.append([f"{t.county}合计", *(total_text(t, indicator, y) for y in t.years)])
            out.append(table(["地方", *(f"{y}年" for y in t.years)], rows))
    absent = [f"{p}{y}年" for p in t.places for y in t.years if (p, y) not in t.reported]
    if absent:
        out.append(f"\n没有报告：{'、'.join(absent)}")
    if sources:
        out.append("\n出处：")
        out.extend(
            f"• {c.place} {c.year}年 {c.indicator} {c.figure.as_written}：{c.figure.sentence}"
            f"（{c.heading}）"
            for c in sorted(t.cells, key=lambda c: (c.indicator, c.year, c.place))
        )
    return "\n".join(out)


def _years(t: PlaceTable) -> str:
    if len(t.years) == 1:
        return f"{t.years[0]}年"
    return f"{t.years[0]}—{t.years[-1]}年"


def cell_json(c: Cell) -> dict[str, object]:
    f = c.figure
    return {
        "place": c.place,
        "year": c.year,
        "indicator": c.indicator,
        "value": f.value,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "as_written": f.as_written,
        "label": f.label,
        "span": f.span,
        "sentence": f.sentence,
        "section": c.section,
        "others": c.others,
    }


def _total_json(total: Total | None) -> dict[str, object] | None:
    if total is None:
        return None
    return {
        "value": total.value,
        "unit": total.unit,
        "places": total.places,
        "approximate": total.approximate,
    }


def place_table_json(t: PlaceTable) -> dict[str, object]:
    return {
        "county": t.county,
        "years": list(t.years),
        "places": list(t.places),
        "indicators": [
            {
                "name": i,
                "group": group_of(i),
                "units": list(t.units(i)),
                "summable": t.summable(i),
                "totals": {str(y): _total_json(t.total(i, y)) for y in t.years},
            }
            for i in t.indicators
        ],
        "cells": [cell_json(c) for c in t.cells],
        "missing": [
            {"place": p, "year": y, "indicator": i}
            for p in t.places
            for y in t.years
            for i in t.indicators
            if t.cell(p, y, i) is None
        ],
        "no_report": [
            {"place": p, "year": y} for p in t.places for y in t.years if (p, y) not in t.reported
        ],
    }


CSV_HEADER = ["地方", "年度", "指标", "数值", "单位", "约数词", "原文写法", "章节", "原句"]


def place_table_csv(t: PlaceTable) -> str:
    """One row per place, year and indicator (missing cells have an empty 数值), then the
    county totals (地方 = 合计)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for indicator in t.indicators:
        for year in t.years:
            for place in t.places:
                c = t.cell(place, year, indicator)
                if c is None:
                    writer.writerow([place, year, indicator, "", "", "", "未报告", "", ""])
                    continue
                f = c.figure
                writer.writerow(
                    [
                        place,
                        year,
                        indicator,
                        f.number,
                        f.unit,
                        f.qualifier,
                        f.as_written,
                        c.section,
                        f.sentence,
                    ]
                )
            total = t.total(indicator, year)
            if total is not None:
                number = total.as_written.removesuffix(total.unit).removesuffix("余")
                writer.writerow(
                    [
                        "合计",
                        year,
                        indicator,
                        number,
                        total.unit,
                        "余" if total.approximate else "",
                        total.as_written,
                        f"{total.places}个地方之和",
                        "",
                    ]
                )
    return buffer.getvalue()
