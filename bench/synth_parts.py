"""The parts of a synthetic report (bench/synth.py): the sentence pool read from the bundled
reports, and the assembly of one document from it."""

from __future__ import annotations

import random
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bench import synth_words as w
from corpus.ingest import bundled_dir, parse_file
from corpus.places.gazetteer import COUNTY, gazetteer, level_of, short_form
from corpus.reading import outline
from corpus.reading.text import HEADING_MARKER, sentences
from corpus.settings import Settings

if TYPE_CHECKING:
    from bench.synth import Local, Town

PARTS = ("achievements", "problems", "duty", "plans")
# the bundled towns and counties, as placeholders: ⟨T⟩ town, ⟨t⟩ its short form, ⟨C⟩ county…
_NAMES = (
    ("天津市", "⟨P⟩"),
    ("天津", "⟨p⟩"),
    ("西青区", "⟨C⟩"),
    ("津南区", "⟨C⟩"),
    ("西青", "⟨c⟩"),
    ("津南", "⟨c⟩"),
    ("辛口镇", "⟨T⟩"),
    ("杨柳青镇", "⟨T⟩"),
    ("张家窝镇", "⟨T⟩"),
    ("八里台镇", "⟨T⟩"),
    ("辛口", "⟨t⟩"),
    ("杨柳青", "⟨t⟩"),
    ("张家窝", "⟨t⟩"),
    ("八里台", "⟨t⟩"),
    ("区委", "⟨C⟩委"),
    ("区政府", "⟨C⟩政府"),
)
FIGURE = re.compile(
    r"(\d+(?:\.\d+)?)(\s*(?:余|多)?\s*(?:件次|人次|批次|份|次|件|批|名|个|场|篇|条|起|家|台|项|元|万元|处|%))"
)
YEAR = re.compile(r"(20[0-3]\d)(?=\s*年)")
HEADINGS = {
    "achievements": (
        "{y}年推进法治政府建设的主要举措和成效",
        "主要举措与成效",
        "法治政府建设的主要举措和成效",
        "{y}年度法治政府建设工作开展情况",
        "推进法治政府建设的主要做法及成效",
    ),
    "problems": (
        "存在的不足和原因",
        "存在的问题及原因",
        "法治政府建设存在的不足和原因",
        "存在的短板和不足",
        "当前工作中存在的问题",
    ),
    "duty": (
        "党政主要负责人履行推进法治建设第一责任人职责情况",
        "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "履行推进法治建设第一责任人职责情况",
    ),
    "plans": (
        "{n}年推进法治政府建设的主要安排",
        "下一年度推进法治政府建设的主要安排",
        "下一步工作打算",
        "{n}年工作计划",
    ),
}
CN = "一二三四五六七八九十"
CARRY = 0.35  # the share of parts a town carries over from its usual report


@dataclass(frozen=True)
class Pool:
    sentences: dict[str, tuple[tuple[str, int], ...]]  # part → (sentence, its source year)
    weights: dict[str, tuple[float, ...]]
    headings: dict[str, tuple[str, ...]]
    openings: tuple[tuple[str, int], ...]


# "区" meaning the bundled towns' district: a county's reports write 县 or 市 there
_DISTRICT = re.compile(
    r"(?<=[全到动织调与、，])区(?=[大财体司部代相有、关级政委])|区(?=、镇|、市)|(?<=市、)区"
)


def _placeholders(text: str) -> str:
    for real, mark in _NAMES:
        text = text.replace(real, mark)
    return _DISTRICT.sub("⟨L⟩", text)


@lru_cache(maxsize=1)
def pool() -> Pool:
    """Sentences and sub-headings of the bundled reports, by mandated part, names masked."""
    settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tempfile.gettempdir()})
    sents: dict[str, dict[str, int]] = {p: {} for p in PARTS}
    heads: dict[str, dict[str, None]] = {p: {} for p in PARTS}
    openings: dict[str, int] = {}
    for path in sorted(bundled_dir().glob("*.txt")):
        report, _, _ = parse_file(path, settings, None, None)
        for s in report.sections:
            if s.level >= 2 and 4 <= len(s.title) <= 30:
                heads[outline.part(report.path(s.ordinal))][_placeholders(s.title)] = None
        for p in report.passages:
            part = outline.part(report.path(p.section), p.text) if p.section is not None else ""
            for sentence in sentences(p.text):
                m = HEADING_MARKER.match(sentence)
                if m:
                    if len(sentence) < 30:
                        continue  # an item's heading repeated as its first sentence
                    sentence = sentence[m.end() :]
                if len(sentence) < 12 or not sentence.endswith(("。", "；")):
                    continue
                text = _placeholders(sentence.rstrip("；") + ("" if sentence[-1] == "。" else "。"))
                if not part:
                    if not re.match(r"20\d\d", text) and "如下" not in text:
                        openings[text] = report.year
                else:
                    sents[part][text] = report.year
    rng = random.Random(1)
    weights = {}
    for part, found in sents.items():  # Zipf: a few sentences everywhere, most rare
        ranks = list(range(1, len(found) + 1))
        rng.shuffle(ranks)
        weights[part] = tuple(1 / r**0.9 for r in ranks)
    return Pool(
        {p: tuple(v.items()) for p, v in sents.items()},
        weights,
        {p: tuple(v) for p, v in heads.items()},
        tuple(openings.items()),
    )


class Writer:
    """Fills the pool's sentences and the templates for one place and year."""

    def __init__(self, town: Town, year: int, local: Local, rng: random.Random) -> None:
        self.town, self.year, self.local, self.rng = town, year, local, rng
        self.names = {
            "⟨P⟩": town.province,
            "⟨p⟩": short_form(town.province),
            "⟨C⟩": town.county,
            "⟨c⟩": short_form(town.county),
            "⟨T⟩": town.name,
            "⟨t⟩": short_form(town.name),
            "⟨L⟩": level_of(town.county, COUNTY) if town.county[-1] in "区县市旗" else "县",
        }
        term = min((year - 2015) // 3, len(local.secretaries) - 1)
        self.secretary, self.head = local.secretaries[term], local.heads[term]

    def fill(self, text: str, source_year: int | None = None) -> str:
        rng = self.rng
        for mark, name in self.names.items():
            text = text.replace(mark, name)
        if source_year is not None and source_year != self.year:
            shift = self.year - source_year
            text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
        factor = self.local.size * rng.uniform(0.7, 1.4)
        text = FIGURE.sub(lambda m: _scaled(m.group(1), factor) + m.group(2), text)
        text = w.for_year(w.for_level(text, self.town.level), self.year)
        return w.vary(text, rng)

    def slot(self, part: str) -> str:
        rng, lo = self.rng, self.local
        v1, v2 = rng.sample(lo.villages, 2)
        topic = rng.choice(w.TOPICS)
        size = lo.size
        values = {
            "T": self.town.name,
            "lvl": self.town.level if self.town.level != "街道" else "街道",
            "head": {"镇": "镇长", "乡": "乡长"}.get(self.town.level, "街道办事处主任"),
            "v": v1,
            "v2": v2,
            "theme": rng.choice(w.THEMES),
            "dispute": rng.choice(w.DISPUTES),
            "topic": topic,
            "topic_plain": topic.replace("“", "").replace("”", ""),
            "firm": lo.firm,
            "lawyer": rng.choice(lo.lawyers),
            "company": rng.choice(lo.companies),
            "project": rng.choice(lo.projects),
            "person": self.secretary,
            "person2": self.head,
            "level": rng.choice(("省", "市", "县")),
            "next": str(self.year + 1),
            "n": str(max(3, round(rng.randint(20, 400) * size))),
            "m": str(max(2, round(rng.randint(10, 200) * size))),
            "k": str(rng.randint(2, 12)),
            "k2": str(rng.randint(1, 4)),
            "x": f"{rng.uniform(0.5, 80) * size:.1f}",
            "pct": str(rng.randint(85, 99)),
            "pct2": f"{rng.uniform(95, 99.9):.1f}",
        }
        return w.for_year(rng.choice(w.TEMPLATES[part]).format(**values), self.year)

    def sentences(self, part: str, count: int, used: set[str], picker: random.Random) -> list[str]:
        pool_ = pool()
        items, weights = pool_.sentences[part], pool_.weights[part]
        if not items:
            items, weights = pool_.sentences["achievements"], pool_.weights["achievements"]
        out: list[str] = []
        for text, year in picker.choices(items, weights, k=count):
            if text not in used and w.fits(text, self.year):
                used.add(text)
                out.append(self.fill(text, year))
        return out


def _scaled(number: str, factor: float) -> str:
    if "." in number:
        return f"{min(float(number) * factor, 99.9):.1f}"
    return str(max(1, round(int(number) * factor)))


def document(town: Town, year: int, local: Local, source: Pool, rng: random.Random) -> str:
    """One report: header forms, title, opening, the four parts, signature."""
    wr = Writer(town, year, local, rng)
    lines = _front(wr)
    lines.append(_opening(wr, source))
    order = list(PARTS)
    if rng.random() < 0.25:  # some towns open with the duty part
        order.remove("duty")
        order.insert(0, "duty")
    used: set[str] = set()
    for i, part in enumerate(order):
        heading = rng.choice(HEADINGS[part]).format(y=year, n=year + 1)
        lines.append(f"{CN[i]}、{heading}")
        lines.extend(_part(wr, part, source, used))
    lines.extend(_back(wr))
    return "\n\n".join(lines) + "\n"


def _part(wr: Writer, part: str, source: Pool, used: set[str]) -> list[str]:
    """One mandated part: a new one, or (``CARRY``) the place's usual one again, its
    structure and sentences kept, its figures and wording edited as a town does each year."""
    rng = random.Random(f"{wr.local.key}/{part}") if wr.rng.random() < CARRY else wr.rng
    big = part == "achievements"
    count = rng.randint(3, 6) if big else rng.randint(2, 4)
    candidates = list(source.headings[part] or source.headings["achievements"])
    heads = rng.sample(candidates, min(count, len(candidates)))
    style = wr.local.style
    out: list[str] = []
    for j, head in enumerate(heads):
        title = wr.fill(head)
        paragraphs = rng.randint(1, 3) if big else 1
        body = [_paragraph(wr, part, used, big, rng) for _ in range(paragraphs)]
        if style == 3 or (not big and style == 2):  # "一是……。" items, no heading lines
            out.append(f"{CN[j]}是{title}。{body[0]}")
            out.extend(body[1:])
        else:
            out.append(f"（{CN[j]}）{title}")
            if big and style == 1 and paragraphs > 1:  # numbered items under the heading
                out.extend(f"{k}.{p}" for k, p in enumerate(body, 1))
            else:
                out.extend(body)
    return out


def _paragraph(wr: Writer, part: str, used: set[str], big: bool, rng: random.Random) -> str:
    chosen = wr.sentences(part, rng.randint(3, 7) if big else rng.randint(2, 4), used, rng)
    for _ in range(rng.choice((0, 1, 1, 2))):
        chosen.insert(rng.randint(0, len(chosen)), wr.slot(part))
    return "".join(chosen) or wr.slot(part)


def _opening(wr: Writer, source: Pool) -> str:
    rng, t = wr.rng, wr.town
    guide = w.for_year(
        "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想", wr.year
    )
    if wr.year < 2018:
        guide = "深入学习贯彻党的十八大和十八届历次全会精神"
    lead = rng.choice(("坚强领导", "正确领导", "统一领导", "有力指导"))
    fitting = [(s, y) for s, y in source.openings if w.fits(s, wr.year)]
    extra = [wr.fill(s, y) for s, y in rng.sample(fitting, min(2, len(fitting)))]
    return (
        f"{wr.year}年，{t.name}在{t.county}委、{t.county}政府的{lead}下，{guide}，"
        + "".join(extra)
        + rng.choice(
            (
                "现将有关情况报告如下：",
                f"现将{wr.year}年度法治政府建设情况报告如下：",
                "现将工作情况汇报如下：",
            )
        )
    )


def _front(wr: Writer) -> list[str]:
    rng, t, y = wr.rng, wr.town, wr.year
    gov = f"{t.name}办事处" if t.level == "街道" else f"{t.name}人民政府"
    form = rng.randrange(4)
    lines: list[str] = []
    if form == 0:  # red header
        lines.append(f"{t.county}{gov}文件")
        lines.append(f"{short_form(t.name)}政报〔{y + 1}〕{rng.randint(1, 60)}号")
        lines.append(f"签发人：{wr.head}")
    where = t.county if len(gazetteer().named(t.name)) > 1 or rng.random() < 0.6 else ""
    titles = (
        f"{where}{t.name}{y}年度法治政府建设情况报告",
        f"关于{where}{t.name}{y}年法治政府建设情况的报告",
        f"{where}{gov}{y}年法治政府建设工作情况报告",
        f"{where}{t.name}{y}年法治政府建设年度报告",
    )
    lines.append(rng.choice(titles))
    if form in (0, 1):
        lines.append(f"{t.county}人民政府：")
    return lines


def _back(wr: Writer) -> list[str]:
    rng, t = wr.rng, wr.town
    gov = f"{t.name}办事处" if t.level == "街道" else f"{t.name}人民政府"
    party = f"中共{t.county}{t.name}{'工作委员会' if t.level == '街道' else '委员会'}"
    signers: Sequence[str] = rng.choice(((gov,), (party, gov)))
    date = f"{wr.year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日"
    lines = [rng.choice(("特此报告。", "特此报告。", "")), *signers, date]
    if rng.random() < 0.3:
        lines.append(rng.choice(("（此件公开）", "（此件主动公开）")))
    return [x for x in lines if x]
