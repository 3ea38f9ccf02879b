"""Check a report against the form a 法治政府建设情况报告 must take, before it is handed in.

The four mandated parts present and in order (:mod:`corpus.reading.outline` decides which part each
heading is), one year throughout (title, body, headings, the date of the 落款), no blank left
unfilled ("____", "××", "XX", a draft's 【上年内容】 prompt), a 落款 and a date, and — when last
year's report of the place is stored — last year's plans reported on and no figure moved
tenfold. Findings are data (a code, where, what was found); :mod:`bot.check_view` words them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from corpus.errors import TownreportError
from corpus.figures.extract import report_figures
from corpus.figures.series import match
from corpus.ingest import parse_file
from corpus.reading.outline import ORDER, part
from corpus.reading.parse import Report
from corpus.search.segment import words
from corpus.settings import Settings
from corpus.storage.store import Store
from corpus.vocab import dict_words

Severity = Literal["error", "warning"]
TENFOLD = 10.0
PLAN_COVERAGE = 0.5  # share of a plan's content words the new report must mention
YEAR = re.compile(r"(?<![\d—–\-~至到])((?:19|20)\d{2})(?=年)(?![\d年]*\s*[—–\-~至到])")
TITLE_YEAR = re.compile(r"(?<![\d—–\-~])((?:19|20)\d{2})(?![\d—–\-~])")
BLANK = re.compile(r"_{2,}|＿{2,}|[×xX]{2,}|○○|〇〇|\*{3,}|【上年内容】|起草说明|-\s\[\s\]|□")
OPENING_YEAR = re.compile(
    r"^((?:19|20)\d{2})年(?:度)?(?:以来)?[，,]|现将(?:我[镇乡街]|本[镇乡]|全[镇乡])?((?:19|20)\d{2})年"
)


@dataclass(frozen=True)
class Where:
    """Where a finding is: the title, a heading, a paragraph (1-based, with its section) or
    the 落款/date at the end."""

    kind: Literal["title", "heading", "paragraph", "signature", "date", "report"]
    section: str = ""  # the heading path, "" before the first heading
    paragraph: int | None = None


@dataclass(frozen=True)
class Finding:
    code: str  # missing_part, part_order, year_mismatch, blank, no_signature, no_date, …
    severity: Severity
    where: Where
    found: str = ""  # the words at that place
    expected: str = ""  # what should be there (a year, a part)
    data: dict[str, object] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class CheckReport:
    path: str
    title: str
    town: str
    year: int
    parts: tuple[str, ...]  # the mandated parts found, in the order the report has them
    findings: tuple[Finding, ...]
    previous_year: int | None  # last year's stored report it was compared with

    @property
    def must_fix(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")


def check_file(
    store: Store | None,
    path: Path,
    settings: Settings,
    town: str | None = None,
    year: int | None = None,
) -> CheckReport:
    """Check the report in ``path`` (.txt/.docx/.pdf); nothing is stored."""
    report, _, _ = parse_file(path, settings, town, year, strict=False)
    return check_report(report, str(path), store)


def check_report(report: Report, path: str, store: Store | None = None) -> CheckReport:
    title = report.meta.get("original_title", report.title)
    title_years = [int(y) for y in TITLE_YEAR.findall(title)]
    year = title_years[0] if title_years else report.year
    found: list[Finding] = []
    parts = _parts(report)
    found += _part_findings(parts)
    if not title_years:
        found.append(Finding("no_title_year", "error", Where("title"), title, str(year)))
    if year:
        found += _year_findings(report, year)
    found += list(_blanks(report, title))
    found += _end_findings(report, year)
    previous = _previous(store, report, year)
    if previous is not None:
        found += _plan_findings(previous, report)
        found += _tenfold_findings(store, previous, report)
    return CheckReport(
        path,
        title,
        report.town,
        year,
        tuple(p for p, _ in parts),
        tuple(found),
        previous.year if previous is not None else None,
    )


# -- parts ---------------------------------------------------------------------------------


def _parts(report: Report) -> list[tuple[str, str]]:
    """(part, heading) for each mandated part, at its first heading, in the report's order."""
    seen: dict[str, str] = {}
    for section in report.sections:
        kind = part(report.path(section.ordinal))
        seen.setdefault(kind, section.label)
    return sorted(seen.items(), key=lambda kv: _first(report, kv[1]))


def _first(report: Report, label: str) -> int:
    return next(s.ordinal for s in report.sections if s.label == label)


def _part_findings(parts: Sequence[tuple[str, str]]) -> list[Finding]:
    have = [p for p, _ in parts]
    out = [
        Finding(
            "missing_part", "error", Where("report"), expected=p, data={"after": _before(p, have)}
        )
        for p in ORDER
        if p not in have
    ]
    order = [p for p in have if p in ORDER]
    if order != sorted(order, key=ORDER.index):
        headings = dict(parts)
        out.append(
            Finding(
                "part_order",
                "warning",
                Where("report"),
                " → ".join(headings[p] for p in order),
                data={"order": order},
            )
        )
    return out


def _before(kind: str, have: Sequence[str]) -> str | None:
    """The mandated part present just before where ``kind`` belongs (to say where to add it)."""
    earlier = [p for p in ORDER[: ORDER.index(kind)] if p in have]
    return earlier[-1] if earlier else None


# -- years ---------------------------------------------------------------------------------


def _year_findings(report: Report, year: int) -> list[Finding]:
    out: list[Finding] = []
    for section in report.sections:
        path = report.path(section.ordinal)
        expected = year + 1 if part(path) == "plans" else year
        for y in {int(y) for y in YEAR.findall(section.title)}:
            if y != expected:
                where = Where("heading", " › ".join(path))
                out.append(Finding("year_mismatch", "error", where, section.label, str(expected)))
    for number, passage in enumerate(report.passages, 1):
        for sentence in passage.sentences:
            m = OPENING_YEAR.search(sentence)
            if passage.section is not None and not sentence.startswith("现将"):
                continue  # the opening states the year; later years are history or plans
            if m and int(m.group(1) or m.group(2)) != year:
                where = Where("paragraph", " › ".join(report.path(passage.section)), number)
                out.append(Finding("year_mismatch", "error", where, sentence[:60], str(year)))
    return out


def _end_findings(report: Report, year: int) -> list[Finding]:
    out = []
    if not report.meta.get("signature"):
        out.append(Finding("no_signature", "error", Where("signature")))
    signed = report.meta.get("signed_on")
    if not signed:
        out.append(Finding("no_date", "error", Where("date")))
    elif year and (m := re.match(r"(\d{4})", signed)) and int(m.group(1)) not in (year, year + 1):
        expected = f"{year}或{year + 1}"
        out.append(Finding("year_mismatch", "error", Where("date"), signed, expected))
    return out


# -- blanks --------------------------------------------------------------------------------


def _blanks(report: Report, title: str) -> Iterator[Finding]:
    for m in BLANK.finditer(title):
        yield Finding("blank", "error", Where("title"), _around(title, m), m.group())
    for section in report.sections:
        for m in BLANK.finditer(section.title):
            where = Where("heading", " › ".join(report.path(section.ordinal)))
            yield Finding("blank", "error", where, section.label, m.group())
    for number, passage in enumerate(report.passages, 1):
        for m in BLANK.finditer(passage.text):
            where = Where("paragraph", " › ".join(report.path(passage.section)), number)
            yield Finding("blank", "error", where, _around(passage.text, m), m.group())
    for key, kind in (("signature", "signature"), ("signed_on", "date")):
        text = report.meta.get(key, "")
        for m in BLANK.finditer(text):
            yield Finding("blank", "error", Where(kind), text, m.group())  # type: ignore[arg-type]


def _around(text: str, m: re.Match[str], width: int = 18) -> str:
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# -- against last year ---------------------------------------------------------------------


def _previous(store: Store | None, report: Report, year: int) -> Report | None:
    if store is None or not report.town or not year:
        return None
    names = [f"{report.county}{report.town}"] if report.county else []
    for name in [*names, report.town]:
        try:
            place = store.resolve_town(name)
            if year - 1 in store.available().get(place, ()):
                return store.load(place, year - 1)[1]
            return None
        except TownreportError:
            continue
    return None


def _plan_items(previous: Report) -> list[str]:
    """Last year's plans: the headings under its plans part, else its plans paragraphs."""
    heads = [
        s.title
        for s in previous.sections
        if s.level > 1 and part(previous.path(s.ordinal)) == "plans"
    ]
    if heads:
        return heads
    return [
        p.sentences[0]
        for p in previous.passages
        if p.section is not None and part(previous.path(p.section)) == "plans" and p.sentences
    ]


def _content_words(text: str) -> set[str]:
    generic = dict_words("generic_words.txt")
    return {w for w in words(text) if len(w) >= 2 and w not in generic and not w.isdigit()}


def _plan_findings(previous: Report, report: Report) -> list[Finding]:
    done = "".join(
        p.text
        for p in report.passages
        if part(report.path(p.section), p.text) not in ("plans", "problems")
    )
    out = []
    for item in _plan_items(previous):
        terms = _content_words(item)
        if not terms:
            continue
        covered = sum(1 for t in terms if t in done) / len(terms)
        if covered < PLAN_COVERAGE:
            data = {"year": previous.year, "missing": sorted(t for t in terms if t not in done)}
            out.append(Finding("plan_not_reported", "warning", Where("report"), item, data=data))
    return out


def _tenfold_findings(store: Store | None, previous: Report, report: Report) -> list[Finding]:
    before, after = report_figures(previous), report_figures(report)
    out = []
    for change in match(before, after):
        a, b = change.before, change.after
        if not (change.indicator and a and b) or a.unit != b.unit or a.unit == "%":
            continue
        if a.value <= 0 or b.value <= 0:
            continue
        ratio = b.value / a.value
        if ratio >= TENFOLD or ratio <= 1 / TENFOLD:
            where = Where("paragraph", change.section)
            data = {
                "indicator": change.indicator,
                "before": a.as_written,
                "after": b.as_written,
                "year": previous.year,
                "sentence": b.sentence,
                "ratio": ratio,
            }
            out.append(Finding("tenfold", "warning", where, b.span, a.as_written, data))
    return out
