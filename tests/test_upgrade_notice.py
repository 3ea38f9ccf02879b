"""A database written by an earlier version is upgraded when a command opens it; the
command says so before the wait (minutes at 10,000 reports), once, and not for a new one."""

from __future__ import annotations

from pathlib import Path

from corpus.storage.database import head_revision
from tests.hostile import townreport
from tests.test_migration_years import _database_at_0012


def test_the_command_says_it_upgrades_an_old_database_once(db_url: str, tmp_path: Path) -> None:
    _database_at_0012(db_url)
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": db_url,
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    first = townreport("reports", env=env)
    assert first.code == 0, first.err
    assert "正在升级数据库" in first.err and f"0012 → {head_revision()}" in first.err
    assert "请勿中断" in first.err and "辛口镇" in first.out  # then it does what was asked
    again = townreport("reports", env=env)
    assert again.code == 0 and "升级" not in again.err, again.err


def test_a_new_database_is_created_without_a_word(tmp_path: Path) -> None:
    env = {
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": f"sqlite:///{tmp_path / 'new.db'}",
        "TOWNREPORT_AUTO_INGEST": "0",
    }
    done = townreport("reports", env=env)
    assert done.code == 0 and "升级" not in done.err, done.err
