"""Engines for the store: connecting, SQLite settings and bringing the schema up to date with
the Alembic migrations. Only :mod:`corpus.store` calls it."""

from __future__ import annotations

import ast
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from corpus.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config


def migrations_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("corpus") / "migrations"))
    return cfg


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a commit needs no fsync
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MB of pages: index inserts stay fast at scale
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def connect(url: str) -> Engine:
    """An engine for ``url`` with its schema at the newest migration."""
    try:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).expanduser().parent.mkdir(
                parents=True, exist_ok=True
            )
        engine = create_engine(url, future=True)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        _migrate(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"无法打开数据库 {engine_url_for_display(url)}：{exc.__class__.__name__}。"
            "请检查 TOWNREPORT_DATABASE_URL 或 --db。"
        ) from exc
    return engine


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration, read from the files' ``revision``/``down_revision`` lines without
    importing Alembic (0.1–0.3 s): the one revision no other revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    folder = resources.files("corpus") / "migrations" / "versions"
    for item in folder.iterdir():
        if not item.name.endswith(".py") or item.name.startswith("_"):
            continue
        for node in ast.parse(item.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                value = node.value.value if isinstance(node.value, ast.Constant) else None
                if node.targets[0].id == "revision" and isinstance(value, str):
                    revisions.add(value)
                elif node.targets[0].id == "down_revision" and isinstance(value, str):
                    revised.add(value)
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


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


def _migrate(engine: Engine) -> None:
    if _is_current(engine):
        return
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = migrations_config()
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def engine_url_for_display(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "（无效的数据库地址）"
