"""Migration 0009 on a database that concurrent imports already left with a place and year
current twice: the newest row stays current, the older becomes history, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from corpus.ingest import bundled_dir, ingest_file
from corpus.settings import Settings
from corpus.storage.database import migrations_config
from corpus.storage.store import open_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
SEEDS = sorted(bundled_dir().glob("*.txt"))
DUPLICATE = (
    "INSERT INTO reports (place_id, town, county, year, title, meta, source_name,"
    " source_format, source_hash, ingested_at) SELECT place_id, town, county, year, title,"
    " meta, source_name, source_format, 'twice', ingested_at FROM reports"
)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    return request.getfixturevalue("pg_url")


def test_0009_keeps_the_newest_of_two_current_rows(tmp_path: Path, url: str) -> None:
    store = open_store(url)
    ingest_file(store, SEEDS[1], Settings.from_env({"TOWNREPORT_DATA_DIR": str(tmp_path)}))
    cfg = migrations_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    with store.engine.begin() as conn:
        conn.execute(text(DUPLICATE))  # what two racing imports could leave before 0009
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT source_hash, superseded_at IS NULL FROM reports ORDER BY id")
        ).all()
    assert [(h == "twice", current) for h, current in rows] == [(False, False), (True, True)]
    store.engine.dispose()
