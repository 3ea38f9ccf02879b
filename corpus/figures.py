"""Find the figures a report states: value, unit, qualifier and a label naming what is counted.

"审查合同份数245份" → Figure(label="审查合同份数", value=245, unit="份"). Years, dates, document
numbers, ordinals, list numbers and numbers inside slogans or quotations are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import cn2an

from corpus.parse import Report
from corpus.segment import tokenizer
from corpus.text import normalize, sentences

UNITS = (
    "平方米|平方公里|公里|万元|亿元|元|件次|人次|批次|户次|学时|课时|工作日|个|次|件|份|场|批|名|人|家|台|架|支"
    "|套|处|张|项|户|篇|条|起|期|所|本|册|宗|位|部|辆|吨|%"
)
CN_DIGITS = "零一二两三四五六七八九十百千万亿"
_NUMBER = rf"(?P<num>\d+(?:\.\d+)?|[{CN_DIGITS}]+)"
FIGURE = re.compile(
    rf"(?P<pre>不少于|不低于|至少|近|约|超过|超|逾|不足|不到|将近|上)?{_NUMBER}"
    rf"(?P<mult>[十百千万亿](?!元))?(?P<post>余|多)?个?(?P<unit>{UNITS})(?P<after>以上|左右|以下)?"
)
# "一X" is a count only with these measure words (一名干部, 一场培训); 一批/一次/一个 are vague
ONE_UNITS = frozenset("名场家台所套篇件份位部支架辆")
NOUN_UNITS = frozenset("个名篇场家台项支架套所本册位部辆户处张")
LEADING = re.compile(
    r"^(?:其中|另外|同时|此外|今年以来|全年|年内|全镇|我镇|本镇|镇|累计|共计|总计|合计|共|先后|"
    r"已|均|新|还|并|分别|涉及|包括|完成|实现|达到|达|为|有|计|约|是|在|对|向|将|通过|通过对)+"
)
TRAILING = re.compile(r"(?:共计|总计|合计|累计|共|达到|达|为|计|有|约|超过|近|分别|等工作|等)+$")
VERB_START = re.compile(
    r"^(?:召开|开展|组织|举办|听取|参加|进行|走访|接待|主持|研究|印发|制定|出台|培养|选派|发布|"
    r"审议|讨论|集中|专题|成立|建立|设立|聘请)"
)
_SPLIT = re.compile(r"[，,；;：:。！？!?]")
POST_CUT = re.compile(r"(?<=.)(?:全部|积极|均|都|已|正在|逐步|实现|纳入|向|被|得到|与|在)")


@dataclass(frozen=True)
class Figure:
    label: str  # what is counted, e.g. "审查合同份数"
    value: float
    unit: str
    qualifier: str  # 余, 多, 近, 约, 不足, 上, 以上 … or ""
    span: str  # verbatim, from the label to the unit (or the number to the label)
    sentence: str

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


def report_figures(report: Report) -> list[PlacedFigure]:
    """Every figure of a parsed report, in reading order, with its section."""
    out = []
    for passage in report.passages:
        path = " › ".join(report.path(passage.section))
        for fig in _extract_normalized(passage.text):  # passages are normalized already
            out.append(PlacedFigure(fig, path, passage.section, passage.ordinal))
    return out


@lru_cache(maxsize=1)
def not_figures() -> tuple[str, ...]:
    """Fixed expressions whose numbers are names, not counts (``dict/not_figures.txt``)."""
    text = (resources.files("corpus") / "dict" / "not_figures.txt").read_text(encoding="utf-8")
    return tuple(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


def extract(text: str) -> list[Figure]:
    """All figures in ``text`` (a passage or any fragment), in reading order."""
    return _extract_normalized(" ".join(normalize(line) for line in text.splitlines()))


def _extract_normalized(text: str) -> list[Figure]:
    out: list[Figure] = []
    if not any(c.isdigit() or c in CN_DIGITS for c in text):
        return out
    for sentence in sentences(text) or [text]:
        out.extend(_from_sentence(sentence))
    return out


def _from_sentence(sentence: str) -> Iterator[Figure]:
    quoted = _quoted_ranges(sentence)
    blocked = _blocked_ranges(sentence)
    previous: tuple[int, str] | None = None  # (end of the last figure, its label)
    for m in FIGURE.finditer(sentence):
        if _excluded(sentence, m, quoted, blocked):
            continue
        value = _value(m.group("num"), m.group("mult"))
        if value is None:
            continue
        unit = m.group("unit")
        if m.group("mult") == "万" and unit == "元":
            unit = "万元"
        qualifier = m.group("pre") or m.group("post") or m.group("after") or ""
        if previous and _same_label(sentence[previous[0] : m.start()]):
            label, span_start = previous[1], _label_start(sentence, previous[1], m.start())
        else:
            label, span_start = _label(sentence, m, previous[0] if previous else 0)
        span = sentence[min(span_start, m.start()) : max(m.end(), span_start + len(label))]
        previous = (m.end(), label)
        if label:
            yield Figure(label, value, unit, qualifier, span.strip(), sentence)


def _quoted_ranges(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]*”|《[^》]*》|〔[^〕]*〕", sentence)]


def _blocked_ranges(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _not_figures_pattern().finditer(sentence)]


@lru_cache(maxsize=1)
def _not_figures_pattern() -> re.Pattern[str]:
    phrases = sorted(not_figures(), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases))


def _inside(pos: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def _excluded(
    sentence: str,
    m: re.Match[str],
    quoted: Sequence[tuple[int, int]],
    blocked: Sequence[tuple[int, int]],
) -> bool:
    start, num = m.start("num"), m.group("num")
    if _inside(start, quoted) or _inside(start, blocked):
        return True
    before = sentence[max(0, start - 1) : start]
    if before in ("第", "每") or (before.isdigit() or before == "."):
        return True
    if sentence[m.end() : m.end() + 1] == "性":  # 一次性
        return True
    # "一X" counts only with some measure words: 一名干部 yes, 一批/一次/一个 no
    return num == "一" and (m.group("unit") not in ONE_UNITS or bool(m.group("pre")))


def _value(num: str, mult: str | None) -> float | None:
    if num[0].isdigit():
        value = float(num)
    else:
        text = "一" + num if num[0] in "十百千万亿" else num
        try:
            value = float(cn2an.cn2an(text, "smart"))
        except (ValueError, KeyError):
            return None
    if mult:
        value *= {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[mult]
    return int(value) if value == int(value) else value


def _same_label(between: str) -> bool:
    """ "141批348人次", "551批次（件次）918人次": the second count shares the first's label."""
    return re.fullmatch(r"\s*(?:[（(][^）)]{0,6}[）)])?\s*", between) is not None


def _label_start(sentence: str, label: str, before: int) -> int:
    found = sentence.rfind(label, 0, before)
    return found if found >= 0 else before


def _label(sentence: str, m: re.Match[str], previous_end: int) -> tuple[str, int]:
    """The words naming what is counted, and where they start in the sentence."""
    clause_start = max((x.end() for x in _SPLIT.finditer(sentence, 0, m.start())), default=0)
    if (
        previous_end > clause_start
    ):  # "…3902件次、接待群众咨询7011余人次": start after the last figure
        clause_start = previous_end + (sentence[previous_end : previous_end + 1] in "、和及")
    pre = _clean_pre(sentence[clause_start : m.start()])
    post_match = re.match(r"(?:“[^”]*”|《[^》]*》|[^，,；;。！？、\d])*", sentence[m.end() :])
    post = (post_match.group() if post_match else "").strip("“”")
    use_post = bool(post) and (
        not pre
        or m.group("unit") in NOUN_UNITS
        or post.startswith("的")
        or bool(VERB_START.match(post))
    )
    if use_post:
        label = post.rsplit("的", 1)[-1] if "的" in post else post
        label = _noun_phrase(re.split(r"[（(，]", label)[0].replace("“", "").replace("”", ""))
        label = POST_CUT.split(label, maxsplit=1)[0][:16]
        if label:
            return label, m.end() + max(0, post.find(label[:2]))
    if not pre:
        return "", m.start()
    return pre, sentence.rfind(pre, clause_start, m.start() + 1)


@lru_cache(maxsize=1)
def _pos_tokenizer():  # type: ignore[no-untyped-def]
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer())


def _noun_phrase(text: str) -> str:
    """The noun phrase a measure word counts: "处级领导干部到镇…" → "处级领导干部".

    A leading verb is kept ("召开党委扩大会"); the phrase ends at the next verb or particle.
    """
    out, seen_noun = "", False
    for i, token in enumerate(_pos_tokenizer().lcut(text, HMM=False)):
        word, flag = token.word, token.flag
        if flag.startswith("n") or flag in ("vn", "j", "l", "i", "zg"):
            seen_noun = True
        elif flag == "c" and seen_noun:
            pass  # "行政职权事项和便民服务事项"
        elif flag.startswith("v") and (i == 0 or not seen_noun):
            pass  # "召开党委扩大会"; jieba also tags "处级" as a verb
        elif flag in ("a", "b", "f", "s") and not seen_noun:
            pass
        else:
            break
        out += word
    return out


def _clean_pre(text: str) -> str:
    text = re.sub(r"^\d{4}年(?:度|以来|全年|上半年|下半年)?", "", text.strip("、 "))
    text = TRAILING.sub("", LEADING.sub("", text)).strip("“”、 ")
    if len(text) > 16:  # keep the last whole words
        kept = ""
        for word in reversed(tokenizer().lcut(text, HMM=False)):
            if len(kept) + len(word) > 14:
                break
            kept = word + kept
        text = kept.lstrip("的、和与及")
    return text
