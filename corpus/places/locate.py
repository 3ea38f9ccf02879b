"""Which place a report is about, from its parts in order of trust: the title, the red header
and page furniture, the signature, organisations named in the body ("××街道党工委"), then the
places its opening and body speak of. Names are matched against the whole division table
(:mod:`corpus.places.gazetteer`), after traditional characters are made simplified; the county that
a duplicated name belongs to comes from the text, else from the table when the name is unique
there. A name the table lacks (renamed, merged) is taken as the text writes it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from corpus.places.gazetteer import (
    COUNTY,
    PREFECTURE,
    PROVINCE,
    TOWNSHIP,
    Hit,
    county_endings,
    gazetteer,
    short_form,
    unlisted_endings,
)
from corpus.places.place import (
    TOWNSHIP_LEVELS,
    Place,
    from_division,
    level_of_name,
    org_suffixes,
    simplified,
    township_ending_pattern,
)
from corpus.reading.text import CJK
from corpus.vocab import alternation, dict_groups, dict_sections

# a township name starts a word after one of these (or a non-Chinese character)
_BOUNDARY = set("省市区县旗州盟于在对是的和与及年度、，。：:；（(《“向从至赴到府处委会共为")
# the endings of a township name (dict/levels.txt: 街道 苏木 镇 乡, and 街 for 街道) and the
# one-character endings of a county's
_TOWNSHIP_ENDS = [e for e, level in unlisted_endings() if level in TOWNSHIP_LEVELS]
_COUNTY_ENDS = [e for e, _ in county_endings() if len(e) == 1]
_SELF_WORDS = alternation(dict_groups("place_questions.txt")["self"])  # 我 全 本
_SELF = re.compile(rf"(?:{_SELF_WORDS})({alternation(_TOWNSHIP_ENDS)})")  # 我镇, 全街道
_COUNTY_SELF = re.compile(rf"(?:{_SELF_WORDS})({alternation(_COUNTY_ENDS)})")  # 我区, 全县
_SUFFIX = re.compile(township_ending_pattern(_TOWNSHIP_ENDS))


@dataclass(frozen=True)
class Parts:
    """The parts of a report a place can be read from (any script; simplified here)."""

    title: str
    header: Sequence[str] = ()  # lines before the title: red header, page furniture
    addressee: str | None = None  # the superior it is sent to: context, never the place
    signature: Sequence[str] = ()
    body: Sequence[str] = ()


@lru_cache(maxsize=1)
def _not_places() -> tuple[frozenset[str], tuple[str, ...]]:
    sections = dict_sections("not_places.txt")
    return frozenset(sections["整词"]), sections["开头"] + sections["正文开头"]


@lru_cache(maxsize=1)
def _org_tail() -> re.Pattern[str]:
    return re.compile(alternation(org_suffixes()))


def is_generic(name: str) -> bool:
    whole, prefixes = _not_places()
    return name in whole or name.startswith(prefixes) or len(name) < 2


@dataclass(frozen=True)
class _Found:
    """A place named in one line, with the county or city written right before it."""

    name: str
    rank: int  # TOWNSHIP, COUNTY…
    codes: tuple[str, ...]  # empty: not in the table
    before: tuple[Hit, ...]  # higher divisions written just before it in the same line
    start: int = 0
    end: int = 0


def locate(parts: Parts) -> Place | None:
    title, header, signature, body = parts.title, parts.header, parts.signature, parts.body
    written = "\n".join([title, *header, parts.addressee or "", *signature, *body])
    context = written + "\n" + simplified(written)
    township_report = _speaks_as_township([simplified(x) for x in body[:6]])
    zones: tuple[Callable[[], _Found | None], ...] = (
        lambda: _in_lines([title], counties=True, provinces=True),
        lambda: _in_lines(header, counties=not _furniture(header)),
        lambda: _in_lines(signature, counties=True),
        lambda: _in_orgs(body),
        lambda: _in_mentions(body[:3], counties=not township_report),
        lambda: _in_mentions(body, counties=False),
        lambda: _in_mentions(body[:10], counties=False, loose=township_report),
    )
    first: _Found | None = None
    for i, zone in enumerate(zones):  # in order of trust, each only if needed
        found = zone()
        if found is None:
            continue
        # "我镇…" with a county named outside the title: that county is the superior
        if i == 0 or found.rank == TOWNSHIP or not township_report:
            return _place(_with_county(found, [title, *header, *signature]), context)
        first = first or found
    return _place(first, context) if first else None


def _with_county(found: _Found, lines: Sequence[str]) -> _Found:
    """A township the table lacks or holds more than once, found with no county before it
    (a title "××街道办事处关于…"), takes the county written right before the same name in
    another line: the red header "成都市××区××街道办事处文件", the signature."""
    placed = len(found.codes) == 1 or any(h.rank == COUNTY for h in found.before)
    if found.rank != TOWNSHIP or placed:
        return found
    for line in lines:
        for other in _names_in(line):
            if other.name == found.name and any(h.rank == COUNTY for h in other.before):
                return replace(found, before=other.before)
    return found


def _speaks_as_township(body: Sequence[str]) -> bool:
    opening = "".join(body[:6])
    return len(_SELF.findall(opening)) > len(_COUNTY_SELF.findall(opening))


def _furniture(lines: Sequence[str]) -> bool:
    return any(_furniture_marks().search(simplified(x)) for x in lines)


@lru_cache(maxsize=1)
def _furniture_marks() -> re.Pattern[str]:
    """A web page's header and navigation (``dict/page_furniture.txt``: 首页, 当前位置, 发布机构…)."""
    words = dict_sections("page_furniture.txt")
    return re.compile(alternation(words["导航"] + words["页眉"]))


def _in_lines(lines: Sequence[str], counties: bool, provinces: bool = False) -> _Found | None:
    """The most specific place a few lines name: a township over the county before it (and,
    with ``provinces``, a province or municipality's own report: "天津市2022年……")."""
    ranks = (COUNTY, PREFECTURE, PROVINCE) if provinces else (COUNTY, PREFECTURE)
    best: _Found | None = None
    for line in lines:
        for found in _names_in(line):
            if found.rank == TOWNSHIP:
                return found
            if counties and found.rank in ranks:
                best = found if best is None or found.rank > best.rank else best
    return best


@lru_cache(maxsize=8192)
def _names_in(line: str, loose: bool = False, body: bool = False) -> tuple[_Found, ...]:
    """Places named in ``line`` as written and, where OpenCC changes it, as simplified: 寧鄉市
    is found as 宁乡市, while 濛阳街道 (a simplified name that t2s would turn into 蒙阳) is kept
    as written. Where the two readings overlap, a name of the table wins, then the original."""
    found = list(_names_in_text(line, loose, body))
    simple = simplified(line)
    if simple == line:
        return tuple(found)
    for other in _names_in_text(simple, loose, body):
        clash = [f for f in found if f.start < other.end and other.start < f.end]
        if not clash:
            found.append(other)
        elif other.codes and not any(f.codes for f in clash):
            found = [f for f in found if f not in clash] + [other]
    return tuple(sorted(found, key=lambda f: f.start))


def _names_in_text(line: str, loose: bool, body: bool) -> tuple[_Found, ...]:
    """Places named in ``line``: table names on a word boundary, and township names the table
    lacks (renamed or merged) where they stand as an organisation or open the line."""
    hits = gazetteer().hits(line)
    out: list[_Found] = []
    covered: list[tuple[int, int]] = []
    for i, hit in enumerate(hits):
        if hit.rank == TOWNSHIP and not _starts_word(line, hit, hits[:i]):
            continue
        if hit.rank < TOWNSHIP and len(hit.form) <= 2 and not _stands_alone(line, hit, hits[:i]):
            continue  # 和县 in "县委和县政府", 城区 in "老城区"
        if hit.rank == TOWNSHIP and hit.form in _not_places()[0]:
            continue  # only whole words here: 和平镇 starts like a conjunction, yet is a place
        if hit.rank == PROVINCE and len(hits) > i + 1:
            continue  # 天津市宝坻区: the province is context
        before = tuple(h for h in hits[:i] if h.rank < hit.rank and hit.start - h.end <= 8)
        out.append(_Found(_table_name(hit), hit.rank, hit.codes, before, hit.start, hit.end))
        covered.append((hit.start, hit.end))
    for name, start, end in _unknown_names(line, hits, loose, body):
        if not any(s < end and start < e for s, e in covered):
            before = tuple(h for h in hits if h.rank < TOWNSHIP and 0 <= start - h.end <= 8)
            out.append(_Found(name, TOWNSHIP, (), before, start, end))
    out.sort(key=lambda f: f.start)
    return tuple(out)


def _table_name(hit: Hit) -> str:
    return gazetteer().by_code[hit.codes[0]].name


def _stands_alone(line: str, hit: Hit, earlier: Sequence[Hit]) -> bool:
    """A two-character name (和县, 城区) counts only at the line's start, after a non-Chinese
    character, or right after the division above it."""
    if hit.start == 0 or any(h.end == hit.start for h in earlier):
        return True
    return not re.match(f"[{CJK}]", line[hit.start - 1])


def _starts_word(line: str, hit: Hit, earlier: Sequence[Hit]) -> bool:
    """A township name of the table counts where a word starts: the line's start, right after
    a county or city, after a non-Chinese character, or (three characters and more: 杨镇 is
    too easily part of a sentence) after a word like 于/在/年."""
    if hit.start == 0 or any(h.end == hit.start for h in earlier):
        return True
    prev = line[hit.start - 1]
    if not re.match(f"[{CJK}]", prev):
        return True
    return prev in _BOUNDARY and len(hit.form) >= 3


def _unknown_names(
    line: str, hits: Sequence[Hit], loose: bool = False, body: bool = False
) -> list[tuple[str, int, int]]:
    """Township names the table lacks (renamed or merged): the 2–5 characters before a
    镇/乡/街道 back to a word boundary or a county written before them, when not a generic word
    and standing as an organisation (××镇人民政府), before the year, or ending the line. In the
    body (``body``) no word of ``not_places.txt`` may stand anywhere in the name ("完善由街");
    with ``loose``, a name written as a word anywhere counts too."""
    ends = {h.end for h in hits if h.rank < TOWNSHIP}
    out = []
    for m in _SUFFIX.finditer(line):
        start = next(
            (
                i
                for i in _word_starts(line, m.start(), ends)
                if not is_generic(line[i : m.end()]) and not is_generic(line[i : m.start()])
            ),
            None,
        )
        if start is None:
            continue
        core, name = line[start : m.start()], line[start : m.end()]
        if (body or loose) and any(w in core for w in _not_places()[1]):
            continue  # not "现就我镇", "完善由街"
        rest = line[m.end() :]
        if loose or _org_tail().match(rest) or re.match(r"\s*(?:19|20)\d{2}", rest) or not rest:
            out.append((name, start, m.end()))
    return out


def _word_starts(line: str, end: int, ends: set[int]) -> Iterator[int]:
    """Where a name of 2–5 characters ending at ``end`` may start, longest first, on a word
    boundary: the line's start, a non-Chinese character, a county or city written right
    before, or a word like 于/在/年 (东和溪乡 is one name, though 和 can be "and")."""
    after = max((e for e in ends if e <= end - 2), default=0)  # never across 东丽区
    for start in range(max(after, end - 5), end - 1):
        if not re.fullmatch(f"[{CJK}]+", line[start:end]):
            continue
        prev = line[start - 1] if start else ""
        if not prev or start in ends or prev in _BOUNDARY or not re.match(f"[{CJK}]", prev):
            yield start


def _in_orgs(body: Sequence[str]) -> _Found | None:
    """The township most often named as an organisation in the body (××镇党委)."""
    tail = _org_tail()
    return _most_named(
        (
            (f, f.rank == TOWNSHIP and bool(tail.match(simplified(line[f.end :]))))
            for line in body
            for f in _names_in(line, body=True)
        ),
        "\n".join(body),
    )


def _in_mentions(body: Sequence[str], counties: bool, loose: bool = False) -> _Found | None:
    """The place the body speaks of most (of the table's; with ``loose``, any township name
    written as a word, for a report that speaks as a township: "我镇")."""
    return _most_named(
        (
            (f, f.rank == TOWNSHIP or (counties and f.rank == COUNTY))
            for line in body
            for f in _names_in(line, loose, body=True)
            if f.codes or loose
        ),
        "\n".join(body),
    )


def _most_named(found: Iterable[tuple[_Found, bool]], text: str) -> _Found | None:
    """The name found most often: one of the table's if any, else one the table lacks that
    ``text`` writes at least twice."""
    counts: Counter[tuple[bool, str]] = Counter()
    first: dict[str, _Found] = {}
    for f, wanted in found:
        if wanted:
            counts[(bool(f.codes), f.name)] += 1
            first.setdefault(f.name, f)
    known = [(n, name) for (k, name), n in counts.items() if k]
    unknown = [(n, name) for (k, name), n in counts.items() if not k and text.count(name) >= 2]
    best = max(known or unknown, default=None, key=lambda x: x[0])
    return first[best[1]] if best else None


def _place(found: _Found, context: str) -> Place:
    """The place of a found name: the one division of that name the text points to."""
    if not found.codes:
        return _as_written(found)
    g = gazetteer()
    candidates = [g.by_code[c] for c in found.codes if g.by_code[c].rank == found.rank]
    candidates = candidates or [g.by_code[c] for c in found.codes]
    near = {code for h in found.before for code in h.codes}
    context = context.replace(found.name, "\n")  # 安平镇 says nothing of 安平县
    scored = sorted(((_score(c.code, near, context), c.code) for c in candidates), reverse=True)
    best, code = scored[0]
    if len(scored) > 1 and (best == 0 or scored[1][0] == best):
        return _ambiguous(found, g.by_code[code].name)
    if found.before and best < 100 and not _same_county(found, code):
        return _as_written(
            found, g.by_code[code].name
        )  # a county the table files it under no longer
    return from_division(g.by_code[code])


def _score(code: str, near: set[str], context: str) -> int:
    score = 0
    for division in gazetteer().path(code)[:-1]:
        if division.code in near:
            score += 100
        elif division.name in context:
            score += 10 * min(3, context.count(division.name)) * division.rank
        elif len(short := short_form(division.name)) >= 2 and short in context:
            score += 2 * division.rank
    return score


def _same_county(found: _Found, code: str) -> bool:
    names = {short_form(d.name) for d in gazetteer().path(code)[:-1]}
    return any(short_form(h.form) in names for h in found.before)


def _ambiguous(found: _Found, name: str) -> Place:
    """A name the table holds more than once, the text not saying which: no county or code
    unless the text writes one right before it."""
    county = next((h.form for h in reversed(found.before) if h.rank == COUNTY), None)
    return Place(name, level_of_name(name), county)


def _as_written(found: _Found, name: str | None = None) -> Place:
    name = name or found.name
    if name.endswith("街") and not name.endswith("街道"):
        name += "道"
    county_hit = next((h for h in reversed(found.before) if h.rank == COUNTY), None)
    if county_hit is None:
        return Place(name, level_of_name(name))
    upper = from_division(gazetteer().by_code[county_hit.codes[0]])
    if len(county_hit.codes) > 1:
        return Place(name, level_of_name(name), county_hit.form)
    return Place(name, level_of_name(name), upper.county, upper.city, upper.province)
