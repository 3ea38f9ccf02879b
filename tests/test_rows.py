from pathlib import Path

from corpus.ingest import prepare_file
from corpus.reading.prepare import Prepared
from corpus.settings import Settings
from corpus.storage.rows import figure_rows, figure_sentence, passage_rows, section_rows
from tests.conftest import SEEDS


def test_rows_carry_every_column_in_report_order(settings: Settings) -> None:
    prepared = prepare_file(SEEDS[1], settings)
    assert isinstance(prepared, Prepared)
    sections = section_rows(7, prepared)
    passages = passage_rows(7, prepared)
    ids = [100 + i for i in range(len(passages))]
    figures = figure_rows(7, ids, prepared)
    assert [r["ordinal"] for r in sections] == [s.ordinal for s in prepared.report.sections]
    assert all(r["report_id"] == 7 for r in [*sections, *passages, *figures])
    assert [r["tokens"] for r in passages] == list(prepared.tokens)
    for row, passage in zip(passages, prepared.report.passages, strict=True):
        assert "section" not in row  # the path is stored once, with the section
        assert row["section_ordinal"] == passage.section and row["text"] == passage.text
    # a section stores the labels above its own; its path is those, then its own label
    paths = [
        (r["above"] + " › " if r["above"] else "") + r["number"] + r["title"] for r in sections
    ]
    assert paths == list(prepared.sections) and any(r["above"] for r in sections)
    assert [r["kind"] for r in sections] == list(prepared.kinds)
    assert {"plans", "problems", "achievements"} <= set(prepared.kinds)
    first = prepared.figures[0]
    assert figures[0]["passage_id"] == 100 + first.passage_ordinal
    assert figures[0]["label"] == first.figure.label and figures[0]["value"] == float(
        first.figure.value
    )
    assert len(figures) == len(prepared.figures) > 10
    assert [f["ordinal"] for f in figures] == list(range(len(figures)))  # from 0
    for row, placed in zip(figures, prepared.figures, strict=True):  # sentences as offsets
        text = prepared.report.passages[placed.passage_ordinal].text
        assert row["sentence"] == "" and row["sentence_start"] is not None
        stored = (row["sentence"], row["sentence_start"], row["sentence_end"])
        assert figure_sentence(*stored, text) == placed.figure.sentence


def test_no_figures_no_rows(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "辛口镇2022年法治政府建设情况报告\n一、主要举措和成效\n深入推进依法行政。\n",
        encoding="utf-8",
    )
    prepared = prepare_file(path, settings, allow_short=True)
    assert isinstance(prepared, Prepared)
    assert figure_rows(1, [1], prepared) == []
