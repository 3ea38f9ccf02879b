"""Which questions are answered from figures: rankings, listings and series only; every
question of the QA sets (a fact about one report) still goes to the passage search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.figures.questions import figure_answer
from corpus.ingest import expand, ingest_paths
from corpus.settings import Settings
from corpus.storage.store import Store
from tests.district_texts import write_county

DATA = Path(__file__).parent / "data"


@pytest.fixture
def county_store(loaded_store: Store, settings: Settings, tmp_path: Path) -> Store:
    files = expand(write_county(tmp_path / "in"))
    assert all(r.ok for r in ingest_paths(loaded_store, files, settings))
    return loaded_store


@pytest.mark.parametrize("name", ["qa_dev.jsonl", "qa_paraphrase.jsonl"])
def test_qa_questions_go_to_passages(county_store: Store, name: str) -> None:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        question = json.loads(line)["question"]
        assert figure_answer(county_store, question) is None, question


def test_kinds(county_store: Store) -> None:
    ranking = figure_answer(county_store, "象山县哪个街道2022年调解成功率最低")
    assert ranking is not None and ranking.kind == "ranking" and not ranking.descending
    assert ranking.indicator == "矛盾纠纷调解成功率"
    assert [c.figure.value for c in ranking.rows][:2] == [96.3, 97.8]
    listing = figure_answer(county_store, "各镇法律顾问人数")
    assert listing is not None and listing.kind == "listing"
    assert listing.indicator == "法律顾问人数"
    assert {c.place for c in listing.rows + listing.unranked} >= {"石浦镇", "东陈乡"}
    series = figure_answer(county_store, "辛口镇这几年审查合同的变化")
    assert series is not None and series.kind == "series"
    assert [(c.year, c.figure.value) for c in series.rows] == [(2021, 245), (2022, 284)]
    assert figure_answer(county_store, "象山县哪个镇天气最好") is None  # no indicator fits
