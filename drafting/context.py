"""The template context: last year's report regrouped under the mandated structure.

Every variable a template may use is built here and documented in ``templates/README.md``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.figures.extract import PlacedFigure
from corpus.reading.parse import Report
from drafting.parts import (
    KINDS,
    FigureItem,
    Item,
    Part,
    build_parts,
    figure_item,
    figure_part,
    prompt,
    section_parts,
)

__all__ = ["BLANK", "KINDS", "FigureItem", "Item", "Part", "Prior", "build", "empty", "figure_item"]

BLANK = "____"
DATE_BLANK = "××××年××月××日"
PROMPT_MARK = "上年内容"
COUNTY_LEVEL = re.compile(r"(?:区|县|市|旗)$")
_ADDRESSEE_LEVEL = re.compile(r"(区|县|市|旗)(?:人民)?政府")
_DOC_YEAR = re.compile(r"[〔\[［](\d{4})[〕\]］]\s*\d+\s*号")


@dataclass(frozen=True)
class Prior:
    title: str
    year: int
    source: str
    meta: dict[str, str]


def build(
    report: Report,
    figures: Sequence[PlacedFigure],
    year: int,
    source: str,
    prompts: bool = True,
) -> dict[str, object]:
    """The context for drafting ``year`` from ``report`` (an earlier year) and its figures."""
    parts, overview_figures, preamble = build_parts(report, figures)
    kinds = section_parts(report)
    achievements = parts["achievements"]
    intro = [*overview_figures, *achievements.figures]
    meta = dict(report.meta)
    context = _common(report.town, report.county or "", year, meta, prompts)
    context.update(
        {
            "has_prior": True,
            "prior_year": report.year,
            "prior": Prior(report.title, report.year, source, meta),
            "overview": prompt("\n".join(preamble), overview_figures),
            "intro_figures": intro,
            "parts": parts,
            "achievements": list(achievements.items),
            "problems": list(parts["problems"].items),
            "duty": list(parts["duty"].items),
            "plans": list(parts["plans"].items),
            "figures": [figure_item(p, figure_part(report, p, kinds)) for p in figures],
            "doc_number": _doc_number(meta.get("doc_number", ""), report.year, year),
        }
    )
    return context


def empty(town: str, county: str, year: int, prompts: bool = True) -> dict[str, object]:
    """The context for a place with no earlier report: a clean skeleton."""
    context = _common(town, county, year, {}, prompts)
    none = {kind: Part(kind, (), "", "", (), ()) for kind in KINDS}
    context.update(
        {
            "has_prior": False,
            "prior_year": year - 1,
            "prior": Prior("", 0, "", {}),
            "overview": "",
            "intro_figures": [],
            "parts": none,
            **{kind: [] for kind in KINDS},
            "figures": [],
            "doc_number": "",
        }
    )
    return context


def _common(
    town: str, county: str, year: int, meta: dict[str, str], prompts: bool
) -> dict[str, object]:
    county_level = bool(COUNTY_LEVEL.search(town)) and not town.endswith("街道")
    return {
        "town": town,
        "county": county,
        "county_level": county_level,
        "superior": "市委、市政府"
        if county_level
        else _superior(county, meta.get("addressee", "")),
        "year": year,
        "next_year": year + 1,
        "title": f"{town}{year}年度法治政府建设情况报告",
        "blank": BLANK,
        "prompts": prompts,
        "prompt_mark": PROMPT_MARK,
        "addressee": meta.get("addressee", ""),
        "signature": meta.get("signature") or organisation(town),
        "signed_on": DATE_BLANK,
        "issuer": meta.get("issuer", "") if meta.get("doc_number") else "",
        "disclosure": meta.get("disclosure", ""),
    }


def organisation(town: str) -> str:
    """The name a place signs with: 八里台镇人民政府, 某某街道办事处, 某某区人民政府."""
    return f"{town}办事处" if town.endswith("街道") else f"{town}人民政府"


def _superior(county: str, addressee: str) -> str:
    """区委、区政府 / 县委、县政府 / 市委、市政府: from the county, else the 主送机关."""
    level = county[-1:] if county else ""
    if not level and (m := _ADDRESSEE_LEVEL.search(addressee)):
        level = m.group(1)
    return {"县": "县委、县政府", "市": "市委、市政府", "旗": "旗委、旗政府"}.get(
        level, "区委、区政府"
    )


def _doc_number(prior: str, prior_year: int, year: int) -> str:
    """Last year's 文号 with this year's year and the number left blank."""
    m = _DOC_YEAR.search(prior)
    if not m:
        return ""
    shift = int(m.group(1)) - prior_year  # 2024年的报告用〔2024〕或〔2025〕
    return f"{prior[: m.start()]}〔{year + shift}〕{BLANK}号"
