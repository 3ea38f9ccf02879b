"""Places: what a report is about (a township, or a county, city or province of its own),
and the one way to find a stored place from however a person writes its name."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from corpus.places.gazetteer import (
    COUNTY,
    PREFECTURE,
    PROVINCE,
    Division,
    gazetteer,
    short_form,
    township_endings,
    unlisted_endings,
)
from corpus.vocab import alternation, dict_sections

TOWNSHIP_LEVELS = tuple(end for end, _ in township_endings())  # 街道 镇 苏木 乡


@dataclass(frozen=True)
class Place:
    """A reporting unit. Its identity is its division code, or else its county and name:
    two 和平镇 of different counties are two places."""

    name: str  # simplified, as the division table writes it (沙湾街道), else as the text does
    level: str  # 镇, 乡, 街道, 苏木, 区, 县, 市, 旗…
    county: str | None = None
    city: str | None = None
    province: str | None = None
    code: str | None = None

    @property
    def key(self) -> str:
        return self.code or f"{self.county or ''}/{self.name}"

    @property
    def path(self) -> tuple[str, ...]:
        """province › prefecture › county › township, without repeats or gaps."""
        parts = [self.province, self.city, self.county, self.name]
        return tuple(dict.fromkeys(p for p in parts if p))


def from_division(division: Division) -> Place:
    """The place of a division of the table, with its path."""
    path = gazetteer().path(division.code)
    by_rank = {d.rank: d.name for d in path}
    province = by_rank.get(PROVINCE)
    city = by_rank.get(PREFECTURE) or (province if COUNTY in by_rank else None)
    county = by_rank.get(COUNTY)
    return Place(division.name, division.level, county, city, province, division.code)


def township_ending_pattern(endings: Sequence[str] = TOWNSHIP_LEVELS) -> str:
    """The endings of a township name as a regular expression, longest first; 乡 not before
    村 (乡村振兴 names no 乡)."""
    ordered = sorted(dict.fromkeys(endings), key=lambda e: (-len(e), e))
    return "|".join("乡(?!村)" if e == "乡" else re.escape(e) for e in ordered)


def level_of_name(name: str) -> str:
    """The level of a name the division table lacks, from its ending (``dict/levels.txt``)."""
    for suffix, level in unlisted_endings():
        if name.endswith(suffix):
            return level
    return "镇"


@lru_cache(maxsize=2)
def org_suffixes(signing: bool = False) -> frozenset[str]:
    """The endings of an organisation's name after a place (``dict/place_orgs.txt``): every
    one, or (``signing``) those that sign a report or head its red header (人民政府, 党委…)."""
    sections = dict_sections("place_orgs.txt")
    if signing:
        return frozenset(sections["署名"])
    return frozenset(w for k, words in sections.items() if k != "收文" for w in words)


@lru_cache(maxsize=1)
def _org_tail() -> re.Pattern[str]:
    """An organisation's name ending a typed place name (辛口镇人民政府, 沙湾街道办事处), less
    the endings that start with 街道 (沙湾街道办事处 is 沙湾街道, not 沙湾)."""
    return re.compile(f"(?:{alternation(w for w in org_suffixes() if not w.startswith('街道'))})$")


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """Traditional characters as simplified (OpenCC t2s); the text is otherwise unchanged."""
    return _t2s().convert(text) if text else text


def place_named(name: str) -> Place:
    """The place a typed name (``--town``) means in the table: "西青区辛口镇", "辛口", "沙湾街"
    (when one division has that name, or the county written before it picks one); else the
    name as written."""
    from corpus.places.locate import Parts, locate

    text = clean_query(name)
    found = locate(Parts(text))
    if found is not None and found.code:
        return found
    divisions = gazetteer().lookup(text)
    if len(divisions) == 1:
        return from_division(divisions[0])
    if found is not None:
        return found
    return Place(text, level_of_name(text))


# -- naming a stored place -------------------------------------------------------------------


def name_forms(name: str) -> set[str]:
    """Every way to write one name: 沙湾街道 → 沙湾街道, 沙湾街, 沙湾; 辛口镇 → 辛口镇, 辛口."""
    forms = {name, short_form(name)}
    if name.endswith("街道"):
        forms.add(name[:-1])
    return {f for f in forms if len(f) >= 2}


@lru_cache(maxsize=200_000)  # a catalog rebuilt for one new place reads the others' again
def place_forms(place: Place) -> frozenset[str]:
    """Every way a person may write ``place``: with or without its suffix, its county (whole
    or short) or city in front: 辛口, 辛口镇, 西青区辛口镇, 西青辛口, 天津市西青区辛口镇…"""
    names = name_forms(place.name)
    prefixes = {""}
    for upper in (place.county, place.city):
        if upper and upper != place.name:
            prefixes |= {upper, short_form(upper)}
    if place.city and place.county and place.county != place.name:
        prefixes.add(place.city + place.county)
        if place.province and place.province != place.city:
            prefixes.add(place.province + place.city + place.county)
    return frozenset(p + n for p in prefixes for n in names)


def clean_query(name: str) -> str:
    """What a person typed, as compared with the forms: simplified, no spaces, no organ."""
    text = simplified(re.sub(r"\s+", "", name or ""))
    stripped = _org_tail().sub("", text)
    if stripped and stripped != text:
        text = stripped if not stripped.endswith("街") else stripped + "道"
    return text


def labels(places: Sequence[Place]) -> list[str]:
    """A name for each place, unique among ``places``: the bare name when no other stored place
    has it, else with its county in front (武清区和平镇), else with its code."""
    count: dict[str, int] = {}
    for p in places:
        count[p.name] = count.get(p.name, 0) + 1
    out: list[str] = []
    seen: set[str] = set()
    for p in places:
        label = p.name if count[p.name] == 1 or not p.county else f"{p.county}{p.name}"
        if p.county == p.name:
            label = p.name
        if label in seen:
            label = f"{label}（{p.code or p.key}）"
        seen.add(label)
        out.append(label)
    return out


def forms_index(places: Mapping[str, Place]) -> list[tuple[str, str]]:
    """(form, label) for finding places named inside a question, longest form first; forms
    that name more than one place are left out."""
    owners: dict[str, set[str]] = {}
    for label, place in places.items():
        for form in place_forms(place) | {label}:
            owners.setdefault(form, set()).add(label)
    pairs = [(f, next(iter(ls))) for f, ls in owners.items() if len(ls) == 1]
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


@lru_cache(maxsize=1)
def _s2t():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=4096)
def traditional(text: str) -> str:
    """Simplified characters as traditional (OpenCC s2t), to find words of reports written in
    traditional characters in the full-text index."""
    return _s2t().convert(text) if text else text
