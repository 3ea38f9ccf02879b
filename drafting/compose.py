"""Draft next year's report from a stored report, its figures and a template."""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.errors import ReportNotFoundError, TownreportError
from corpus.storage.store import Store
from drafting import templates
from drafting.context import BLANK, build, empty
from drafting.sandbox import TemplateProblem, render

_BLANK_LINES = re.compile(r"\n{3,}")
PLACE = re.compile(r"^[\u4e00-\u9fff]{1,18}(?:镇|乡|街道|区|县|市|旗|苏木)$")


class NoSourceReportError(TownreportError):
    """Nothing earlier than the year to draft (and no skeleton asked for)."""


@dataclass(frozen=True)
class Draft:
    town: str
    year: int
    source_year: int  # 0: no earlier report, a clean skeleton from the template
    source_title: str
    template: str
    markdown: str
    figures: int  # figures carried over from the source report
    plans: int  # last year's plan items in the checklist
    placeholders: int  # blanks to fill in
    known: tuple[str, ...] = ()  # years stored for the town (for the note of a skeleton)
    towns: tuple[str, ...] = ()  # places stored, when this one has no report at all
    warning: str | None = None  # the saved template failed here: the built-in one was used

    @property
    def has_source(self) -> bool:
        return self.source_year > 0

    @property
    def note(self) -> str:
        """What the draft is based on (and any fallback to the built-in template), for the user."""
        return self._basis() + (f"\n注意：{self.warning}" if self.warning else "")

    def _basis(self) -> str:
        if not self.has_source:
            have = "、".join(self.known)
            where = f"（已有{have}年的报告，都不早于{self.year}年）" if have else ""
            if not have and self.towns:
                where = f"（已有报告的地方：{'、'.join(self.towns)}；如输错了名称，请改正后重试）"
            return (
                f"数据库中没有{self.town}{self.year}年以前的报告{where}，"
                "已按模板生成空白框架；导入上一年度报告后再起草，可沿用其数字和安排。"
            )
        if self.source_year == self.year - 1:
            return f"依据{self.source_title}起草。"
        return (
            f"没有{self.town}{self.year - 1}年的报告，改为依据最近的"
            f"{self.source_year}年报告（{self.source_title}）起草。"
        )


def source_year(store: Store, town: str, year: int) -> int | None:
    """The year to draft from: the year before, else the latest earlier one, else None."""
    earlier = [y for y in store.available().get(town, []) if y < year]
    if not earlier:
        return None
    return year - 1 if year - 1 in earlier else max(earlier)


def compose(
    store: Store,
    town: str,
    year: int,
    template: str = "default",
    source: str | None = None,
    prompts: bool = True,
    skeleton: bool = False,
    fallback: bool = True,
) -> Draft:
    """Render ``template`` (a name, or the template text in ``source``) for ``town``/``year``.

    With no earlier report for the place (or none at all for a name that reads as a place:
    "某某镇", "某某区") the draft is the template's clean skeleton when ``skeleton`` is set;
    otherwise NoSourceReportError / ReportNotFoundError. ``prompts`` switches the grey
    上年内容 lines on or off. When a saved version of a named template fails for this place
    (and ``fallback`` is set), the built-in template drafts it and ``warning`` says why.
    """
    town = _resolve(store, town, year, skeleton)
    base = source_year(store, town, year)
    if base is None and not skeleton:
        have = "、".join(map(str, store.available().get(town, [])))
        raise NoSourceReportError(
            f"没有{town}{year}年以前的报告可作依据（已有：{have}）。"
            f"请先用 townreport ingest 导入{town}{year - 1}年的报告。"
        )
    text = source if source is not None else templates.source(store, template)
    saved = source is None and fallback and text != templates.fallback_source(template)
    if base is None:
        county = _county(store, town)
        markdown, warning = _render(text, empty(town, county, year, prompts), template, saved)
        available = store.available()
        known = tuple(str(y) for y in available.get(town, []))
        towns = () if known else tuple(available)
        blanks = markdown.count(BLANK)
        return Draft(town, year, 0, "", template, markdown, 0, 0, blanks, known, towns, warning)
    context, figures = draft_context(store, town, base, year, prompts)
    markdown, warning = _render(text, context, template, saved)
    report_title = str(getattr(context["prior"], "title", ""))
    return Draft(
        town=town,
        year=year,
        source_year=base,
        source_title=report_title,
        template=template,
        markdown=markdown,
        figures=len(figures),
        plans=len(context["plans"]),  # type: ignore[arg-type]
        placeholders=markdown.count(BLANK),
        warning=warning,
    )


def draft_context(
    store: Store, town: str, base: int, year: int, prompts: bool = True
) -> tuple[dict[str, object], list[object]]:
    """The template context for drafting ``year`` from the stored report of ``base``."""
    info, report = store.load(town, base)
    figures = store.figures(town, base)
    return build(report, figures, year, info.source_name, prompts), list(figures)


def _render(
    text: str, context: dict[str, object], template: str, saved: bool
) -> tuple[str, str | None]:
    """The rendered draft; a saved template that fails falls back to the built-in one."""
    try:
        return _tidy(render(text, context)), None
    except TemplateProblem as exc:
        if not saved:
            raise
        builtin = templates.fallback_source(template)
        warning = (
            f"保存的模板“{template}”在这里渲染失败（{exc}），已改用内置模板起草；"
            f"请用 townreport template edit {template} 修正。"
        )
        return _tidy(render(builtin, context)), warning


def _resolve(store: Store, town: str, year: int, skeleton: bool) -> str:
    try:
        return store.resolve_town(town, year)
    except ReportNotFoundError:
        if skeleton and PLACE.match(town.strip()):
            return town.strip()
        raise


def _county(store: Store, town: str) -> str:
    """The county a stored town's latest report names, if any."""
    years = store.available().get(town, [])
    for y in reversed(years):
        county = store.load(town, y)[1].county
        if county:
            return county
    return ""


def _tidy(markdown: str) -> str:
    """At most one empty line between blocks."""
    return _BLANK_LINES.sub("\n\n", markdown).strip("\n") + "\n"
