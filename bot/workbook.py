"""A county's cross-place table as an Excel workbook (openpyxl): one sheet per indicator group
(places down, indicator × year across, a 合计 row), a frozen header, number formats that keep
the report's wording (98.5%, 1700余), missing cells empty and grey, and a 出处 sheet with the
place, year, section and sentence of every number."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.district_view import not_summed
from corpus.figures.comparison import Cell, PlaceTable, group_names, group_of
from corpus.figures.extract import Figure

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
MISSING_FILL = PatternFill("solid", fgColor="EDEDED")
BOLD = Font(bold=True)
SOURCES = "出处"


def number_format(f: Figure, with_unit: bool = False) -> str:
    """Shown as the report wrote it: 245, 1,280, 96.1%, 1700余, 近1000 (and 37件 when the
    column's places use different units)."""
    digits = "#,##0" if f.value == int(f.value) else "#,##0.0##"
    unit = "%" if f.unit == "%" else (f.unit if with_unit else "")
    prefix, suffix = "", unit
    if f.qualifier in ("余", "多"):
        suffix = f.qualifier + unit
    elif f.qualifier in ("以上", "左右", "以下"):
        suffix = unit + f.qualifier
    elif f.qualifier:
        prefix = f.qualifier
    return (f'"{prefix}"' if prefix else "") + digits + (f'"{suffix}"' if suffix else "")


def place_table_xlsx(t: PlaceTable) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for group in group_names():
        members = [i for i in t.indicators if group_of(i) == group]
        if members:
            _group_sheet(book.create_sheet(group[:31]), t, members)
    _sources_sheet(book.create_sheet(SOURCES), t)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(ws: Worksheet, values: list[str]) -> None:
    ws.append(values)
    for cell in ws[1]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.freeze_panes = "B2"  # the header row and the place column stay in view
    ws.row_dimensions[1].height = 36


def _group_sheet(ws: Worksheet, t: PlaceTable, members: list[str]) -> None:
    columns = [(i, y) for i in members for y in t.years]
    _header(ws, ["地方", *(_column_title(t, i, y) for i, y in columns)])
    for place in t.places:
        ws.append([place])
        row = ws.max_row
        for k, (indicator, year) in enumerate(columns, start=2):
            mixed = len(t.units(indicator)) > 1
            _value(ws.cell(row, k), t.cell(place, year, indicator), mixed)
    ws.append([f"{t.county}合计"])
    row = ws.max_row
    ws.cell(row, 1).font = BOLD
    for k, (indicator, year) in enumerate(columns, start=2):
        target = ws.cell(row, k)
        target.font = BOLD
        total = t.total(indicator, year)
        if total is None:
            target.value = not_summed(t, indicator) if t.of(indicator, year) else None
            continue
        target.value = total.value
        target.number_format = '#,##0"余"' if total.approximate else "#,##0"
    ws.column_dimensions["A"].width = 16
    for k in range(2, len(columns) + 2):
        ws.column_dimensions[get_column_letter(k)].width = 16


def _column_title(t: PlaceTable, indicator: str, year: int) -> str:
    units = t.units(indicator)
    unit = f"（{units[0]}）" if len(units) == 1 and units[0] != "%" else ""
    when = f" {year}年" if len(t.years) > 1 else ""
    return f"{indicator}{unit}{when}"


def _value(target: Any, cell: Cell | None, with_unit: bool) -> None:
    if cell is None:
        target.fill = MISSING_FILL  # not reported: empty, never 0
        return
    f = cell.figure
    target.value = f.value
    target.number_format = number_format(f, with_unit)
    target.comment = Comment(
        f"{cell.place}{cell.year}年 {cell.heading}：{f.sentence[:200]}", "townreport"
    )


def _sources_sheet(ws: Worksheet, t: PlaceTable) -> None:
    _header(ws, ["地方", "年度", "指标", "数值", "原文写法", "章节", "原句"])
    ws.freeze_panes = "A2"
    for c in sorted(t.cells, key=lambda c: (c.place, c.year, c.indicator)):
        f = c.figure
        ws.append([c.place, c.year, c.indicator, f.value, f.as_written, c.section, f.sentence])
        ws.cell(ws.max_row, 4).number_format = number_format(f, with_unit=True)
    for letter, size in zip("ABCDEFG", (14, 8, 20, 10, 12, 40, 80), strict=True):
        ws.column_dimensions[letter].width = size
