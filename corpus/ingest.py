"""Read, parse and store report files: one file, a folder, or the bundled corpus."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from corpus.errors import AmbiguousPlaceError, InputFileError, TownreportError
from corpus.figures.extract import PlacedFigure, report_figures
from corpus.places.place import Place, place_named
from corpus.reading.bounds import check_town, check_year
from corpus.reading.files import SUPPORTED, read_file
from corpus.reading.parse import Report, parse
from corpus.reading.prepare import Prepared, prepare
from corpus.search.segment import load_all
from corpus.settings import Settings
from corpus.storage.store import Store

# a report runs to thousands of characters: a note of two sentences is refused, a text
# shorter than WARN_CHARS is stored with a warning that says so
MIN_CHARS, MIN_SENTENCES, WARN_CHARS = 30, 3, 400


@dataclass(frozen=True)
class ShortText:
    """A text shorter than a report: ``refused`` when it is a note, not a report at all."""

    chars: int
    sentences: int
    refused: bool


@dataclass(frozen=True)
class IngestResult:
    """What happened (or, in a dry run, would happen) to one file."""

    path: str
    status: str  # added | replaced | restored | unchanged | dry-run | error
    town: str | None = None
    county: str | None = None
    year: int | None = None
    title: str | None = None
    sections: int | None = None
    passages: int | None = None
    error: TownreportError | None = None  # why the file was not stored, as a typed error
    place: Place | None = None
    warning: ShortText | None = None  # stored (or would be) though shorter than a report

    @property
    def ok(self) -> bool:
        return self.error is None


def bundled_dir() -> Path:
    """The folder of reports shipped with the package."""
    return Path(str(resources.files("corpus") / "reports"))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus the supported files found inside named folders."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
            )
        else:
            out.append(p)
    return out


def parse_file(
    path: Path,
    settings: Settings,
    town: str | Place | None,
    year: int | None,
    strict: bool = True,
) -> tuple[Report, str, str]:
    """Parse one file; returns the report, its format and the SHA-256 of its bytes."""
    if not path.exists():
        raise InputFileError(str(path), "missing")
    source, data = read_file(path, int(settings.max_file_mb * 1_000_000), settings.limits)
    report = parse(source, town=town, year=year, strict=strict)
    return report, source.format, hashlib.sha256(data).hexdigest()


def figures_in_file(path: Path, settings: Settings) -> list[PlacedFigure]:
    """The figures of any report file or fragment, without storing it."""
    report, _, _ = parse_file(path, settings, None, None, strict=False)
    return report_figures(report)


def prepare_file(
    path: Path,
    settings: Settings,
    town: str | Place | None = None,
    year: int | None = None,
    allow_short: bool = False,
) -> Prepared | IngestResult:
    """Read, parse, segment and find figures (CPU only); an error comes back as a result."""
    try:
        report, fmt, digest = parse_file(path, settings, town, year)
        vouched = town is not None and year is not None  # both given: the person knows
        if refused_short(report) and not (allow_short or vouched):
            raise InputFileError(str(path), "too_short", value=too_short(report))
        check_year(report.year)
        return prepare(report, path.name, fmt, digest)
    except TownreportError as exc:
        return IngestResult(str(path), "error", error=exc)
    except Exception as exc:  # any parser's own error: this file's line, never the run's end
        return IngestResult(str(path), "error", error=unexpected(path, exc))


def unexpected(path: Path, exc: BaseException) -> InputFileError:
    """The error of a file that failed in a way no check foresaw (its fields are plain
    values, so that it crosses process boundaries)."""
    message = (str(exc).splitlines() or [""])[0][:160]
    return InputFileError(str(path), "unexpected", value=message, detail=type(exc).__name__)


def _result(path: Path, prepared: Prepared, status: str) -> IngestResult:
    report = prepared.report
    return IngestResult(
        str(path),
        status,
        report.town,
        report.county,
        report.year,
        report.title,
        len(report.sections),
        len(report.passages),
        place=report.place,
        warning=too_short(report),
    )


def too_short(report: Report) -> ShortText | None:
    """How a text falls short of a report (a note of a sentence or two), else None."""
    chars = sum(len(p.text) for p in report.passages)
    if chars >= WARN_CHARS:  # the usual case: no sentence is split to say so
        return None
    sentences = sum(len(p.sentences) for p in report.passages)
    return ShortText(chars, sentences, refused_short(report))


def refused_short(report: Report) -> bool:
    """A note, not a report: fewer than three sentences or a line or two of text."""
    if sum(len(p.text) for p in report.passages) < MIN_CHARS:
        return True
    sentences = 0
    for passage in report.passages:  # counted only up to the third
        sentences += len(passage.sentences)
        if sentences >= MIN_SENTENCES:
            return False
    return True


def _store_batch(
    store: Store | None, batch: list[tuple[Path, Prepared | IngestResult]]
) -> Iterator[IngestResult]:
    """Results for a batch, in order: its reports stored in one transaction."""
    good = [p for _, p in batch if isinstance(p, Prepared)]
    if store is None:
        statuses: list[str | IngestResult] = ["dry-run"] * len(good)
    else:
        statuses = _store_all(store, [(path, p) for path, p in batch if isinstance(p, Prepared)])
    each = iter(statuses)
    for path, prepared in batch:
        if isinstance(prepared, IngestResult):
            yield prepared
        elif isinstance(status := next(each), IngestResult):
            yield status
        else:
            yield _result(path, prepared, status)


def _store_all(store: Store, batch: list[tuple[Path, Prepared]]) -> list[str | IngestResult]:
    """Each report's status, in one transaction; when that fails (a database refusing one
    report's text, say), one transaction per report, so only the bad one fails."""
    if len(batch) > 1:
        try:
            return [s.status for s in store.add_reports([p for _, p in batch], batch=len(batch))]
        except Exception:  # retried one by one below, where each error is reported
            pass
    out: list[str | IngestResult] = []
    for path, prepared in batch:
        try:
            out.append(next(iter(store.add_reports([prepared], batch=1))).status)
        except TownreportError as exc:
            out.append(IngestResult(str(path), "error", error=exc))
        except Exception as exc:
            out.append(IngestResult(str(path), "error", error=stored_error(path, exc)))
    return out


def stored_error(path: Path, exc: BaseException) -> InputFileError:
    """A database's refusal of one report, as that file's error."""
    from sqlalchemy.exc import SQLAlchemyError

    if isinstance(exc, SQLAlchemyError):
        cause = type(getattr(exc, "orig", None) or exc).__name__
        return InputFileError(str(path), "database_refused", detail=cause)
    return unexpected(path, exc)


def ingest_file(
    store: Store | None,
    path: Path,
    settings: Settings,
    town: str | None = None,
    year: int | None = None,
    allow_short: bool = False,
) -> IngestResult:
    """Parse ``path`` and store it; with ``store=None`` only report what would be stored."""
    check_year(year)
    place = town_place(store, town)
    prepared = prepare_file(path, settings, place, year, allow_short or store is None)
    return next(_store_batch(store, [(path, prepared)]))


def town_place(store: Store | None, town: str | None) -> Place | None:
    """The place a town given by a person names: the stored place it names in any form ("辛口" is the
    stored 辛口镇, never a second town), else the place of the division table, else the name
    as written. Names that fit several stored places raise :class:`AmbiguousPlaceError`."""
    town = check_town(town)
    if not town:
        return None
    if store is not None:
        catalog = store.available()
        found = catalog.named(town)
        if len(found) > 1:
            raise AmbiguousPlaceError(town, found)
        if found:
            return catalog.places[found[0]]
    return place_named(town)


def ingest_paths(
    store: Store | None,
    paths: Iterable[Path],
    settings: Settings,
    town: str | None = None,
    year: int | None = None,
    workers: int = 1,
    batch: int = 32,
    allow_short: bool = False,
) -> Iterator[IngestResult]:
    """Ingest each file in turn; one bad file never stops the others.

    With ``workers > 1`` the files are read and segmented in that many processes while this
    one writes to the database. Reports are written ``batch`` to a transaction, and each
    result comes out once its transaction has committed, in the order given.
    """
    paths = list(paths)
    check_year(year)
    place = town_place(store, town)
    # a dry run refuses nothing for being short: it says so in the result's warning
    short_ok = allow_short or store is None
    job = partial(prepare_file, settings=settings, town=place, year=year, allow_short=short_ok)
    if workers <= 1 or len(paths) < 8:
        yield from _in_batches(store, zip(paths, map(job, paths), strict=True), batch)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_warm_up) as pool:
        yield from _in_batches(
            store, zip(paths, pool.map(job, paths, chunksize=8), strict=True), batch
        )


def _in_batches(
    store: Store | None, prepared: Iterable[tuple[Path, Prepared | IngestResult]], size: int
) -> Iterator[IngestResult]:
    batch: list[tuple[Path, Prepared | IngestResult]] = []
    for item in prepared:
        batch.append(item)
        if len(batch) >= size:
            yield from _store_batch(store, batch)
            batch = []
    yield from _store_batch(store, batch)


def _warm_up() -> None:
    """Die with the parent (Linux), then load the whole dictionary once, before the first file."""
    die_with_parent()
    load_all()


def die_with_parent() -> None:
    """Ask the kernel to kill this process when its parent dies (``PR_SET_PDEATHSIG``), so
    that pool workers never outlive an ingest killed with ``kill -9``."""
    import ctypes
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent was already gone before prctl
        os._exit(1)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def ensure_bundled(store: Store, settings: Settings) -> list[IngestResult]:
    """On first use with an empty database, ingest the bundled reports."""
    if not settings.auto_ingest_bundled or store.count() > 0:
        return []
    return list(ingest_paths(store, expand([bundled_dir()]), settings))
