"""The scope of a question: which stored places and which years it is about, resolved once per
request (from the question, the place and year filters and today's date) and passed on as data,
with the catalog it was resolved against: readers take :meth:`Scope.stored`, never names.

Places are found with the stored places' every form (辛口, 辛口镇, 西青区辛口镇, 西青辛口, 嘉定南翔镇,
沙湾街, traditional characters…) and their counties ("西青区各镇…" scopes to that county's places);
the words of ``dict/place_questions.txt`` (哪个镇, 有个街道, 该镇, 各镇, 哪里…) are never places;
a place written in the question but not stored is reported, never answered from another one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from corpus.errors import AmbiguousPlaceError, ReportNotFoundError
from corpus.places.catalog import PlaceCatalog, StoredPlace, years_stored
from corpus.places.form_index import FormIndex
from corpus.places.gazetteer import COUNTY, gazetteer
from corpus.places.identify import find_place
from corpus.places.locate import is_generic
from corpus.places.place import Place, clean_query, forms_index, name_forms, simplified
from corpus.reading.text import normalize
from corpus.vocab import alternation, dict_groups, dict_lines, digit_table, numeral_chars

YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})\s*年?度?|(?<!\d)(\d{2})\s*年(?!\d)")
# words naming the year after the report's own year: "2022年下一年度安排" is the 2022 report's plan
NEXT_YEAR = re.compile(alternation(dict_groups("intents.txt")["next_year"]))


@dataclass(frozen=True)
class RelativeYear:
    word: str  # 去年
    year: int  # 2025, against today's date


@dataclass(frozen=True)
class Scope:
    """Where to look. ``places`` empty: every stored place; ``years`` empty: every year."""

    places: tuple[str, ...] = ()  # stored place labels, as the catalog names them
    county: str | None = None  # the county that scoped ``places`` ("西青区各镇…")
    years: tuple[int, ...] = ()  # years to search, best first
    preferred_year: int | None = None
    relative: RelativeYear | None = None  # "去年" and the year it meant
    newest_instead: bool = False  # "明年打算" with no report for this year: the newest plans
    asks_place: bool = False  # "是哪个镇…": the answer leads with the place
    rest: str = ""  # the question, simplified, without the words that made the scope
    # what ``places`` were resolved against: the store's catalog (or a plain name → years)
    catalog: Mapping[str, Sequence[int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def town(self) -> str | None:
        """The one place asked about, if one."""
        return self.places[0] if len(self.places) == 1 else None

    def stored(self, label: str) -> StoredPlace:
        """A place of the scope as the store's readers take it: looked up, not resolved again."""
        if not isinstance(self.catalog, PlaceCatalog):
            raise TypeError("a scope resolved against a store's catalog names stored places")
        return self.catalog.stored(label)


@lru_cache(maxsize=1)
def _place_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(asks which place, generic place word) from ``dict/place_questions.txt``."""
    kinds: dict[str, list[str]] = {}
    for line in dict_lines("place_questions.txt"):
        key, _, words = line.partition(":")
        kinds.setdefault(key.strip(), []).extend(words.split())
    level = f"(?:{alternation(kinds['level'])})"
    which = re.compile(f"(?:{alternation(kinds['which'])}){level}|{alternation(kinds['alone'])}")
    generic = re.compile(f"(?:{alternation(kinds['generic'])}){level}")
    return which, generic


@lru_cache(maxsize=1)
def _relative_words() -> tuple[re.Pattern[str], dict[str, int]]:
    offsets = {w: int(n) for w, n in (line.split() for line in dict_lines("relative_years.txt"))}
    return re.compile(alternation(offsets)), offsets


def resolve(
    question: str,
    catalog: Mapping[str, Sequence[int]],
    *,
    town: str | None = None,
    year: int | None = None,
    today: date | None = None,
    wants_plan: bool = False,
) -> Scope:
    """The scope of ``question`` among the stored places (``catalog``, name → years).

    ``town``/``year`` are filters that win over what the question says. Raises
    :class:`ReportNotFoundError` for a place named but not stored, :class:`AmbiguousPlaceError`
    for a name several stored places answer to.
    """
    text = simplified(normalize(question or "")[:500])
    return resolve_simplified(
        text, catalog, town=town, year=year, today=today, wants_plan=wants_plan
    )


def resolve_simplified(
    text: str,
    catalog: Mapping[str, Sequence[int]],
    *,
    town: str | None = None,
    year: int | None = None,
    today: date | None = None,
    wants_plan: bool = False,
) -> Scope:
    """:func:`resolve` for a question already normalized, cut to 500 characters and
    simplified (a caller that made that text once already)."""
    which, generic = _place_words()
    asks_place = bool(which.search(text))
    text = generic.sub(" ", which.sub(" ", text))
    places, county, text = _places(text, catalog)
    if town:
        places, county = (_resolve_name(town, catalog),), None
    named_text = text
    written, text = _written_years(text)
    relative, text = _relative_year(text, today or date.today()) if not written else (None, text)
    if not places and county is None:
        _unknown_place(
            named_text, catalog, (written or ([relative.year] if relative else [None]))[0]
        )
    stored = years_stored(catalog, places)
    if year is not None:
        years: tuple[int, ...] = (year,)
        preferred: int | None = year
    else:
        wanted = written or ([relative.year] if relative else [])
        years, preferred = _years_to_search(
            wanted, wants_plan, bool(NEXT_YEAR.search(text)), stored, relative is not None
        )
    newest = False
    if relative and wants_plan and relative.year > (today or date.today()).year:
        # plans for next year stand in this year's report; until it exists, the newest ones
        newest = relative.year - 1 not in stored
        years, preferred = ((), None) if newest else (years, preferred)
    rest = " ".join(text.split())
    return Scope(
        places,
        county,
        years,
        preferred,
        relative,
        newest,
        asks_place=asks_place,
        rest=rest,
        catalog=catalog,
    )


def _resolve_name(name: str, catalog: Mapping[str, Sequence[int]]) -> str:
    resolve_ = getattr(catalog, "resolve", None)
    if callable(resolve_):
        return str(resolve_(name))
    found = [label for label in catalog if clean_query(name) in name_forms(label) | {label}]
    if len(found) > 1:
        raise AmbiguousPlaceError(name, found)
    if not found:
        raise ReportNotFoundError(clean_query(name), None, catalog)
    return found[0]


def _places(
    text: str, catalog: Mapping[str, Sequence[int]]
) -> tuple[tuple[str, ...], str | None, str]:
    """The stored place named (longest form first), else the stored places of a county named."""
    for form, label in _named_in(catalog, text):
        return (label,), None, text.replace(form, " ")
    for form, (county, labels) in _counties_in(catalog, text):
        at = text.find(form)
        after = text[at + len(form) : at + len(form) + 1]
        if form != county and not re.match(r"[\d\s各全所下辖的有哪共]", after or " "):
            continue  # a short form ("西青") only counts where no word goes on from it
        return labels, county, text.replace(form, " ")
    return (), None, text


def _named_in(catalog: Mapping[str, Sequence[int]], text: str) -> list[tuple[str, str]]:
    if isinstance(catalog, PlaceCatalog):  # a store's catalog knows every form of each place
        return catalog.named_in(text)
    return _plain_forms(tuple(catalog)).occurring(text)


@lru_cache(maxsize=4)
def _plain_forms(labels: tuple[str, ...]) -> FormIndex[str]:
    return FormIndex(forms_index({label: Place(label, label[-1]) for label in labels}))


def _counties_in(
    catalog: Mapping[str, Sequence[int]], text: str
) -> list[tuple[str, tuple[str, tuple[str, ...]]]]:
    """(form, (county, its stored places)), longest form first."""
    return catalog.counties_in(text) if isinstance(catalog, PlaceCatalog) else []


_CN_YEAR = re.compile(
    r"([{0}]{{4}}|[{0}]{{2}}(?=年))\s*年".format(numeral_chars(0, 9, colloquial=False))
)
_CN_DIGITS = digit_table()


def _written_years(text: str) -> tuple[list[int], str]:
    """Years as written: 2022年, 2022年度, 22年, 二〇二二年, 二二年."""
    years: list[int] = []
    text = _CN_YEAR.sub(lambda m: m.group(1).translate(_CN_DIGITS) + "年", text)

    def take(m: re.Match[str]) -> str:
        years.append(int(m.group(1)) if m.group(1) else 2000 + int(m.group(2)))
        return " "

    return years, YEAR.sub(take, text)


def _relative_year(text: str, today: date) -> tuple[RelativeYear | None, str]:
    pattern, offsets = _relative_words()
    m = pattern.search(text)
    if m is None:
        return None, text
    found = RelativeYear(m.group(), today.year + offsets[m.group()])
    return found, text[: m.start()] + " " + text[m.end() :]


COUNTY_ENDINGS = "区县旗"  # how a county-level name written in full ends


def _unknown_place(text: str, catalog: Mapping[str, Sequence[int]], year: int | None) -> None:
    """A township written in the question but not stored: say so, never answer another."""
    county = _unknown_county(text)
    if county:
        raise ReportNotFoundError(county, year, catalog)
    _, named = find_place(text[:200])
    if not named or is_generic(named):
        return
    # a real division's name, or a name with its year right after it ("青山镇2022年"), not
    # words that merely end like one ("送法下乡")
    if gazetteer().lookup(named) or re.search(re.escape(named) + r"\s*\d", text):
        raise ReportNotFoundError(named, year, catalog)


def _unknown_county(text: str) -> str | None:
    """A county-level division written in full ("蓟州区22年…") when none of its places is
    stored (a stored county was already taken by :func:`_places`). A text without 区, 县 or
    旗 names none, and the division table (0.3 s to load) is not read for it."""
    head = text[:200]
    if not any(c in head for c in COUNTY_ENDINGS):
        return None
    for hit in gazetteer().hits(head):
        if hit.rank == COUNTY and len(hit.form) >= 3 and hit.form[-1] in COUNTY_ENDINGS:
            return hit.form
    return None


def _years_to_search(
    years: list[int], wants_plan: bool, next_year_words: bool, stored: set[int], strict: bool
) -> tuple[tuple[int, ...], int | None]:
    """Plans for year Y stand in the report for Y-1 ("2023年打算" → the 2022 report); a
    written year may fall back to the newest earlier report, a relative one (明年) never."""
    if not years:
        return (), None
    year = years[0]
    if not wants_plan or next_year_words:
        return tuple(dict.fromkeys(years)), year
    if year - 1 in stored or strict:
        return (year - 1, year), year - 1
    earlier = [y for y in stored if y < year]
    if year not in stored and earlier:
        return (max(earlier), year), max(earlier)
    return (year,), year
