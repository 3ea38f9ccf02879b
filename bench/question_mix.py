"""The benchmark's questions, in classes timed separately: the dev set's questions re-aimed at
synthetic places (so they do not read the few passages of a bundled town), and questions that
name no place, with rare words and with the words of every report."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

# the dev set's bundled towns, as its questions write them
BUNDLED = ("辛口镇", "杨柳青镇", "张家窝镇", "八里台镇", "辛口", "杨柳青", "张家窝", "八里台")
YEAR = re.compile(r"(20\d\d|\d\d)年")
NO_TOWN_RARE = (
    "法律顾问审查合同份数",
    "矛调中心接待来访群众",
    "行政复议和行政应诉案件",
    "综合行政执法改革推进情况",
    "法律明白人培养",
    "公职律师参与重大决策",
)
NO_TOWN_COMMON = (
    "下一步法治建设有什么打算",
    "法治政府建设存在哪些不足",
    "2022年法治政府建设情况",
    "依法行政工作开展情况",
    "法治宣传教育做了哪些工作",
    "2021年党政主要负责人履行推进法治建设第一责任人职责情况",
)
WHICH_PLACE = (
    "哪个镇开展了法律明白人培养工程",
    "哪些乡镇推进了综合行政执法改革",
    "哪里的矛调中心接待来访群众最多",
    "哪个街道聘请了法律顾问",
)
WHOLE_SECTION = (
    "{town}{year}年存在的不足和原因",
    "{town}{year}年下一步工作安排",
    "{town}{year}年主要举措和成效",
    "{town}下一年度推进法治政府建设的主要安排",
)


def classes(
    dev: Sequence[str], catalog: Mapping[str, Sequence[int]], seed: int = 11
) -> dict[str, list[str]]:
    """Questions by class, with places and years taken from ``catalog`` (name → years)."""
    rng = random.Random(seed)
    synthetic = sorted(t for t in catalog if not any(b in t for b in BUNDLED)) or sorted(catalog)
    rich = [t for t in synthetic if len(catalog[t]) >= 10] or synthetic

    def aimed(question: str, with_year: bool) -> str | None:
        named = next((b for b in BUNDLED if b in question), None)
        if named is None:
            return None
        town = rng.choice(synthetic if with_year else rich)
        text = question.replace(named, town)
        if with_year:
            return YEAR.sub(f"{rng.choice(list(catalog[town]))}年", text, count=1)
        return YEAR.sub("", text).replace("年度", "")

    with_year = [q for q in dev if YEAR.search(q)]
    return {
        "town+year": [a for q in with_year if (a := aimed(q, True))][:20],
        "town, no year": [a for q in with_year if (a := aimed(q, False))][:10],
        "no town, rare words": list(NO_TOWN_RARE),
        "no town, common words": list(NO_TOWN_COMMON),
        "which place": list(WHICH_PLACE),
        "whole section": [
            q.format(town=(t := rng.choice(rich)), year=rng.choice(list(catalog[t])))
            for q in WHOLE_SECTION
        ],
    }
