"""Turn the blocks a reader produced into a report: metadata, section tree and passages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.errors import InputFileError, MissingMetadataError
from corpus.places.gazetteer import short_form
from corpus.places.identify import identify
from corpus.places.place import Place, place_named, simplified
from corpus.reading.files import Block, Source
from corpus.reading.text import (
    CJK,
    CN_NUM,
    HEADING_MARKER,
    SENTENCE_END,
    normalize,
    sentences,
    unwrap,
)

TITLE_HINT = re.compile(r"(法治政府|依法行政|法治建设|依法治).*(报告|情况)|报告$")
NAV = re.compile(
    r"首页|当前位置|您的位置|>|›|»|来源[:：]|发布时间|发布日期|浏览|字体[:：]|分享到|打印|关闭窗口|"
    r"索引号|信息来源|扫一扫|【.{0,6}】|^[-—=_*]{3,}$"
)
RED_HEAD = re.compile(r"(人民政府|委员会|办事处|党委|政府办公室)文件$")
DOC_NUMBER = re.compile(r"^\S{0,12}[〔\[［]\d{4}[〕\]］]\d+号$")
SIGNER = re.compile(r"^签发人[:：]\s*(.+)$")
DATE_PAREN = re.compile(r"^[（(]\d{4}年\d{1,2}月(?:\d{1,2}日)?[)）]$")
ADDRESSEE = re.compile(rf"^[{CJK}、，]{{2,40}}(?:政府|委员会|办公室|司法局|局|办)[:：]$")
DISCLOSURE = re.compile(r"^[（(]此件.{0,6}公开[)）]$")
DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
ORG_LINE = re.compile(rf"^[{CJK}]{{2,30}}(?:人民政府|政府|委员会|办事处|党委|办公室)$")
ORG_AND_DATE = re.compile(
    rf"^([{CJK}]{{2,30}}(?:人民政府|政府|委员会|办事处|党委|办公室))(\d{{4}}年\d{{1,2}}月\d{{1,2}}日)$"
)
_RANKS = {"、": 1, "）": 2, ".": 3, "．": 3, "是": 5}


@dataclass(frozen=True)
class Section:
    ordinal: int
    parent: int | None
    level: int
    number: str  # "一、", "（一）", "1.", "一是"
    title: str

    @property
    def label(self) -> str:
        return f"{self.number}{self.title}"


@dataclass(frozen=True)
class Passage:
    ordinal: int
    section: int | None  # ordinal of the section it stands under; None before the first heading
    text: str

    @property
    def sentences(self) -> list[str]:
        return sentences(self.text)


@dataclass(frozen=True)
class Report:
    town: str
    county: str | None
    year: int
    title: str
    sections: tuple[Section, ...]
    passages: tuple[Passage, ...]
    meta: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    place: Place | None = field(default=None, hash=False, compare=False)

    def path(self, section: int | None) -> tuple[str, ...]:
        """Labels from the top-level section down to ``section``."""
        labels: list[str] = []
        while section is not None:
            node = self.sections[section]
            labels.append(node.label)
            section = node.parent
        return tuple(reversed(labels))


def parse(
    source: Source,
    town: str | Place | None = None,
    year: int | None = None,
    strict: bool = True,
) -> Report:
    """Parse a read file. ``town`` (a name or a place) and ``year`` override what the text says.

    With ``strict=False`` a fragment without town or year still parses (town "", year 0).
    """
    lines = [(normalize(b.text), b) for b in source.blocks]
    lines = [(text, b) for text, b in lines if text]
    if not lines:
        raise InputFileError(source.name, "文件中没有文字。")
    meta: dict[str, str] = {}
    title, front, start = _front_matter([t for t, _ in lines], meta)
    end = _back_matter([t for t, _ in lines], start, meta)
    body = lines[start:end]
    if source.physical_lines:
        blocks = [Block(p) for p in unwrap(b.text for _, b in body)]
    else:
        blocks = [Block(t, b.style_level) for t, b in body]
    if not blocks:
        raise InputFileError(source.name, "只找到标题，没有正文内容。")
    paragraphs = [b.text for b in blocks]
    found, found_year = identify(
        title,
        front,
        paragraphs,
        meta.get("signature"),
        meta.get("signed_on"),
        meta.get("addressee"),
    )
    place = (place_named(town) if isinstance(town, str) else town) if town else found
    year = year or found_year
    missing = [k for k, v in (("town", place), ("year", year)) if not v]
    if missing and strict:
        raise MissingMetadataError(source.name, missing)
    year = year or 0
    sections, passages = _outline(blocks)
    if not passages:
        raise InputFileError(source.name, "没有找到正文段落。")
    town = place.name if place else ""
    county = place.county if place else None
    if town and (not title or short_form(town) not in simplified(title)):
        if title:
            meta["original_title"] = title
        title = f"{town}{year}年度法治政府建设情况报告"
    return Report(town, county, year, title, tuple(sections), tuple(passages), meta, place)


def _front_matter(lines: Sequence[str], meta: dict[str, str]) -> tuple[str, list[str], int]:
    """Find the title; header lines before it and date/addressee lines after go to ``meta``."""
    front: list[str] = []
    title, i = "", None
    for k, line in enumerate(lines[:30]):
        if TITLE_HINT.search(line) and len(line) <= 70 and not NAV.search(line):
            i = k
            break
    if i is None:  # no title with the usual words: a short first line stands in ("2020")
        i = next((k for k, x in enumerate(lines[:3]) if _short_title(x)), None)
        if i is None:
            return "", [], 0
    for line in lines[:i]:
        front.append(line)
        _header_line(line, meta)
    title, j = lines[i], i + 1
    if i > 0 and len(title) <= 8 and _short_title(lines[i - 1]):  # "……法治政府建设" / "情况报告"
        front.pop()
        title = lines[i - 1] + title
    if "报告" not in title and j < len(lines) and len(lines[j]) <= 20 and "报告" in lines[j]:
        title, j = title + lines[j], j + 1
    while j < len(lines):
        line = lines[j]
        if DATE_PAREN.match(line):
            meta["date"] = line.strip("（）()")
        elif ADDRESSEE.match(line) and len(line) <= 40:
            meta["addressee"] = line.rstrip("：:")
        elif not NAV.search(line):
            break
        j += 1
    return title, front, j


def _short_title(line: str) -> bool:
    """A short line that can stand as a title: not a sentence, not a numbered heading."""
    return (
        len(line) <= 30
        and not any(c in SENTENCE_END + "，," for c in line)
        and not HEADING_MARKER.match(line)
        and not line.endswith((":", "："))  # an addressee
    )


def _header_line(line: str, meta: dict[str, str]) -> None:
    if RED_HEAD.search(line):
        meta["issuer"] = line
    elif DOC_NUMBER.match(line):
        meta["doc_number"] = line
    elif m := SIGNER.match(line):
        meta["signer"] = m.group(1)


def _back_matter(lines: Sequence[str], start: int, meta: dict[str, str]) -> int:
    """Peel signature, date and disclosure lines off the end; return where the body ends."""
    end = len(lines)
    orgs: list[str] = []
    while end > start:
        line = lines[end - 1]
        if DISCLOSURE.match(line):
            meta["disclosure"] = line.strip("（）()")
        elif DATE_LINE.match(line):
            meta["signed_on"] = line
        elif m := ORG_AND_DATE.match(line):
            orgs.insert(0, m.group(1))
            meta["signed_on"] = m.group(2)
        elif ORG_LINE.match(line):
            orgs.insert(0, line)
        elif not NAV.search(line):
            break
        end -= 1
    if orgs:
        meta["signature"] = "、".join(orgs)
    return end


def _outline(blocks: Sequence[Block]) -> tuple[list[Section], list[Passage]]:
    sections: list[Section] = []
    passages: list[Passage] = []
    stack: list[tuple[int, int]] = []  # (rank, section ordinal)
    current: int | None = None
    for block in blocks:
        heading = _heading(block)
        if heading is not None:
            rank, number, title, has_body = heading
            while stack and stack[-1][0] >= rank:
                stack.pop()
            parent = stack[-1][1] if stack else None
            current = len(sections)
            sections.append(Section(current, parent, len(stack) + 1, number, title))
            stack.append((rank, current))
            if not has_body:
                continue
        passages.append(Passage(len(passages), current, block.text))
    return sections, passages


def _heading(block: Block) -> tuple[int, str, str, bool] | None:
    """(rank, number, title, has_body) if the block opens a section."""
    text = block.text
    m = HEADING_MARKER.match(text)
    if m is None:
        if block.style_level and len(text) <= 60:
            return block.style_level, "", text.rstrip("。：:"), False
        return None
    number = m.group()
    rank = _RANKS.get(number[-1], 4)
    if number.startswith(("（", "(")) and number[1].isdigit():
        rank = 4
    rest = text[m.end() :]
    parts = sentences(rest)
    if number.endswith("是") and re.search(f"[{CN_NUM}]是", rest):
        return None  # "一是……二是……" enumerated inside one paragraph
    if not number.endswith("是") and len(parts) <= 1 and len(rest) <= 80:
        return rank, number, rest.rstrip("。：:；;"), False
    first = parts[0] if parts else rest
    return rank, number, _title_of(first), True


def _title_of(sentence: str) -> str:
    title = sentence.rstrip(SENTENCE_END + "：:")
    if len(title) <= 50:
        return title
    clause = re.split(r"[，,：:]", title)[0]
    return clause if len(clause) <= 50 else title[:30] + "…"
