"""A deterministic synthetic corpus made from the bundled reports.

Each synthetic report takes one bundled report and gives it another town (several towns per
county, up to ten years each), shifts its years, scales its figures and shuffles the
paragraphs inside each section. The same seed always gives the same files.

    python bench/synth.py OUT_DIR --reports 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

from corpus.ingest import bundled_dir
from corpus.reading.text import is_marker_line

SYLLABLES = list(
    "安宝北滨昌长城崇大东丰富高广海和河红华黄吉嘉江金津静康兰乐利良林柳隆龙芦罗梅明南宁平浦"
    "青清庆仁瑞三山上胜石双顺松泰天通桐湾万旺文西溪仙新兴秀阳杨永余玉元岳云泽张振中周庄紫"
)
SUFFIXES = ["镇", "镇", "镇", "乡", "街道"]
COUNTIES = ["东丽区", "北辰区", "宁河区", "静海区", "宝坻区", "蓟州区", "武清区", "滨海新区"]
# the bundled towns and the way each names itself
REAL = {"辛口镇": "辛口", "杨柳青镇": "杨柳青", "张家窝镇": "张家窝", "八里台镇": "八里台"}
FIGURE = re.compile(
    r"(\d+(?:\.\d+)?)(\s*(?:余|多)?\s*(?:件次|人次|批次|份|次|件|批|名|个|场|篇|条|起|家|台|项|元|万元|处|%))"
)
YEAR = re.compile(r"(20[0-3]\d)")


def town_names(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.sample(SYLLABLES, rng.choice((2, 2, 3))))
        name = stem + rng.choice(SUFFIXES)
        # a name starting with 和 reads as "and …" (和杨崇镇): real towns avoid that, and so do we
        if not any(r in name for r in REAL.values()) and not name.startswith("和"):
            names.add(name)
    return sorted(names)


def _seed_year(text: str) -> int:
    return int(YEAR.search(text.replace(" ", "")[:400]).group(1))  # type: ignore[union-attr]


def rewrite(text: str, town: str, county: str, year: int, rng: random.Random) -> str:
    """One bundled report turned into ``town``'s report for ``year``."""
    shift = year - _seed_year(text)
    stem = town.removesuffix("街道").removesuffix("镇").removesuffix("乡")
    for real, short in REAL.items():
        text = text.replace(real, town).replace(short, stem)
    text = re.sub(r"(西青区|津南区)", county, text)
    text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    factor = rng.uniform(0.6, 1.6)
    text = FIGURE.sub(lambda m: _scaled(m.group(1), factor) + m.group(2), text)
    return _shuffle(text, rng)


def _scaled(number: str, factor: float) -> str:
    if "." in number:
        return f"{min(float(number) * factor, 99.9):.1f}"
    return str(max(1, round(int(number) * factor)))


def _shuffle(text: str, rng: random.Random) -> str:
    """Shuffle runs of body paragraphs (lines that are not headings) inside each section."""
    if "\n\n" in text[:2000] and text.count("\n\n") > text.count("\n") * 0.4:
        return text  # hard-wrapped PDF text: shuffling printed lines would break sentences
    lines = text.split("\n")
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if line.strip() and not is_marker_line(line.strip()) and len(line) > 60:
            run.append(line)
            continue
        rng.shuffle(run)
        out.extend(run)
        run = []
        out.append(line)
    rng.shuffle(run)
    out.extend(run)
    return "\n".join(out)


def generate(out: Path, reports: int, seed: int = 7, include_real: bool = True) -> list[Path]:
    """Write ``reports`` report files into ``out`` (the bundled ones first) and list them."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds = sorted(bundled_dir().glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    paths: list[Path] = []
    if include_real:
        for p, text in zip(seeds, texts, strict=True):
            target = out / p.name
            target.write_text(text, encoding="utf-8")
            paths.append(target)
    for i, (town, county, year) in enumerate(_plan(reports - len(paths), rng)):
        text = rewrite(texts[i % len(texts)], town, county, year, rng)
        target = out / f"synthetic_{i:05d}.txt"
        target.write_text(text, encoding="utf-8")
        paths.append(target)
    return paths


def _plan(count: int, rng: random.Random) -> Iterator[tuple[str, str, int]]:
    towns = town_names(max(1, count // 10 + 1), rng)
    made = 0
    for town in towns:
        county = rng.choice(COUNTIES)
        for year in range(2015, 2025):
            if made == count:
                return
            made += 1
            yield town, county, year


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.reports, args.seed)
    print(f"{len(paths)} reports in {args.out}")


if __name__ == "__main__":
    main()
