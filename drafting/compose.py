"""Draft next year's report from a stored report, its figures and a template."""

from __future__ import annotations

from dataclasses import dataclass

from corpus.errors import TownreportError
from corpus.store import Store
from drafting import templates
from drafting.context import BLANK, build
from drafting.sandbox import render


class NoSourceReportError(TownreportError):
    """Nothing earlier than the year to draft."""


@dataclass(frozen=True)
class Draft:
    town: str
    year: int
    source_year: int
    source_title: str
    template: str
    markdown: str
    figures: int  # figures carried over from the source report
    plans: int  # last year's plan items in the checklist
    placeholders: int  # blanks to fill in

    @property
    def note(self) -> str:
        """What the draft is based on, for the user."""
        if self.source_year == self.year - 1:
            return f"依据{self.source_title}起草。"
        return (
            f"没有{self.town}{self.year - 1}年的报告，改为依据最近的"
            f"{self.source_year}年报告（{self.source_title}）起草。"
        )


def source_year(store: Store, town: str, year: int) -> int:
    """The year to draft from: the year before, else the latest earlier one."""
    available = store.available()
    years = available.get(town, [])
    earlier = [y for y in years if y < year]
    if not earlier:
        have = "、".join(map(str, years))
        raise NoSourceReportError(
            f"没有{town}{year}年以前的报告可作依据（已有：{have}）。"
            f"请先用 townreport ingest 导入{town}{year - 1}年的报告。"
        )
    return year - 1 if year - 1 in earlier else max(earlier)


def compose(
    store: Store, town: str, year: int, template: str = "default", source: str | None = None
) -> Draft:
    """Render ``template`` (a name, or the template text in ``source``) for ``town``/``year``."""
    town = store.resolve_town(town, year)
    base = source_year(store, town, year)
    info, report = store.load(town, base)
    figures = store.figures(town, base)
    context = build(report, figures, year, info.source_name)
    text = source if source is not None else templates.source(store, template)
    markdown = render(text, context)
    return Draft(
        town=town,
        year=year,
        source_year=base,
        source_title=report.title,
        template=template,
        markdown=markdown,
        figures=len(figures),
        plans=len(context["plans"]),  # type: ignore[arg-type]
        placeholders=markdown.count(BLANK),
    )
