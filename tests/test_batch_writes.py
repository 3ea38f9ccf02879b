"""A batch of reports is written together (corpus.storage.writing.store_batch) but decided
as if each were stored alone: versions of one place and year met in the same batch, the
catalog's versions, and the rows themselves, the same as one report per transaction."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from corpus.ingest import prepare_file
from corpus.reading.prepare import Prepared
from corpus.settings import Settings
from corpus.storage.store import Store, open_store
from tests.conftest import SEEDS


def _prepared(path: Path, settings: Settings) -> Prepared:
    prepared = prepare_file(path, settings)
    assert isinstance(prepared, Prepared), prepared
    return prepared


def _edited(tmp_path: Path, seed: Path, line: str) -> Path:
    out = tmp_path / f"{seed.stem}-edited.txt"
    out.write_text(seed.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    return out


def _batch(settings: Settings, tmp_path: Path) -> list[Prepared]:
    edited = _edited(tmp_path, SEEDS[1], "补充说明：全年新增调解员3名。")
    return [
        _prepared(SEEDS[1], settings),  # added
        _prepared(edited, settings),  # the same place and year: replaces the one above
        _prepared(SEEDS[1], settings),  # and back: restored
        _prepared(SEEDS[2], settings),  # another place: added
        _prepared(SEEDS[1], settings),  # current already: unchanged
        _prepared(edited, settings),  # replaced again, the edited row restored
    ]


def test_versions_of_one_place_in_one_batch_are_decided_in_turn(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    with store.engine.connect() as conn:
        before = conn.exec_driver_sql("SELECT version FROM catalog").scalar_one()
    batch = _batch(settings, tmp_path)
    stored = list(store.add_reports(batch, batch=32))
    assert [s.status for s in stored] == [
        "added",
        "replaced",
        "restored",
        "added",
        "unchanged",
        "restored",
    ]
    first, edited = stored[0].report, stored[1].report
    assert stored[1].replaced is not None and stored[1].replaced.id == first.id
    assert stored[1].replaced.superseded and not edited.superseded
    assert stored[2].report.id == first.id and stored[2].replaced.id == edited.id  # type: ignore[union-attr]
    assert stored[5].report.id == edited.id
    for s, p in zip(stored, batch, strict=True):  # passages counted, new or stored
        assert s.report.passages == len(p.report.passages)
    current = [(r.town, r.year, r.source_name) for r in store.reports()]
    assert sorted(current) == sorted(
        [
            (batch[3].report.town, batch[3].report.year, SEEDS[2].name),
            (first.town, first.year, batch[1].source_name),
        ]
    )
    with store.engine.connect() as conn:
        after = conn.exec_driver_sql("SELECT version FROM catalog").scalar_one()
        changes = conn.exec_driver_sql(
            "SELECT version, place_id FROM catalog_changes WHERE version > "
            + str(before)
            + " ORDER BY version"
        ).all()
    ids = store.available().ids
    place = ids[first.town]
    # one version per report that changed the catalog, in order, each naming its place
    assert after == before + 5
    assert [tuple(c) for c in changes] == [
        (before + 1, place),
        (before + 2, place),
        (before + 3, place),
        (before + 4, ids[batch[3].report.town]),
        (before + 5, place),
    ]


TABLES = {
    "places": "SELECT id, key, name, level, county, city, province, code FROM places",
    "reports": "SELECT id, place_id, town, county, year, title, meta, source_name, "
    "source_format, source_hash, superseded_at IS NULL FROM reports",
    "sections": "SELECT report_id, ordinal, parent_ordinal, level, number, title, above, kind "
    "FROM sections",
    "passages": "SELECT id, report_id, section_ordinal, ordinal, text FROM passages",
    "figures": "SELECT id, report_id, passage_id, ordinal, label, value, unit, qualifier, span, "
    "sentence, sentence_start, sentence_end, indicator FROM figures",
    "changes": "SELECT version, place_id FROM catalog_changes",
}


def _dump(store: Store) -> dict[str, list[tuple[object, ...]]]:
    with store.engine.connect() as conn:
        out = {name: sorted(map(tuple, conn.execute(text(sql)))) for name, sql in TABLES.items()}
        out["fts"] = [
            (t, tuple(store.index.candidates(conn, [t], None, 10_000))) for t in ("调解员", "经济")
        ]
    return out


def test_a_batch_stores_the_rows_of_one_report_per_transaction(
    settings: Settings, tmp_path: Path
) -> None:
    batch = _batch(settings, tmp_path) + [_prepared(p, settings) for p in SEEDS]
    together = open_store(f"sqlite:///{tmp_path}/together.db")
    alone = open_store(f"sqlite:///{tmp_path}/alone.db")
    statuses = [s.status for s in together.add_reports(batch, batch=32)]
    assert statuses == [s.status for s in alone.add_reports(batch, batch=1)]
    assert _dump(together) == _dump(alone)
