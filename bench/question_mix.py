"""The benchmark's questions, in classes timed separately, all aimed at the synthetic places
(so none reads only the few passages of a bundled town):

- town+year: the dev set's questions with their town and year replaced by a synthetic
  place and one of its years;
- town, no year: the same without the year, at places with ten reports;
- no town, rare words: words that only some reports hold (a village of one place, a rare
  campaign), no place or year;
- no town, common words: the words of every report;
- which place: "哪个镇……", "哪些街道……";
- whole section: a mandated part of one report ("存在的不足", "下一年度安排").
"""

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
    "根治欠薪宣传活动",
    "秸秆禁烧法治宣传",
    "反家庭暴力法宣传",
    "燃气安全专项检查",
)
RARE_TEMPLATES = (
    "{v}调解了多少起纠纷",
    "{v}民主法治示范村创建",
    "{v}公共法律服务工作室",
    "{v}开展了哪些普法活动",
)
NO_TOWN_COMMON = (
    "下一步法治建设有什么打算",
    "法治政府建设存在哪些不足",
    "2022年法治政府建设情况",
    "依法行政工作开展情况",
    "法治宣传教育做了哪些工作",
    "2021年党政主要负责人履行推进法治建设第一责任人职责情况",
    "行政执法三项制度落实情况",
    "重大行政决策合法性审查",
    "矛盾纠纷排查化解情况",
    "2023年法治建设主要举措和成效",
)
WHICH_PLACE = (
    "哪个镇开展了法律明白人培养工程",
    "哪些乡镇推进了综合行政执法改革",
    "哪里的矛调中心接待来访群众最多",
    "哪个街道聘请了法律顾问",
    "哪些街道开展了宪法进万家活动",
    "哪个乡开展了秸秆禁烧宣传",
    "哪些镇{year}年开展了反电信诈骗宣传",
    "哪个镇创建了民主法治示范村",
    "哪些乡镇出庭应诉了行政案件",
    "哪些街道开展了燃气安全专项检查",
)
WHOLE_SECTION = (
    "{town}{year}年存在的不足和原因",
    "{town}{year}年下一步工作安排",
    "{town}{year}年主要举措和成效",
    "{town}{year}年党政主要负责人履行第一责任人职责情况",
    "{town}下一年度推进法治政府建设的主要安排",
)
PER_CLASS = 20


def classes(
    dev: Sequence[str],
    catalog: Mapping[str, Sequence[int]],
    seed: int = 11,
    rare: Sequence[str] = (),
) -> dict[str, list[str]]:
    """Questions by class, with places and years taken from ``catalog`` (name → years) and
    rare words from ``rare`` (e.g. villages of a few synthetic places)."""
    rng = random.Random(seed)
    synthetic = sorted(t for t in catalog if not any(b in t for b in BUNDLED)) or sorted(catalog)
    rich = [t for t in synthetic if len(catalog[t]) >= 10] or synthetic
    years = sorted({y for t in synthetic for y in catalog[t]})

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
    rare_words = [
        t.format(v=v) for v, t in zip(rare, _cycle(RARE_TEMPLATES, len(rare)), strict=True)
    ]
    whole = []
    for i in range(PER_CLASS // 2):
        town = rng.choice(rich if i % 2 else synthetic)
        template = WHOLE_SECTION[i % len(WHOLE_SECTION)]
        whole.append(template.format(town=town, year=rng.choice(list(catalog[town]))))
    return {
        "town+year": [a for q in with_year if (a := aimed(q, True))][:PER_CLASS],
        "town, no year": [a for q in with_year if (a := aimed(q, False))][: PER_CLASS // 2],
        "no town, rare words": [*NO_TOWN_RARE, *rare_words][:PER_CLASS],
        "no town, common words": list(NO_TOWN_COMMON),
        "which place": [q.format(year=rng.choice(years or [2023])) for q in WHICH_PLACE],
        "whole section": whole,
    }


def _cycle(items: Sequence[str], n: int) -> list[str]:
    return [items[i % len(items)] for i in range(n)]
