"""Typed errors. Every message is Chinese and names the fix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapidfuzz import process


class TownreportError(Exception):
    """Base class: ``str(err)`` is a complete Chinese sentence for the user."""


class InputFileError(TownreportError):
    """A file that cannot become a report (empty, binary, scanned, too large...)."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}：{reason}")


class MissingMetadataError(TownreportError):
    """Town or year could not be found in the text."""

    def __init__(self, path: str, missing: list[str]) -> None:
        self.path = path
        self.missing = missing
        flags = " ".join(f"--{m}" for m in missing)
        what = "、".join({"town": "乡镇名称", "year": "报告年度"}[m] for m in missing)
        super().__init__(f"{path}：无法从标题、正文或落款中识别{what}，请用 {flags} 指定。")


class ReportNotFoundError(TownreportError):
    """No stored report for a town/year; the message lists what exists."""

    def __init__(self, town: str, year: int | None, available: Mapping[str, Sequence[int]]) -> None:
        self.town = town
        self.year = year
        self.available = available
        super().__init__(_not_found_message(town, year, available))


def _not_found_message(town: str, year: int | None, available: Mapping[str, Sequence[int]]) -> str:
    if town in available:
        years = "、".join(str(y) for y in sorted(available[town]))
        return f"未找到{town}{year}年的报告。已有：{years}。用 townreport ingest 导入。"
    if not available:
        return "数据库中还没有任何报告。用 townreport ingest 导入。"
    when = f"{year}年" if year else ""
    return f"未找到{town}{when}的报告。已有：{towns_listing(available, town)}。用 townreport ingest 导入。"


def towns_listing(available: Mapping[str, Sequence[int]], near: str = "", most: int = 8) -> str:
    """The stored towns with their years; past ``most`` towns, the ones closest to ``near``
    and how many there are in all (a province holds thousands)."""

    def one(t: str) -> str:
        return f"{t}（{'、'.join(str(y) for y in sorted(available[t]))}）"

    if len(available) <= most:
        return "；".join(one(t) for t in sorted(available))
    close = [t for t, _, _ in process.extract(near, list(available), limit=most)] if near else []
    shown = close or sorted(available)[:most]
    return f"{'；'.join(one(t) for t in shown)}等，共{len(available)}个乡镇"


class DatabaseError(TownreportError):
    """The database cannot be opened or migrated."""


class AmbiguousPlaceError(TownreportError):
    """A name that more than one stored place answers to; ``choices`` are their names."""

    def __init__(self, name: str, choices: Sequence[str]) -> None:
        self.name = name
        self.choices = tuple(choices)
        listed = "、".join(self.choices[:8]) + ("等" if len(self.choices) > 8 else "")
        super().__init__(
            f"“{name}”对应多个已导入的地方：{listed}。请写明所属区县，例如“{self.choices[0]}”。"
        )


class InvalidInputError(TownreportError):
    """A value given by a person (a town name, a year) that cannot name a report."""

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(reason)


class VersionConflictError(TownreportError):
    """A new version of ``name`` could not be stored: other writers took its number
    ``attempts`` times in a row."""

    def __init__(self, name: str, attempts: int) -> None:
        self.name = name
        self.attempts = attempts
        super().__init__(name, attempts)


class UnsupportedDatabaseError(TownreportError):
    """A database kind (SQLAlchemy dialect name) with no full-text index."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        super().__init__(dialect)
