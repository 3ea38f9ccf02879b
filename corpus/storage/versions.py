"""Stored versions of named texts (the drafting templates), with who changed them and why.

Storage only: what a template means and how it is checked lives in ``drafting``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from corpus.storage.models import TemplateVersionRow
from corpus.storage.store import Store


@dataclass(frozen=True)
class Version:
    name: str
    version: int
    source: str | None  # None: the built-in file
    author: str
    message: str
    created_at: datetime


def _version(row: TemplateVersionRow) -> Version:
    return Version(row.name, row.version, row.source, row.author, row.message, row.created_at)


def versions(store: Store, name: str) -> list[Version]:
    """All stored versions of ``name``, oldest first."""
    with store.session() as s:
        rows = s.scalars(
            select(TemplateVersionRow)
            .where(TemplateVersionRow.name == name)
            .order_by(TemplateVersionRow.version)
        )
        return [_version(r) for r in rows]


def names(store: Store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(TemplateVersionRow.name).distinct()))


def add(store: Store, name: str, source: str | None, author: str, message: str) -> Version:
    """Store a new version of ``name``; concurrent writers retry with the next number."""
    for _ in range(5):
        try:
            with store.session() as s:
                latest = s.scalar(
                    select(func.max(TemplateVersionRow.version)).where(
                        TemplateVersionRow.name == name
                    )
                )
                row = TemplateVersionRow(
                    name=name,
                    version=(latest or 0) + 1,
                    source=source,
                    author=author[:100],
                    message=message,
                    created_at=datetime.now(UTC).replace(tzinfo=None),
                )
                s.add(row)
                s.flush()
                return _version(row)
        except IntegrityError:
            continue
    raise RuntimeError("保存模板时与其他修改冲突，请重试。")
