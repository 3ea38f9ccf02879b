"""SQLAlchemy 2.x typed models. The schema itself is created by the Alembic migrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class PlaceRow(Base):
    """A reporting unit. ``key`` is its identity: the division code, else county + "/" + name
    (never the bare name: 城关镇 is 82 places)."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    level: Mapped[str] = mapped_column(String(8))
    county: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(64))
    province: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str | None] = mapped_column(String(12))


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    # place_id and town are indexed by ix_reports_place_year and ix_reports_town_year
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    town: Mapped[str] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(300))
    meta: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    source_name: Mapped[str] = mapped_column(String(500))
    source_format: Mapped[str] = mapped_column(String(10))
    source_hash: Mapped[str] = mapped_column(String(64), index=True)
    ingested_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None] = mapped_column(default=None)

    place: Mapped[PlaceRow | None] = relationship(lazy="joined")
    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="report", order_by="SectionRow.ordinal", cascade="all, delete-orphan"
    )
    passages: Mapped[list[PassageRow]] = relationship(
        back_populates="report", order_by="PassageRow.ordinal", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_reports_town_year", "town", "year"),
        Index("ix_reports_place_year", "place_id", "year"),
        # one current version per place and year: a partial unique index that migration 0009
        # creates; not declared here, because a dialect option (postgresql_where) makes
        # SQLAlchemy import that dialect in every process, ~20 ms of each command's start
    )


class SectionRow(Base):
    __tablename__ = "sections"

    # a section is (report, ordinal), as a passage finds it: PostgreSQL's primary key; SQLite
    # keeps the rowid ``id`` of migration 0001 beside the unique index on them (migration 0012)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    ordinal: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    parent_ordinal: Mapped[int | None]
    level: Mapped[int]
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(Text)
    # the labels above it from the top, joined by " › " ("" at the top level; migration 0012)
    above: Mapped[str] = mapped_column(Text, default="")
    # its path (the labels from the top: those above, then its own) is derived when read:
    # loading.SECTION_PATH
    kind: Mapped[str] = mapped_column(String(12), default="")  # outline.part: plans, problems…

    report: Mapped[ReportRow] = relationship(back_populates="sections")

    # a passage's section is found by (report, ordinal): its path and kind live only here


class PassageRow(Base):
    __tablename__ = "passages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    section_ordinal: Mapped[int | None]  # its section's path and kind: SectionRow
    ordinal: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    # its tokens are in the full-text index only (see corpus.storage.fts), derived from the
    # text and the heading again when it is removed

    report: Mapped[ReportRow] = relationship(back_populates="passages")


class FigureRow(Base):
    __tablename__ = "figures"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    passage_id: Mapped[int] = mapped_column(ForeignKey("passages.id", ondelete="CASCADE"))
    ordinal: Mapped[int]
    label: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    qualifier: Mapped[str] = mapped_column(String(16))
    span: Mapped[str] = mapped_column(Text)
    # its sentence is its passage's text[sentence_start:sentence_end]; stored whole (and the
    # offsets None) only if it is not found there verbatim
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int | None]
    sentence_end: Mapped[int | None]
    indicator: Mapped[str] = mapped_column(String(64), default="", index=True)


class TemplateVersionRow(Base):
    __tablename__ = "template_versions"
    __table_args__ = (
        UniqueConstraint("name", "version", name="uq_template_versions_name_version"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    version: Mapped[int]
    source: Mapped[str | None] = mapped_column(Text)  # None: the built-in file of that name
    author: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class CatalogRow(Base):
    """One row; its version changes whenever a report is added, replaced or restored, so that
    every process can tell cheaply whether its cached list of towns and years is current."""

    __tablename__ = "catalog"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]


class CatalogChangeRow(Base):
    """Which place each catalog version changed (none: the token statistics were refreshed),
    so that a process holding an older catalog re-reads only those places (migration 0011).
    Only the newest versions are kept; a process further behind reads the catalog whole."""

    __tablename__ = "catalog_changes"

    version: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    place_id: Mapped[int | None]


class RateLimitRow(Base):
    """Updates counted per user and per minute, shared by every bot process on the database."""

    __tablename__ = "rate_limits"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    minute: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    count: Mapped[int]
