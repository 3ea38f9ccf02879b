"""Reading the database with plain SQL: on the driver itself for a SQLite file, through
SQLAlchemy for any other database. Only :mod:`corpus.storage.store` opens them.

A question reads a handful of rows; importing SQLAlchemy costs a command-line question more
than everything else it does (~0.25 s of ~0.45 s on this machine's 2 cores), so the readers
a question needs are written once as SQL with ``:name`` parameters, which both Python's
``sqlite3`` and SQLAlchemy's ``text()`` take. Writes, migrations and other databases keep the
SQLAlchemy engine, which the store creates the first time one needs it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy import Engine

Params = Mapping[str, object]
Row = tuple[Any, ...]

# what every townreport connection to a SQLite file sets (database._sqlite_pragmas adds the
# writer's; journal_mode=WAL is kept in the file, so a reader needs only these)
READER_PRAGMAS = (
    "PRAGMA busy_timeout=60000",
    "PRAGMA cache_size=-65536",  # 64 MB of pages: index inserts stay fast at scale
    "PRAGMA temp_store=MEMORY",
)


class Reads(Protocol):
    """Rows of one read-only statement, its parameters as ``:name``."""

    def rows(self, sql: str, params: Params | None = None) -> list[Row]: ...


class EngineReads:
    """Reads through a SQLAlchemy engine (PostgreSQL; SQLite when not a plain file)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        """A statement without parameters runs on a pooled connection's own cursor (the
        catalog version, read for every question: SQLAlchemy's execution costs twice the
        statement); an error is read again through SQLAlchemy, to be raised as it words it."""
        from sqlalchemy import text

        if not params:
            try:
                raw = self.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    try:
                        cursor.execute(sql)
                        return [tuple(r) for r in cursor.fetchall()]
                    finally:
                        cursor.close()
                finally:
                    raw.close()
            except self.engine.dialect.loaded_dbapi.Error:
                pass
        with self.engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), dict(params or {}))]


class DriverReads:
    """Reads on ``sqlite3`` connections to one database file, kept between statements (a
    new one costs the schema's parsing again); safe to share between threads, one
    statement to a connection at a time. Each runs in autocommit mode: no read holds a
    transaction open, as SQLAlchemy's pysqlite dialect does not either."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        # told each statement run (the tests count a request's statements)
        self.listeners: list[Callable[[str], None]] = []

    def rows(self, sql: str, params: Params | None = None) -> list[Row]:
        with self.connection() as conn:
            return conn.execute(sql, dict(params or {})).fetchall()

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection of the pool for a few statements; an error closes it."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._open()
        conn.set_trace_callback(self._told if self.listeners else None)
        try:
            yield conn
        except BaseException:
            conn.close()
            raise
        with self._lock:
            self._idle.append(conn)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        for pragma in READER_PRAGMAS:
            conn.execute(pragma)
        return conn

    def _told(self, statement: str) -> None:
        for listener in self.listeners:
            listener(statement)


def sqlite_file(url: str) -> str | None:
    """The file of a plain ``sqlite:///path`` URL (no driver named, no query options, nothing
    URL-escaped), as SQLAlchemy's pysqlite dialect would open it."""
    if not url.startswith("sqlite:///") or "?" in url or "%" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return None if path in ("", ":memory:") else path


def schema_revision(path: str) -> list[str] | None:
    """The migration revisions recorded in a SQLite file; None when it has no schema yet
    (or is not a database)."""
    from pathlib import Path

    try:
        conn = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def in_list(name: str, values: Sequence[object]) -> tuple[str, dict[str, object]]:
    """``(:name_0, :name_1, …)`` and its parameters, for ``IN`` (never empty: a list of none
    matches nothing)."""
    if not values:
        return "(NULL)", {}
    params = {f"{name}_{i}": v for i, v in enumerate(values)}
    return "(" + ", ".join(f":{k}" for k in params) + ")", params


def as_mapping(value: object) -> dict[str, str]:
    """A JSON column as read: text on SQLite, already decoded on PostgreSQL."""
    if value is None:
        return {}
    decoded = json.loads(value) if isinstance(value, str | bytes) else value
    return dict(decoded or {})  # type: ignore[call-overload]


def as_datetime(value: object) -> datetime:
    """A timestamp column as read: ISO text on SQLite, a datetime on PostgreSQL."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
