"""Typed errors. Every message is Chinese and names the fix."""

from __future__ import annotations


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

    def __init__(self, town: str, year: int | None, available: dict[str, list[int]]) -> None:
        self.town = town
        self.year = year
        self.available = available
        super().__init__(_not_found_message(town, year, available))


def _not_found_message(town: str, year: int | None, available: dict[str, list[int]]) -> str:
    if town in available:
        years = "、".join(str(y) for y in sorted(available[town]))
        return f"未找到{town}{year}年的报告。已有：{years}。用 townreport ingest 导入。"
    if not available:
        return "数据库中还没有任何报告。用 townreport ingest 导入。"
    towns = "；".join(
        f"{t}（{'、'.join(str(y) for y in sorted(ys))}）" for t, ys in sorted(available.items())
    )
    when = f"{year}年" if year else ""
    return f"未找到{town}{when}的报告。已有：{towns}。用 townreport ingest 导入。"


class DatabaseError(TownreportError):
    """The database cannot be opened or migrated."""
