"""Plain-text clean-up shared by every reader: width folding, stray spaces, re-wrapping."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update(
    {
        0xFF05: ord("%"),
        0x3000: ord(" "),
        0x00A0: ord(" "),
        0x2002: ord(" "),
        0x2003: ord(" "),
        0x2009: ord(" "),
        0x200B: None,
        0xFEFF: None,
        0x000C: None,
    }
)

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’…—·"
_TIGHT = f"{CJK}{CJK_PUNCT}"
# whitespace between two CJK characters/punctuation, or between CJK and a digit or letter, is
# an artefact of printing
# (Chinese text needs no spaces; a wrapped line may have lost or kept one)
_SPACE_RUNS = [
    re.compile(rf"(?<=[{_TIGHT}])[ \t]+(?=[{_TIGHT}0-9A-Za-z%])"),
    re.compile(rf"(?<=[0-9A-Za-z%])[ \t]+(?=[{_TIGHT}])"),
]
_WHITESPACE = re.compile(r"\s")  # what the folds below look for (_MARKER_SPACE takes any)
_DIGIT_DOT = re.compile(r"(?<=\d)．(?=\d)")
_MARKER_SPACE = re.compile(
    r"^(\d{1,2}[.．、]|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]+[)）])\s+"
)

SENTENCE_END = "。！？；!?;"
_SENTENCE = re.compile(rf"[^{SENTENCE_END}]*[{SENTENCE_END}]+[”’」』）)]*|[^{SENTENCE_END}]+$")

CN_NUM = "一二三四五六七八九十"
HEADING_MARKER = re.compile(
    rf"^(?:[{CN_NUM}]+、|[（(][{CN_NUM}]+[)）]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[)）]|其?[{CN_NUM}]是)"
)


def normalize(line: str) -> str:
    """Fold full-width digits/letters, drop invisible characters and artefact spaces."""
    line = line.translate(_FULLWIDTH)
    if "．" in line:
        line = _DIGIT_DOT.sub(".", line)
    line = line.strip()
    if not _WHITESPACE.search(line):
        return line  # most lines: nothing more to fold
    for pattern in _SPACE_RUNS:
        line = pattern.sub("", line)
    line = _MARKER_SPACE.sub(r"\1", line)
    return re.sub(r"[ \t]{2,}", " ", line)


def sentences(text: str) -> list[str]:
    """Split Chinese text into sentences, keeping the closing punctuation."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def is_marker_line(line: str) -> bool:
    return bool(HEADING_MARKER.match(line))


def display_width(line: str) -> float:
    """Printed width in CJK character cells: ASCII takes half a cell."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def is_heading_line(text: str) -> bool:
    """A numbered line that is a heading by itself: short, with no sentence inside it."""
    m = HEADING_MARKER.match(text)
    if not m or m.group().endswith("是") or len(text) > 60:
        return False
    return not any(c in SENTENCE_END for c in text[:-1])


def wrap_width(lines: Sequence[str]) -> float | None:
    """The printed line width of a hard-wrapped text, or ``None`` if it is not hard-wrapped.

    PDF extraction leaves one line per printed line; most body lines then share one width.
    """
    widths = [round(display_width(x)) for x in lines if display_width(x) >= 12]
    if len(widths) < 8:
        return None
    width, _ = Counter(widths).most_common(1)[0]
    near = sum(1 for n in widths if abs(n - width) <= 2)
    if near / len(widths) < 0.4 or width > 60:
        return None
    return float(width)


def unwrap(raw_lines: Iterable[str]) -> list[str]:
    """Re-join hard-wrapped lines into paragraphs.

    Blank lines are ignored (PDF text puts one after every printed line). In a hard-wrapped
    text a paragraph ends on a line shorter than the printed width; elsewhere it ends at a
    sentence end. A numbered heading always starts a new paragraph.
    """
    stripped = [x.strip() for x in raw_lines]
    stripped = [x for x in stripped if normalize(x)]
    width = wrap_width(stripped)
    paragraphs: list[str] = []
    current, last = "", ""
    for raw in stripped:
        line = normalize(raw)
        if current and (is_marker_line(line) or _ends_paragraph(current, last, raw, width)):
            paragraphs.append(current)
            current = ""
        current += line
        last = raw
    if current:
        paragraphs.append(current)
    return paragraphs


def _ends_paragraph(paragraph: str, last: str, following: str, width: float | None) -> bool:
    if paragraph.count("“") > paragraph.count("”"):
        return False  # inside a quotation
    ends_sentence = paragraph[-1] in SENTENCE_END + "：:"
    if width is None:
        return ends_sentence or is_heading_line(paragraph)
    if display_width(last) < width - 2.5:
        return True
    # a paragraph's first printed line is indented by two cells
    return ends_sentence and abs(display_width(following) - (width - 2)) <= 0.5
