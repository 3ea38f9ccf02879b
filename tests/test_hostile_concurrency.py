"""Concurrent imports through the installed command, on SQLite and PostgreSQL: the same
files ingested by two processes at once end with one current row per place and year (the
database refuses a second one: migration 0009), each process says truthfully what it did,
and four first-use ``ask`` processes on an empty database import the bundled reports once."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hostile import TOWNREPORT, report_folder
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from corpus.ingest import bundled_dir
from corpus.storage.store import open_store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
SEEDS = sorted(bundled_dir().glob("*.txt"))


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'c.db'}"
    return request.getfixturevalue("pg_url")


def _start(args: list[str], url: str, tmp_path: Path, auto: str = "0") -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": url,
        "TOWNREPORT_AUTO_INGEST": auto,
    }
    return subprocess.Popen(
        [TOWNREPORT, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _current(url: str) -> Counter[tuple[int, int]]:
    store = open_store(url)
    with store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT place_id, year FROM reports WHERE superseded_at IS NULL")
        ).all()
    store.engine.dispose()
    return Counter((r[0], r[1]) for r in rows)


def test_two_ingests_of_the_same_folder_at_once_leave_one_current_row_each(
    tmp_path: Path, url: str
) -> None:
    folder = tmp_path / "same"
    files = report_folder(folder, 24)
    runs = [_start(["ingest", str(folder)], url, tmp_path) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "失败 0" in err
    current = _current(url)
    assert len(current) == len(files) and set(current.values()) == {1}
    # truthful: each file was added by one process and found unchanged by the other
    added = sum(out.count("已导入：") for out, _ in outputs)
    unchanged = sum(out.count("内容未变，跳过") for out, _ in outputs)
    assert (added, unchanged) == (len(files), len(files)), outputs


def test_the_database_itself_refuses_a_second_current_version(url: str) -> None:
    from corpus.ingest import ingest_file
    from corpus.settings import Settings

    store = open_store(url)
    ingest_file(store, SEEDS[1], Settings.from_env({"TOWNREPORT_DATA_DIR": "/tmp"}))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reports (place_id, town, county, year, title, meta, source_name,"
                " source_format, source_hash, ingested_at) SELECT place_id, town, county, year,"
                " title, meta, source_name, source_format, 'other', ingested_at FROM reports"
            )
        )
    store.engine.dispose()


def test_four_first_use_questions_import_the_bundled_reports_once(tmp_path: Path, url: str) -> None:
    asks = [
        _start(["ask", "辛口镇法律顾问审查了多少份合同"], url, tmp_path, auto="1") for _ in range(4)
    ]
    for run in asks:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    store = open_store(url)
    assert store.count() == len(SEEDS)  # every version stored once: no duplicates at all
    store.engine.dispose()
    assert set(_current(url).values()) == {1}
