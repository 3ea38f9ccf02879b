"""What the store gives back about stored reports and passages: plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

from corpus.places.place import Place

if TYPE_CHECKING:  # a question reads plain values; only listings read ORM rows
    from sqlalchemy.orm import Session

    from corpus.places.catalog import PlaceCatalog
    from corpus.storage.models import ReportRow

Status = Literal["added", "replaced", "restored", "unchanged"]


@dataclass(frozen=True)
class StoredReport:
    id: int
    town: str
    county: str | None
    year: int
    title: str
    passages: int
    source_name: str
    source_format: str
    ingested_at: datetime
    superseded: bool
    place: Place | None = None


@dataclass(frozen=True)
class Stored:
    """What storing one parsed report did."""

    status: Status
    report: StoredReport
    replaced: StoredReport | None = None


@dataclass(frozen=True, slots=True)
class PassageRecord:
    id: int
    report_id: int
    town: str
    year: int
    title: str
    section: str
    ordinal: int
    text: str
    kind: str = ""  # the part of the report its section belongs to ("" before any heading)


def report_info(
    s: Session,
    row: ReportRow,
    passages: int | None = None,
    catalog: PlaceCatalog | None = None,
) -> StoredReport:
    from sqlalchemy import func, select

    from corpus.storage.models import PassageRow
    from corpus.storage.place_rows import as_place

    if passages is None:
        passages = s.scalar(select(func.count()).where(PassageRow.report_id == row.id)) or 0
    label = catalog.label_of(row.place_id) if catalog and row.place_id else None
    return StoredReport(
        row.id,
        label or row.town,
        row.county,
        row.year,
        row.title,
        passages,
        row.source_name,
        row.source_format,
        row.ingested_at,
        row.superseded_at is not None,
        as_place(row.place) if row.place is not None else None,
    )
