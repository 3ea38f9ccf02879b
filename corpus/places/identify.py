"""Years a report is about (title, opening, signature), and the plain-text name rules that
questions still use; the place itself is found by :mod:`corpus.places.locate` against the table."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from corpus.places.locate import Parts, locate
from corpus.places.place import Place
from corpus.reading.text import CJK

_H = f"[{CJK}]"
_CJK_RE = re.compile(f"^{_H}+$")
# a place name starts at the beginning, after a non-Chinese character, or after one of these
_BOUNDARY = set("省市区县旗州盟于在对是的和与及年度日月共、，。：:；（(《“ \u3000")
_ADMIN = set("省市区县旗")
# words that, in front of a name, are more likely a preposition or conjunction than its start
_WEAK = set("在对于是的与及和向从")
# words that end like a town name but are not one
_NOT_TOWNS = (
    "依法治镇",
    "乡镇",
    "城镇",
    "村镇",
    "全镇",
    "本镇",
    "我镇",
    "该镇",
    "集镇",
    "重镇",
    "城乡",
)
_NOT_PREFIX = ("中共", "关于", "全面", "推进", "建设", "依法", "深入", "各", "全", "我", "本", "该")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年?")
CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
SIGNED_DATE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})日)?")


def _name_starts(text: str, end: int, lengths: range) -> list[int]:
    """Starts of ``lengths``-long names ending at ``end`` on a word boundary, longest first."""
    starts, fallback = [], []
    for n in lengths:
        j = end - n
        if j < 0 or not _CJK_RE.match(text[j:end]) or _ADMIN & set(text[j:end]):
            break
        prev = text[j - 1] if j > 0 else ""
        if prev and prev in "省市区县旗州盟":
            starts.append(j)  # right after a place name: "武清区和平镇" is 和平镇
        elif not prev or not _CJK_RE.match(prev) or prev in _BOUNDARY:
            # "在杨柳青镇" is 杨柳青镇, but "和平镇" alone is 和平镇
            if text[j] in _WEAK:
                fallback.append(j)
            elif text[j] not in _BOUNDARY:  # "…18日张家窝镇" is not 日张家窝镇
                starts.append(j)
    return starts[::-1] + fallback[::-1]


def find_place(text: str) -> tuple[str | None, str | None]:
    """First (county, town) named in ``text``; either may be ``None``."""
    for m in re.finditer(r"街道|镇|乡(?!村)", text):
        for start in _name_starts(text, m.start(), range(2, 6)):
            town = text[start : m.start()] + m.group()
            if _is_town(town):
                return _county_before(text, start), town
    return None, None


def _county_before(text: str, start: int) -> str | None:
    if start == 0 or text[start - 1] not in "区县旗市":
        return None
    starts = _name_starts(text, start - 1, range(2, 5))
    return text[starts[0] : start] if starts else None


def _is_town(name: str) -> bool:
    return (
        name not in _NOT_TOWNS
        and not name.endswith("依法治镇")
        and not name.startswith(_NOT_PREFIX)
    )


def find_year(text: str) -> int | None:
    """The first plausible report year written in ``text`` (Arabic or Chinese digits)."""
    m = YEAR.search(text)
    if m and 1990 <= int(m.group(1)) <= 2100:
        return int(m.group(1))
    m = CN_YEAR.search(text)
    if m:
        year = int(m.group(1).translate(_CN_DIGITS))
        if 1990 <= year <= 2100:
            return year
    return None


def year_from_signature(date_text: str | None) -> int | None:
    """A report signed in January–March is about the previous year."""
    if not date_text:
        return None
    m = SIGNED_DATE.search(date_text.replace(" ", ""))
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    return year - 1 if month <= 3 else year


_REPORTED = re.compile(
    r"现(?:将|就|对)[^。]{0,12}?((?:19|20)\d{2})\s*年度?[^。]{0,24}?(?:报告|总结|汇报)如下"
)
_OPENING_YEAR = re.compile(r"(?:^|[，,。；;：:])\s*((?:19|20)\d{2})\s*年度?(?:以来)?[，,]")


def year_from_body(paragraphs: Sequence[str]) -> int | None:
    """The year the opening speaks of ("2023年，……", "……部署，2023年，……", "现将2022年……报告
    如下"), else the most frequent year in the body."""
    for para in paragraphs[:3]:
        m = re.match(r"^((?:19|20)\d{2})\s*年", para)
        if m:
            return int(m.group(1))
    for para in paragraphs[:3]:
        m = _REPORTED.search(para) or _OPENING_YEAR.search(para)
        if m:
            return int(m.group(1))
    years = Counter(int(y) for p in paragraphs for y in re.findall(r"((?:19|20)\d{2})年", p))
    return years.most_common(1)[0][0] if years else None


def short_name(town: str) -> str:
    """辛口镇 → 辛口; 杨柳青镇 → 杨柳青; ××街道 → ××."""
    for suffix in ("街道", "镇", "乡"):
        if town.endswith(suffix) and len(town) - len(suffix) >= 2:
            return town[: -len(suffix)]
    return town


def identify(
    title: str,
    front: Sequence[str],
    body: Sequence[str],
    signer: str | None,
    signed: str | None,
    addressee: str | None = None,
) -> tuple[Place | None, int | None]:
    """The place and year a report is about: the place from title, header, signature and body
    (:func:`corpus.places.locate.locate`), the year from the title, the signature date (January–March
    is the year before) or the opening."""
    signature = [x for x in re.split(r"[、\n]", signer or "") if x]
    place = locate(Parts(title, tuple(front), addressee, tuple(signature), tuple(body)))
    year = find_year(title) or year_from_signature(signed) or year_from_body(body)
    return place, year
