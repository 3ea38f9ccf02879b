"""A deterministic synthetic corpus with the statistics of real provinces.

Places are real towns, townships and streets of the Ministry of Civil Affairs' table
(corpus/gazetteer.py), province after province (河北省 first, then 河南省, 山东省, …), each
with its real county and 1–10 consecutive years of reports. Every report is assembled anew:
the four mandated parts under varied headings, sub-sections with headings and sentences drawn
(Zipf-weighted, so some recur everywhere and most are rare) from the sentences of the bundled
reports of the same part, recombined across reports and sections, with register-preserving
phrase variants, wording fitted to the year and to 镇/乡/街道, scaled figures, and slot
sentences naming the place's own villages or communities, leaders, law firm, companies and
projects (names built from syllables, fixed per place, so the vocabulary grows with the number
of places as real text does). Title, red header, document number, signer, addressee,
signature and date take the usual forms. The same seed always gives the same files, and the
first N reports of a plan are the same for every larger N.

    python bench/synth.py OUT_DIR --reports 1000 [--seed 7] [--stats] [--check]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import synth_words as w  # noqa: E402
from bench.synth_parts import Pool, pool  # noqa: E402
from corpus.ingest import bundled_dir  # noqa: E402
from corpus.places.gazetteer import TOWNSHIP, gazetteer, short_form  # noqa: E402

PROVINCES = (
    "河北省",
    "河南省",
    "山东省",
    "四川省",
    "湖南省",
    "江苏省",
    "浙江省",
    "安徽省",
    "江西省",
    "湖北省",
    "广东省",
    "福建省",
    "陕西省",
)
LAST_YEAR = 2024
PRINTED = 0.1  # share of reports written as PDF text, hard-wrapped
BUNDLED_COUNT = 5  # the bundled reports generate() puts first
LEVELS = ("街道", "镇", "乡")


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    level: str  # 镇, 乡, 街道
    county: str
    city: str
    province: str


@dataclass(frozen=True)
class Planned:
    index: int
    town: Town
    year: int

    @property
    def filename(self) -> str:
        return f"synthetic_{self.index:06d}.txt"


def _level(name: str) -> str | None:
    return next((lv for lv in LEVELS if name.endswith(lv) and len(name) > len(lv) + 1), None)


@lru_cache(maxsize=4)
def towns(seed: int) -> tuple[Town, ...]:
    """Townships of PROVINCES, each province's in a shuffled order, province after province."""
    g = gazetteer()
    by_province: dict[str, list[Town]] = {p: [] for p in PROVINCES}
    for d in g.by_code.values():
        level = _level(d.name)
        if d.rank != TOWNSHIP or level is None:
            continue
        path = g.path(d.code)
        if len(path) < 3 or path[0].name not in by_province:
            continue
        county = path[-2].name
        city = path[1].name if len(path) >= 4 else path[0].name
        by_province[path[0].name].append(Town(d.code, d.name, level, county, city, path[0].name))
    rng = random.Random(seed)
    out: list[Town] = []
    for province in PROVINCES:
        group = sorted(by_province[province], key=lambda t: t.code)
        rng.shuffle(group)
        out.extend(group)
    return tuple(out)


def stream(seed: int) -> Iterator[Planned]:
    """Every report the plan holds, place by place: 1–10 consecutive years each (the first
    place has all ten, so a question without a year has a place with ten reports)."""
    index = 0
    for i, town in enumerate(towns(seed)):
        rng = random.Random(f"{seed}/{town.code}")
        count = 10 if i == 0 else rng.randint(1, 10)
        last = LAST_YEAR - (0 if count == 10 else rng.choice((0, 0, 0, 1, 1, 2)))
        for year in range(last - count + 1, last + 1):
            yield Planned(index, town, year)
            index += 1


def plan(reports: int, seed: int = 7) -> list[Planned]:
    out: list[Planned] = []
    for item in stream(seed):
        if len(out) == reports:
            break
        out.append(item)
    if len(out) < reports:
        raise ValueError(f"the plan holds only {len(out)} reports")
    return out


@dataclass(frozen=True)
class Local:
    """What stays the same for one place from year to year."""

    villages: tuple[str, ...]
    secretaries: tuple[str, ...]  # 党委书记, one per three-year term
    heads: tuple[str, ...]
    firm: str
    lawyers: tuple[str, ...]
    companies: tuple[str, ...]
    projects: tuple[str, ...]
    size: float  # how large its figures run
    style: int
    key: str  # seeds what the place carries over from year to year


@lru_cache(maxsize=256)
def local(town: Town, seed: int) -> Local:
    rng = random.Random(f"{seed}/{town.code}/local")
    villages = w.village_names(rng, rng.randint(6, 30), town.level == "街道")
    county_short = short_form(town.county)
    return Local(
        tuple(villages),
        tuple(w.person(rng) for _ in range(5)),
        tuple(w.person(rng) for _ in range(5)),
        w.firm(rng, county_short),
        tuple(w.person(rng) for _ in range(3)),
        tuple(w.company(rng, county_short) for _ in range(rng.randint(2, 6))),
        tuple(w.project(rng, rng.choice(villages)) for _ in range(rng.randint(2, 6))),
        rng.lognormvariate(0, 0.5),
        rng.randrange(4),
        f"{seed}/{town.code}",
    )


def render(item: Planned, seed: int, source: Pool | None = None) -> str:
    """The text of one planned report."""
    from bench.synth_parts import document

    rng = random.Random(f"{seed}/{item.index}")
    text = document(item.town, item.year, local(item.town, seed), source or pool(), rng)
    return as_printed(text, rng.randint(26, 34)) if rng.random() < PRINTED else text


def as_printed(text: str, width: int) -> str:
    """The text as extracted from a PDF: one line per printed line, a blank line after each
    (like the bundled 000 report)."""
    lines: list[str] = []
    for para in text.split("\n\n"):
        lines.extend(para[i : i + width] for i in range(0, len(para), width))
    return "\n\n".join(lines) + "\n"


def generate(
    out: Path, reports: int, seed: int = 7, include_real: bool = True, start: int = 0
) -> list[Path]:
    """Write ``reports`` report files into ``out`` and list them: the bundled ones first (with
    ``include_real``), then the plan's reports from the ``start``-th on."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    if include_real:
        for p in sorted(bundled_dir().glob("*.txt")):
            target = out / p.name
            target.write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
            paths.append(target)
    source = pool()
    for item in plan(reports - len(paths), seed)[start:]:
        target = out / item.filename
        target.write_text(render(item, seed, source), encoding="utf-8")
        paths.append(target)
    return paths


def rare_terms(reports: int, seed: int = 7, count: int = 10) -> list[str]:
    """One village or community of each of ``count`` places spread over the first
    ``reports`` reports of the plan: words only that place's reports hold."""
    items = plan(max(1, reports - BUNDLED_COUNT), seed)
    step = max(1, len(items) // count)
    picked = list(dict.fromkeys(i.town for i in items[::step]))[:count]
    known = set(w.place_words())
    out = []
    for town in picked:
        villages = local(town, seed).villages
        out.append(next((v for v in villages if v[:-1] in known), villages[0]))
    return out


def stats(paths: list[Path]) -> dict[str, int]:
    """Distinct paragraphs and index vocabulary of the written files (what the bench reports
    after ingest, here without a store)."""
    from corpus.search.segment import index_tokens

    paragraphs: set[str] = set()
    vocabulary: set[str] = set()
    chars = 0
    for p in paths:
        text = p.read_text(encoding="utf-8")
        chars += len(text)
        for para in re.split(r"\n\s*\n|\n", text):
            if len(para) > 40 and para not in paragraphs:
                paragraphs.add(para)
                vocabulary.update(index_tokens(para))
    return {
        "reports": len(paths),
        "chars": chars,
        "distinct_paragraphs": len(paragraphs),
        "vocabulary": len(vocabulary),
    }


def check(paths: list[Path], reports: int, seed: int) -> list[str]:
    """Read the written files as ``townreport ingest --dry-run`` does and list every synthetic
    one not found to be about its planned town (division code), county and year."""
    import tempfile

    from corpus.ingest import default_workers, ingest_paths
    from corpus.settings import Settings

    planned = {item.filename: item for item in plan(reports - BUNDLED_COUNT, seed)}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        results = list(ingest_paths(None, paths, settings, workers=default_workers()))
    wrong = []
    for r in results:
        item = planned.get(Path(r.path).name)
        if item is None:
            continue
        got = (r.place.code if r.place else None, r.town, r.county, r.year)
        if r.error or got != (item.town.code, item.town.name, item.town.county, item.year):
            wrong.append(f"{Path(r.path).name}: {got} {r.error or ''} ≠ {item}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stats", action="store_true", help="也统计段落与词表规模")
    parser.add_argument(
        "--check", action="store_true", help="像 ingest --dry-run 那样读一遍，核对地方和年度"
    )
    args = parser.parse_args()
    paths = generate(args.out, args.reports, args.seed)
    print(f"{len(paths)} reports in {args.out}")
    if args.stats:
        print(stats(paths))
    if args.check:
        wrong = check(paths, args.reports, args.seed)
        print(
            f"{len(paths) - len(wrong)}/{len(paths)} identified as planned", *wrong[:20], sep="\n"
        )
        sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
