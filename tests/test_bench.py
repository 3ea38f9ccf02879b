"""The benchmarks still run and print what the README promises (tiny sizes here)."""

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.synth import generate
from corpus.ingest import expand, ingest_paths
from corpus.settings import Settings
from corpus.storage.store import open_store

ROOT = Path(__file__).resolve().parents[1]


def test_synthetic_corpus_is_deterministic_and_parses(tmp_path: Path, settings: Settings) -> None:
    a = generate(tmp_path / "a", 30, seed=3)
    b = generate(tmp_path / "b", 30, seed=3)
    assert [p.read_text(encoding="utf-8") for p in a] == [p.read_text(encoding="utf-8") for p in b]
    store = open_store(f"sqlite:///{tmp_path}/s.db")
    results = list(ingest_paths(store, expand([tmp_path / "a"]), settings, workers=2))
    assert all(r.ok for r in results), [r.error for r in results if r.error]
    assert len({(r.town, r.year) for r in results}) == 30


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
    assert set(classes) == {
        "town+year",
        "town, no year",
        "no town, rare words",
        "no town, common words",
        "which place",
        "whole section",
    }
    assert all(c["questions"] > 0 and c["townreport_p95_ms"] > 0 for c in classes.values())
    assert data["cold"]["after_ingest_ms"] > 0 and data["cold"]["new_process_ms"] > 0
    assert data["corpus"]["distinct_texts"] > 0 and data["corpus"]["vocabulary"] > 0


def test_question_mix_aims_at_synthetic_places() -> None:
    from bench.question_mix import BUNDLED, classes

    catalog = {"辛口镇": (2021, 2022), "青松镇": tuple(range(2015, 2025)), "红石乡": (2020,)}
    dev = ["辛口镇2021年法律顾问审查了多少份合同？", "八里台镇2024年行政复议情况"]
    mix = classes(dev, catalog)
    aimed = mix["town+year"] + mix["town, no year"] + mix["whole section"]
    assert aimed and not any(b in q for q in aimed for b in BUNDLED)
    assert all("年" not in q.replace("年度", "") for q in mix["town, no year"])
    assert any("2021年" not in q and "年" in q for q in mix["town+year"])


@pytest.mark.slow
def test_draft_bench_json(tmp_path: Path) -> None:
    data = run_bench("draft_bench.py", tmp_path, "--reports", "20", "--drafts", "3")
    assert data["drafts"] == 3 and data["docx_p50_ms"] > 0


@pytest.mark.slow
def test_places_bench_json(tmp_path: Path) -> None:
    data = run_bench("places_bench.py", tmp_path, "--reports", "5")
    assert data["gazetteer_load_s"] > 0 and data["identify_ms_per_report"] > 0
    assert data["score"]["texts"] == 20 and data["score"]["town_and_year"] == 20
