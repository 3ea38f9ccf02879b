"""What people type after a command or in an upload's caption: a place, years, maybe a name.

"辛口镇 2023", "辛口镇2023年", "2023 辛口镇", "八里台镇2025 数字对照", "辛口镇 2021 2022" all
read the same way: the years wherever they are, the place before the first year (or, when
the text starts with a year, the first word after it), anything else as the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?")


@dataclass(frozen=True)
class PlaceYears:
    town: str
    years: tuple[int, ...]
    rest: str  # words after the place and years (a template name for /draft)


def place_years(text: str) -> PlaceYears | None:
    """The place and years in ``text``, or None when either is missing."""
    years = tuple(int(m.group(1)) for m in YEAR.finditer(text))
    segments = [s.strip() for s in YEAR.split(text)[::2]]
    if not years:
        return None
    before, after = segments[0], " ".join(s for s in segments[1:] if s)
    if before:
        town, rest = before, after
    else:
        town, _, rest = after.partition(" ")
    town = "".join(town.split())  # "西青区 辛口镇" names one place
    if not town:
        return None
    return PlaceYears(town, years, rest.strip())
