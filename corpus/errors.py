"""Typed errors: each carries fields (what, where, which limit), never a sentence for people.

bot/texts.py and bot/terminal.py word them; ``str(err)`` is the class and its fields, for logs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass


class TownreportError(Exception):
    """Base class: fields say what went wrong; ``args`` are the fields, so errors pickle."""

    def __post_init__(self) -> None:
        Exception.__init__(self, *(getattr(self, f.name) for f in fields(self)))  # type: ignore[arg-type]

    def __str__(self) -> str:
        if not is_dataclass(self):
            return super().__str__()
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"{type(self).__name__}({', '.join(shown)})"


@dataclass(eq=False)
class InputFileError(TownreportError):
    """A file that cannot become a report; ``reason`` is a code (empty, binary, scanned, …)."""

    path: str
    reason: str
    value: object = None  # what was found: a size, a count, a suffix
    limit: object = None  # the bound it passed
    detail: str = ""  # a part name, a library's error type, an OS message


@dataclass(eq=False)
class MissingMetadataError(TownreportError):
    """Town or year (``missing``: "town", "year") could not be found in the text."""

    path: str
    missing: list[str]


@dataclass(eq=False)
class ReportNotFoundError(TownreportError):
    """No stored report for a town/year; ``available`` is what exists (empty: none at all)."""

    town: str
    year: int | None
    available: Mapping[str, Sequence[int]]


@dataclass(eq=False)
class DatabaseError(TownreportError):
    """The database cannot be opened or migrated; ``reason``: invalid_url, cannot_open,
    missing_driver, os_error."""

    url: str  # without its password
    reason: str
    detail: str = ""  # the error class, the missing driver's module or the OS message


@dataclass(eq=False)
class AmbiguousPlaceError(TownreportError):
    """A name that more than one stored place answers to; ``choices`` are their names."""

    name: str
    choices: Sequence[str]

    def __post_init__(self) -> None:
        self.choices = tuple(self.choices)
        super().__post_init__()


@dataclass(eq=False)
class InvalidInputError(TownreportError):
    """A value a person gave (``field``: town, year) that cannot name a report; ``reason``:
    blank, control_chars, too_long, out_of_range."""

    field: str
    value: object
    reason: str
    limit: object = None


@dataclass(eq=False)
class StoreConflictError(TownreportError):
    """A concurrent write won (``what``: template); trying again is safe."""

    what: str
    name: str = ""


@dataclass(eq=False)
class UnsupportedDatabaseError(TownreportError):
    """A database dialect with no full-text index (only SQLite and PostgreSQL have one)."""

    dialect: str


@dataclass(eq=False)
class TemplateProblem(TownreportError):
    """A template that cannot be used: ``reason`` is a code (syntax_*, undefined_variable,
    render_timeout, string_too_long, …), with the template line and the context that failed."""

    reason: str
    line: int | None = None
    index: int | None = None  # which of several contexts failed (render_all)
    value: object = None  # a name, a size, a width
    limit: object = None
    detail: str = ""  # Jinja2's own message, an error type
    choices: tuple[str, ...] = ()  # close names (filters, variables)
    trial: tuple[str, int] | None = (
        None  # (place, year) a trial render failed for; ("", 0): skeleton
    )
    warnings: tuple[TemplateWarning, ...] = ()  # found before the trial render failed


@dataclass(frozen=True)
class TemplateWarning:
    """Something to check in a template that still works: ``code`` unknown_variable,
    no_reports (no trial render), sampled (``value`` of ``total`` places tried)."""

    code: str
    value: object = None
    suggestion: str | None = None
    total: int | None = None


@dataclass(eq=False)
class UnknownTemplateError(TownreportError):
    """No template of that name; ``known`` are those there are."""

    name: str
    known: Sequence[str]


@dataclass(eq=False)
class TemplateVersionError(TownreportError):
    """A template version or name refused; ``reason``: no_version, bad_name, not_builtin."""

    name: str
    reason: str
    version: int | None = None
    versions: tuple[int, ...] = ()


@dataclass(eq=False)
class PdfUnavailableError(TownreportError):
    """LibreOffice is not installed (or not on PATH)."""


@dataclass(eq=False)
class PdfConversionError(TownreportError):
    """LibreOffice ran but made no PDF; ``reason``: no_output, timeout (``limit`` seconds),
    failed (``detail``: its last line or exit code)."""

    reason: str
    limit: float | None = None
    detail: str = ""


@dataclass(eq=False)
class NoSourceReportError(TownreportError):
    """Nothing stored for ``place`` earlier than ``year`` to draft from; ``known``: its years."""

    place: str
    year: int
    known: tuple[int, ...] = ()
