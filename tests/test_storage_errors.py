"""Storage errors are typed, carry fields, and are worded in bot/ (not shown as tracebacks)."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.terminal import error as worded
from corpus.errors import StoreConflictError, TownreportError, UnsupportedDatabaseError
from corpus.storage import fts, versions
from corpus.storage.store import Store


def test_an_unsupported_database_is_a_typed_error() -> None:
    with pytest.raises(UnsupportedDatabaseError) as info:
        fts.index_for("mysql")
    assert isinstance(info.value, TownreportError) and info.value.dialect == "mysql"
    assert "mysql" in worded(info.value) and "SQLite" in worded(info.value)


def test_a_version_conflict_is_a_typed_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def taken(self: Session, *args: object, **kwargs: object) -> None:
        raise IntegrityError("INSERT", {}, Exception("taken"))

    monkeypatch.setattr(Session, "flush", taken)
    with pytest.raises(StoreConflictError) as info:
        versions.add(store, "draft", None, "cli:me", "试")
    assert (info.value.what, info.value.name) == ("template", "draft")
    assert "冲突" in worded(info.value)
