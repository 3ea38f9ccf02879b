"""Draft next year's report from a stored report, its figures and a template."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.errors import NoSourceReportError, ReportNotFoundError
from corpus.places.catalog import PlaceCatalog, StoredPlace
from corpus.storage.store import Store
from drafting import templates
from drafting.context import BLANK, build, empty
from drafting.sandbox import TemplateProblem, render

__all__ = ["Draft", "NoSourceReportError", "TemplateFallback", "compose", "draft_context"]

_BLANK_LINES = re.compile(r"\n{3,}")
PLACE = re.compile(r"^[\u4e00-\u9fff]{1,18}(?:镇|乡|街道|区|县|市|旗|苏木)$")


@dataclass(frozen=True)
class TemplateFallback:
    """The saved template failed for this place: the built-in one drafted it instead."""

    template: str  # the template's name
    problem: TemplateProblem  # why the saved version failed (its line, if known)

    @property
    def line(self) -> int | None:
        return self.problem.line


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
    fallback: TemplateFallback | None = None  # the saved template failed here

    @property
    def has_source(self) -> bool:
        return self.source_year > 0

    @property
    def nearest_source(self) -> bool:
        """No report of the year before: the latest earlier one was drafted from."""
        return self.has_source and self.source_year != self.year - 1


def source_year(years: Sequence[int], year: int) -> int | None:
    """The year to draft from, among the ``years`` stored: the year before, else the latest
    earlier one, else None."""
    earlier = [y for y in years if y < year]
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

    The place is resolved once and its source report read once, with its figures. With no
    earlier report for the place (or none at all for a name that reads as a place: "某某镇",
    "某某区") the draft is the template's clean skeleton when ``skeleton`` is set; otherwise
    NoSourceReportError / ReportNotFoundError. ``prompts`` switches the grey 上年内容 lines on
    or off. When a saved version of a named template fails for this place (and ``fallback``
    is set), the built-in template drafts it and ``fallback`` says why.
    """
    catalog = store.available()
    place = _resolve(catalog, town, year, skeleton)
    label = place.label if place is not None else town.strip()
    years = place.years if place is not None else ()
    base = source_year(years, year)
    if base is None and not skeleton:
        raise NoSourceReportError(label, year, years)
    text = source if source is not None else templates.source(store, template)
    saved = source is None and fallback and text != templates.fallback_source(template)
    if base is None:
        county = (place.place.county or "") if place is not None else ""
        markdown, problem = _render(text, empty(label, county, year, prompts), template, saved)
        known = tuple(str(y) for y in years)
        towns = () if known else tuple(catalog)
        blanks = markdown.count(BLANK)
        return Draft(label, year, 0, "", template, markdown, 0, 0, blanks, known, towns, problem)
    assert place is not None
    context, figures = draft_context(store, place, base, year, prompts)
    markdown, problem = _render(text, context, template, saved)
    report_title = str(getattr(context["prior"], "title", ""))
    return Draft(
        town=label,
        year=year,
        source_year=base,
        source_title=report_title,
        template=template,
        markdown=markdown,
        figures=len(figures),
        plans=len(context["plans"]),  # type: ignore[arg-type]
        placeholders=markdown.count(BLANK),
        fallback=problem,
    )


def draft_context(
    store: Store, place: StoredPlace, base: int, year: int, prompts: bool = True
) -> tuple[dict[str, object], list[object]]:
    """The template context for drafting ``year`` from the stored report of ``base``."""
    info, report, figures = store.load_with_figures(place, base)
    return build(report, figures, year, info.source_name, prompts), list(figures)


def _render(
    text: str, context: dict[str, object], template: str, saved: bool
) -> tuple[str, TemplateFallback | None]:
    """The rendered draft; a saved template that fails falls back to the built-in one."""
    try:
        return _tidy(render(text, context)), None
    except TemplateProblem as exc:
        if not saved:
            raise
        builtin = templates.fallback_source(template)
        return _tidy(render(builtin, context)), TemplateFallback(template, exc)


def _resolve(catalog: PlaceCatalog, town: str, year: int, skeleton: bool) -> StoredPlace | None:
    """The stored place; None for a name not stored that reads as a place, when a skeleton
    may be drafted for it."""
    try:
        return catalog.find(town, year)
    except ReportNotFoundError:
        if skeleton and PLACE.match(town.strip()):
            return None
        raise


def _tidy(markdown: str) -> str:
    """At most one empty line between blocks."""
    return _BLANK_LINES.sub("\n\n", markdown).strip("\n") + "\n"
