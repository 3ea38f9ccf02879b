"""Find the figures a report states: value, unit, qualifier, a label naming what is counted
and the standard indicator it reports.

"审查合同份数245份" → Figure(label="审查合同份数", value=245, unit="份", indicator="合同审查份数").
Units are the open class in ``dict/units.txt``; what is not a figure is decided by
``corpus.figures.rules``; labels are built by ``corpus.figures.labels``; indicators by
``corpus.figures.indicators``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from corpus.figures import labels
from corpus.figures import rules as figure_rules
from corpus.figures.indicators import classify
from corpus.figures.units import units
from corpus.reading.outline import part
from corpus.reading.parse import Report
from corpus.reading.text import normalize, sentences
from corpus.vocab import alternation, numeral_chars, numerals

CN_DIGITS = numeral_chars()  # every Chinese numeral, 〇 to 亿 (dict/numerals.txt)
_NUMBER = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_DIGITS}]+)"
_MULTIPLIERS = {c: v for c, v in numerals().items() if v >= 10}  # 十 百 千 万 亿
_MULTIPLIER = "".join(_MULTIPLIERS)


@lru_cache(maxsize=1)
def figure_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<pre>{alternation(labels.qualifiers())})?{_NUMBER}"
        rf"(?P<mult>[{_MULTIPLIER}])?(?P<post>余|多)?"
        rf"(?P<unit>{units().pattern})(?P<after>以上|左右|以下|余)?"
    )


@dataclass(frozen=True)
class Figure:
    label: str  # what is counted, as the report words it, e.g. "审查合同份数"
    value: float
    unit: str
    qualifier: str  # 余, 多, 近, 约, 不足, 上, 以上 … or ""
    span: str  # verbatim, from the label to the unit (or the number to the label)
    sentence: str
    indicator: str = ""  # the standard indicator (dict/indicators.txt), "" if none fits

    @property
    def number(self) -> str:
        """The value as a person writes it: 245, 96.1, 1000."""
        return f"{self.value:g}" if self.value != int(self.value) else str(int(self.value))

    @property
    def as_written(self) -> str:
        qual = self.qualifier
        if qual in ("余", "多"):
            return f"{self.number}{qual}{self.unit}"
        if qual in ("以上", "左右", "以下"):
            return f"{self.number}{self.unit}{qual}"
        return f"{qual}{self.number}{self.unit}"


@dataclass(frozen=True)
class PlacedFigure:
    """A figure with where it stands in its report."""

    figure: Figure
    section: str  # the section path, "" before the first heading
    section_ordinal: int | None
    passage_ordinal: int
    kind: str = ""  # the mandated part its section belongs to (outline.part, stored at ingest)


def report_figures(report: Report) -> list[PlacedFigure]:
    """Every figure of a parsed report, in reading order, with its section."""
    out = []
    where: dict[int | None, tuple[str, str]] = {}  # each section's path and part, once
    for passage in report.passages:
        figures = _extract_normalized(passage.text)  # passages are normalized already
        if not figures:
            continue
        if passage.section not in where:
            headings = report.path(passage.section)
            where[passage.section] = " › ".join(headings), part(headings) if headings else ""
        path, kind = where[passage.section]
        for fig in figures:
            out.append(PlacedFigure(fig, path, passage.section, passage.ordinal, kind))
    return out


def extract(text: str) -> list[Figure]:
    """All figures in ``text`` (a passage or any fragment), in reading order."""
    return _extract_normalized(" ".join(normalize(line) for line in text.splitlines()))


def _extract_normalized(text: str) -> list[Figure]:
    out: list[Figure] = []
    if not any(map(str.isdigit, text)) and not any(c in text for c in CN_DIGITS):
        return out  # no digit and no Chinese numeral
    for sentence in sentences(text) or [text]:
        if _HAS_NUMBER.search(sentence):
            out.extend(_from_sentence(sentence, _simplified(sentence)))
    return out


_HAS_NUMBER = re.compile(rf"[\d{CN_DIGITS}兩萬億]")  # and the traditional 兩 萬 億


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(sentence: str) -> str:
    """The sentence in simplified characters, for the rules and word lists (報告 written in
    traditional characters); only when every character maps to one, so offsets agree."""
    converted = _t2s().convert(sentence)
    return converted if len(converted) == len(sentence) else sentence


def _from_sentence(original: str, sentence: str) -> Iterator[Figure]:
    """Figures of ``sentence`` (simplified); label, span and sentence are taken verbatim from
    ``original`` at the same offsets."""
    blocked = figure_rules.blocked_ranges(sentence)
    counted = units().counted
    previous: tuple[int, str] | None = None  # (end of the last figure, its label)
    for m in figure_pattern().finditer(sentence):
        num, unit, mult = m.group("num"), m.group("unit"), m.group("mult")
        if mult and mult + unit in counted:  # 3.5万元: the unit is 万元, not 万 × 元
            unit, mult = mult + unit, None
        if unit[0] == "个" and unit[1:] in counted and unit[1:] not in ("百分点", "次"):
            unit = unit[1:]  # 60个学时 → 学时, 3个工作日 → 工作日
        if unit not in counted or figure_rules.inside(m.start("num"), blocked):
            continue
        prev_end = previous[0] if previous else 0
        start = labels.clause_start(sentence, m.start("num"), prev_end)
        lead = sentence[start : m.start("num")]
        if figure_rules.not_a_figure(sentence, m.start("num"), m.end("unit"), num, unit, lead):
            continue
        if num == "一" and m.group("pre"):
            continue
        value = _value(num, mult)
        if value is None:
            continue
        qualifier = m.group("pre") or m.group("post") or _after(m) or ""
        if previous and _same_label(sentence[previous[0] : m.start()], lead):
            label = previous[1]
            span_start = _label_start(sentence, label, m.start())
        else:
            label, span_start = _label(sentence, m, start)
        if not label:
            continue
        a, b = min(span_start, m.start()), max(m.end(), span_start + len(label))
        previous = (m.end(), label)
        indicator = classify(label, unit, sentence[a:b])
        if original != sentence and sentence[span_start : span_start + len(label)] == label:
            label = original[span_start : span_start + len(label)]
        yield Figure(label, value, unit, qualifier, original[a:b].strip(), original, indicator)


def _after(m: re.Match[str]) -> str:
    after = m.group("after") or ""
    return "余" if after == "余" and not m.group("post") else after


def _value(num: str, mult: str | None) -> float | None:
    if num[0].isdigit():
        value = float(num.replace(",", ""))
    else:
        import cn2an  # 0.1 s to import: only when a figure is written in Chinese numerals

        text = "一" + num if num[0] in _MULTIPLIERS else num
        try:
            value = float(cn2an.cn2an(text.replace("〇", "零"), "smart"))
        except (ValueError, KeyError):
            return None
    if mult:
        value *= _MULTIPLIERS[mult]
    return int(value) if value == int(value) else value


def _same_label(between: str, lead: str) -> bool:
    """ "141批348人次", "551批次（件次）918人次", "8类、18项": the second count shares the
    first's label."""
    if not lead.strip(" 、和及") and between.strip() in ("、", "和", "及"):
        return True
    if between.strip() in labels.words("同计"):
        return True  # "拆除违法建筑9处共计860平方米": the same things, measured again
    return re.fullmatch(r"\s*(?:[（(][^）)]{0,6}[）)])?\s*", between) is not None


def _label_start(sentence: str, label: str, before: int) -> int:
    found = sentence.rfind(label, 0, before)
    return found if found >= 0 else before


def _label(sentence: str, m: re.Match[str], start: int) -> tuple[str, int]:
    """The words naming what is counted, and where they start in the sentence."""
    lead = sentence[start : m.start()]
    pre, ends_in_verb = labels.pre_label(lead)
    post = labels.post_phrase(sentence[m.end() :])
    events = figure_rules.rules().event_units
    use_post = bool(post) and (
        not pre
        or post.startswith("的")
        or ends_in_verb
        or (m.group("unit") in events and labels.starts_with_verb(post))
    )
    if use_post:
        label = labels.post_label(post)
        if label:
            return label, m.end() + max(0, post.find(label[:2]))
    total = lead.strip(" 、，")
    before = labels.previous_clause(sentence, start)
    if not pre and total in labels.words("合计") and any(c.isdigit() for c in before):
        return total, start  # "满意163条，合计965条": a total of the counts before it
    if not pre:  # "开展送法进村活动，共计42场": the clause before names it
        pre, _ = labels.pre_label(before)
        return pre, max(0, sentence.rfind(pre, 0, m.start())) if pre else m.start()
    return labels.with_object(pre, before), _pre_start(sentence, pre, start, m.start())


def _pre_start(sentence: str, label: str, start: int, end: int) -> int:
    found = sentence.rfind(label, start, end + 1)
    return found if found >= 0 else start
