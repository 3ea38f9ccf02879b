"""Shared fixtures: settings in tmp_path, stores on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.settings import Settings
from corpus.storage.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted(bundled_dir().glob("*.txt"))
PG_URL = os.environ.get("TOWNREPORT_TEST_DATABASE_URL")

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    skip = pytest.mark.skip(reason="未设置 TOWNREPORT_TEST_DATABASE_URL，跳过 PostgreSQL 测试")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env(
        {"TOWNREPORT_DATA_DIR": str(tmp_path / "data"), "TOWNREPORT_AUTO_INGEST": "1"}
    )


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh schema on the test PostgreSQL server, dropped afterwards."""
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def cli_env(db_url: str, tmp_path: Path) -> dict[str, str]:
    """The environment for running the installed command on ``db_url``, without the bundled
    reports."""
    return {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": db_url,
        "TOWNREPORT_AUTO_INGEST": "0",
    }


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def loaded_store(store: Store, settings: Settings) -> Store:
    """A store holding the five bundled reports."""
    results = list(ingest_paths(store, expand([bundled_dir()]), settings))
    assert all(r.ok for r in results), results
    return store
