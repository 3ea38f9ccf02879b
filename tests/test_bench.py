"""The benchmarks still run and print what the README promises (tiny sizes here)."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate, plan, stats
from corpus.ingest import bundled_dir, expand, ingest_paths, parse_file
from corpus.reading import outline
from corpus.settings import Settings
from corpus.storage.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def test_synthetic_corpus_is_deterministic_and_parses(tmp_path: Path, settings: Settings) -> None:
    a = generate(tmp_path / "a", 45, seed=3)
    b = generate(tmp_path / "b", 45, seed=3)
    assert [p.read_text(encoding="utf-8") for p in a] == [p.read_text(encoding="utf-8") for p in b]
    # a smaller corpus is the start of a larger one, and start= writes only the rest
    small = generate(tmp_path / "c", 20, seed=3, include_real=False)
    assert [p.read_text(encoding="utf-8") for p in small] == [
        p.read_text(encoding="utf-8") for p in a[5:25]
    ]
    rest = generate(tmp_path / "d", 21, seed=3, include_real=False, start=20)
    assert [p.name for p in rest] == [a[25].name]
    store = open_store(f"sqlite:///{tmp_path}/s.db")
    results = list(ingest_paths(store, expand([tmp_path / "a"]), settings, workers=2))
    assert all(r.ok for r in results), [r.error for r in results if r.error]
    # every synthetic report is found to be about the real town, county and year it was made for
    planned = {item.filename: item for item in plan(40, seed=3)}
    found = {Path(r.path).name: r for r in results}
    for name, item in planned.items():
        r = found[name]
        assert r.place is not None and r.place.code == item.town.code, (name, r.town, item)
        assert (r.town, r.county, r.year) == (item.town.name, item.town.county, item.year)
    assert len({(r.town, r.county, r.year) for r in results}) == 45
    towns = {item.town for item in planned.values()}
    assert len(towns) >= 3 and all(t.province == "河北省" for t in towns)
    years = [item.year for item in planned.values() if item.town == planned[a[5].name].town]
    assert years == list(range(2015, 2025))  # the first place has ten years


def test_synthetic_reports_have_the_four_parts_and_varied_text(
    tmp_path: Path, settings: Settings
) -> None:
    paths = generate(tmp_path / "a", 25, seed=5, include_real=False)
    for path in paths[:8]:
        report, _, _ = parse_file(path, settings, None, None)
        parts = {outline.part(report.path(s.ordinal)) for s in report.sections}
        assert parts == {"achievements", "problems", "duty", "plans"}, path.name
        assert len(report.passages) >= 8
    counts = stats(paths)
    # recombined, not repeated: nearly every paragraph is new, and the vocabulary outgrows
    # the five bundled reports'
    assert counts["distinct_paragraphs"] >= 0.95 * sum(
        1 for p in paths for x in p.read_text(encoding="utf-8").split("\n") if len(x) > 40
    )
    assert counts["vocabulary"] > stats(sorted(bundled_dir().glob("*.txt")))["vocabulary"]


def run_bench(script: str, cwd: Path, *args: str) -> dict[str, Any]:
    """Run ``bench/<script>`` with ``--json`` and return what it printed."""
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args, "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=cwd,
    )
    return json.loads(out.stdout)


@pytest.mark.slow
def test_search_bench_without_reference_times_townreport_alone(tmp_path: Path) -> None:
    data = run_bench(
        "search_bench.py", tmp_path, "--reports", "30", "--rounds", "1", "--no-reference"
    )
    assert data["bm25s"] == {} and set(data["classes"]) == CLASSES
    for c in data["classes"].values():
        assert c["townreport_p95_ms"] > 0 and "bm25s_p95_ms" not in c
    assert data["corpus"]["passages"] == data["passages"] and data["corpus"]["vocabulary"] is None
    out = tmp_path / "run.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    summary = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_summary.py"), str(out)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "| all |" in summary and "–" in summary


@pytest.mark.slow
def test_search_bench_json(tmp_path: Path) -> None:
    data = run_bench("search_bench.py", tmp_path, "--reports", "40", "--rounds", "1")
    assert data["reports"] == 40 and data["passages"] > 500 and data["failed"] == 0
    assert set(data["townreport"]) >= {
        "ingest_s",
        "ingest_reports_per_s",
        "p50_ms",
        "p95_ms",
        "p99_ms",
        "peak_rss_mb",
        "index_mb",
    }
    assert set(data["bm25s"]) >= {"index_s", "p50_ms", "p95_ms", "p99_ms"}
    assert data["real_corpus"]["townreport_hit@1"] >= 0.9
    classes = data["classes"]
    assert set(classes) == CLASSES
    for c in classes.values():
        assert c["questions"] > 0 and c["townreport_p95_ms"] > 0 and c["bm25s_p95_ms"] > 0
        assert c["townreport_p50_ms"] > 0 and c["rarest_word_pct"] >= 0
    cold = data["cold"]
    assert cold["after_ingest_ms"] > 0 and cold["new_process_ms"] > 0
    phases = ("imports", "open", "prepare", "first_question")
    assert sum(cold[f"new_process_{p}_ms"] for p in phases) <= cold["new_process_ms"] + 1
    assert cold["new_process_second_question_ms"] > 0
    corpus = data["corpus"]
    assert corpus["passages"] == data["passages"]
    assert corpus["distinct_texts"] > 0.9 * corpus["passages"] and corpus["vocabulary"] > 3000
    assert data["townreport"]["kb_per_report"] > 0


CLASSES = {
    "town+year",
    "town, no year",
    "no town, rare words",
    "no town, common words",
    "which place",
    "whole section",
}


def test_question_mix_aims_at_synthetic_places() -> None:
    from bench.question_mix import BUNDLED, classes

    catalog = {"辛口镇": (2021, 2022), "青松镇": tuple(range(2015, 2025)), "红石乡": (2020,)}
    dev = ["辛口镇2021年法律顾问审查了多少份合同？", "八里台镇2024年行政复议情况"]
    mix = classes(dev, catalog, rare=["南湖渠村", "柳西村"])
    assert set(mix) == CLASSES and all(mix.values())
    aimed = mix["town+year"] + mix["town, no year"] + mix["whole section"]
    assert aimed and not any(b in q for q in aimed for b in BUNDLED)
    assert all("年" not in q.replace("年度", "") for q in mix["town, no year"])
    assert all(q.startswith("青松镇") for q in mix["town, no year"])  # the place with ten years
    assert any("2021年" not in q and "年" in q for q in mix["town+year"])
    assert any("南湖渠村" in q for q in mix["no town, rare words"])
    assert all(q.startswith("哪") for q in mix["which place"])
    assert not any(t in q for q in mix["no town, rare words"] for t in catalog)


@pytest.mark.slow
def test_draft_bench_json(tmp_path: Path) -> None:
    data = run_bench("draft_bench.py", tmp_path, "--reports", "20", "--drafts", "3")
    assert data["drafts"] == 3 and data["docx_p50_ms"] > 0


@pytest.mark.slow
def test_places_bench_json(tmp_path: Path) -> None:
    data = run_bench("places_bench.py", tmp_path, "--reports", "5")
    assert data["gazetteer_load_s"] > 0 and data["identify_ms_per_report"] > 0
    assert data["score"]["texts"] == 20 and data["score"]["town_and_year"] == 20


@pytest.mark.slow
def test_search_bench_reuses_an_earlier_runs_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/kept.db"
    args = ("--reports", "30", "--rounds", "1", "--no-reference", "--db", url)
    first = run_bench("search_bench.py", tmp_path, *args)
    again = run_bench("search_bench.py", tmp_path, *args, "--reuse")
    assert again["townreport"]["reused"] is True and "ingest_s" not in again["townreport"]
    # the same corpus (and the first run's extra report for the cold timing: a new one each run)
    assert again["passages"] > first["passages"] and set(again["classes"]) == CLASSES
    assert again["cold"]["after_ingest_ms"] > 0
    store = open_store(url)
    assert store.count() == 32  # 30 + one extra report per run
    store.engine.dispose()
    refused = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "search_bench.py"),
            "--reports",
            "40",
            "--db",
            url,
            "--reuse",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert refused.returncode != 0 and "只有 32 份报告" in refused.stderr


@pytest.mark.slow
def test_floor_bench_json(tmp_path: Path) -> None:
    data = run_bench("floor_bench.py", tmp_path, "--reports", "40", "--rounds", "1", "--dir", ".")
    assert data["reports"] == 40 and set(data["classes"]) == CLASSES | {"all"}
    for row in data["classes"].values():
        for system in ("bm25s", "townreport", "before scoring"):
            assert row[f"{system} p50"] > 0 and row[f"{system} p95"] >= row[f"{system} p50"]
        assert row["scoring share p50"] < 1


def test_floor_bench_takes_the_scorer_out_of_its_own_column_only() -> None:
    from bench.floor_bench import Unscored, timed
    from corpus.search import answer
    from corpus.search.scorer import Scorer

    seen: dict[str, list[type]] = {"townreport": [], "before scoring": []}

    def asked(name: str):  # type: ignore[no-untyped-def]
        return lambda q: seen[name].append(answer.Scorer)

    systems = {"bm25s": lambda q: None, **{n: asked(n) for n in seen}}
    timed(systems, {"town+year": ["辛口镇2022年聘请了几名法律顾问"]}, rounds=2)
    assert seen["townreport"] == [Scorer] * 3  # warm-up and two rounds
    assert seen["before scoring"] == [Scorer, Unscored, Unscored]  # warmed as the whole
    assert answer.Scorer is Scorer
