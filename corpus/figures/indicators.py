"""Standard indicators (``dict/indicators.txt``): the figures these reports keep reporting,
so that figures compare across years and towns whatever words each report uses.

"法律顾问与公职律师共审查合同份数 284 份" and "审核各类合同245份" both report 合同审查份数.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass
from functools import lru_cache

from corpus.vocab import dict_text


@dataclass(frozen=True)
class Indicator:
    name: str
    units: frozenset[str]
    rules: tuple[tuple[str, ...], ...]  # any rule fits; every word of a rule must appear
    excluded: tuple[str, ...]

    def fits(self, label: str, unit: str) -> bool:
        if unit not in self.units:
            return False
        for rule in self.rules:
            if rule[0] in label and all(w in label for w in rule[1:]):
                return not any(w in label for w in self.excluded)
        return False


@lru_cache(maxsize=1)
def indicators() -> tuple[Indicator, ...]:
    """Every indicator, in the order they are tried."""
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",))
    parser.read_string(dict_text("indicators.txt"))
    out = []
    for name in parser.sections():
        section = parser[name]
        out.append(
            Indicator(
                name=name,
                units=frozenset(section.get("单位", "").split()),
                rules=tuple(tuple(r.split("+")) for r in section.get("包含", "").split()),
                excluded=tuple(section.get("排除", "").split()),
            )
        )
    return tuple(out)


def names() -> tuple[str, ...]:
    return tuple(i.name for i in indicators())


@lru_cache(maxsize=1)
def _by_unit() -> dict[str, tuple[Indicator, ...]]:
    units = {u for i in indicators() for u in i.units}
    return {u: tuple(i for i in indicators() if u in i.units) for u in units}


def classify(label: str, unit: str, span: str = "") -> str:
    """The indicator a figure reports, from its label (then its span), or "" if none fits."""
    candidates = _by_unit().get(unit, ())
    for text in (label, span) if span and span != label else (label,):
        for indicator in candidates:
            if indicator.fits(text, unit):
                return indicator.name
    return ""
