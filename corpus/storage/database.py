"""Engines for the store: connecting, SQLite settings and bringing the schema up to date with
the Alembic migrations. Only :mod:`corpus.storage.store` calls it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from corpus.errors import DatabaseError
from corpus.storage.reads import READER_PRAGMAS
from corpus.storage.revisions import head_revision

if TYPE_CHECKING:
    from alembic.config import Config


@dataclass(frozen=True)
class Upgrade:
    """A database written by an earlier version, about to be brought to the newest schema
    (some upgrades rebuild the full-text index from the stored text: minutes for 10,000
    reports), so that the adapter can say so before the wait."""

    database: str  # the URL without its password
    from_revision: str
    to_revision: str


OnUpgrade = Callable[[Upgrade], None]


def migrations_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("corpus.storage") / "migrations"))
    return cfg


# what a connection that may write sets besides the readers' (reads.READER_PRAGMAS)
_WRITER_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",  # safe with WAL; a commit needs no fsync
)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    for pragma in (*_WRITER_PRAGMAS, *READER_PRAGMAS):
        cursor.execute(pragma)
    cursor.close()


def connect(url: str, on_upgrade: OnUpgrade | None = None) -> Engine:
    """An engine for ``url`` with its schema at the newest migration; ``on_upgrade`` is told
    before an existing database's schema is upgraded (not when a new one is created)."""
    try:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                parents=True, exist_ok=True
            )
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        _migrate(engine, on_upgrade)
    except (ArgumentError, ValueError, TypeError) as exc:
        raise DatabaseError(engine_url_for_display(url), "invalid_url") from exc
    except SQLAlchemyError as exc:
        raise DatabaseError(
            engine_url_for_display(url), "cannot_open", exc.__class__.__name__
        ) from exc
    except ModuleNotFoundError as exc:
        raise DatabaseError(engine_url_for_display(url), "missing_driver", exc.name or "") from exc
    except OSError as exc:
        raise DatabaseError(
            engine_url_for_display(url), "os_error", str(exc.strerror or exc)
        ) from exc
    return engine


def _is_current(engine: Engine) -> bool:
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:  # a new database: no version table yet
        return False
    return [r[0] for r in rows] == [head]


def _migrate(engine: Engine, on_upgrade: OnUpgrade | None = None) -> None:
    """Bring the schema to the newest revision; processes opening a new database at the same
    moment take turns (an advisory lock on PostgreSQL, a lock file beside a SQLite file), and
    each one after the first finds the work done. A current schema costs one query and no
    Alembic import."""
    if _is_current(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = migrations_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    if _revision(engine) == head:
        return
    with _migration_lock(engine), engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None and on_upgrade is not None and head is not None:
            on_upgrade(Upgrade(engine_url_for_display(str(engine.url)), current, head))
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


MIGRATION_LOCK = 0x70776E  # any fixed number: the advisory lock every townreport process takes


def _revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive lock file beside a SQLite database file; nothing for other databases."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def engine_url_for_display(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url.split("@")[-1][:80] if "@" in url else url[:80]
