"""Report texts of one county (象山县: three 街道, three 镇, one 乡) for 2022 and 2023, written
for these tests in the forms public township reports use (title variants, 主送, the four
mandated parts with their own sub-headings, 落款 and date). No third-party text.

Each place words its figures its own way ("审查合同86份", "审核各类合同112份",
"法律顾问共审查合同份数58份"), some leave a figure out (a missing cell, never a zero), and
涂茨镇's 2023 contract count is a tenfold jump (a figure the check must flag).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COUNTY = "象山县"


@dataclass(frozen=True)
class Town:
    name: str
    organ: str  # the signing organ
    contracts: dict[int, int | None]
    advisers: dict[int, int | None]
    disputes: dict[int, int]
    success: dict[int, float | None]
    events: dict[int, int]
    leaflets: dict[int, int | None]
    cases: dict[int, int | None]
    disclosed: dict[int, int | None]
    style: int  # which wording the report uses


TOWNS = (
    Town(
        "丹东街道",
        "象山县人民政府丹东街道办事处",
        {2022: 86, 2023: 94},
        {2022: 2, 2023: 3},
        {2022: 132, 2023: 118},
        {2022: 98.5, 2023: 99.2},
        {2022: 26, 2023: 31},
        {2022: 5200, 2023: 6100},
        {2022: 41, 2023: 37},
        {2022: 156, 2023: 171},
        0,
    ),
    Town(
        "丹西街道",
        "象山县人民政府丹西街道办事处",
        {2022: 112, 2023: 120},
        {2022: 3, 2023: 3},
        {2022: 97, 2023: 104},
        {2022: 97.9, 2023: None},
        {2022: 18, 2023: 22},
        {2022: 3800, 2023: None},
        {2022: 29, 2023: 33},
        {2022: 98, 2023: 115},
        1,
    ),
    Town(
        "石浦镇",
        "象山县石浦镇人民政府",
        {2022: 143, 2023: 151},
        {2022: 4, 2023: 4},
        {2022: 215, 2023: 236},
        {2022: 96.3, 2023: 97.1},
        {2022: 35, 2023: 40},
        {2022: 8000, 2023: 9500},
        {2022: 66, 2023: 58},
        {2022: 203, 2023: 226},
        2,
    ),
    Town(
        "西周镇",
        "象山县西周镇人民政府",
        {2022: 58, 2023: 63},
        {2022: 2, 2023: 2},
        {2022: 88, 2023: 91},
        {2022: 100.0, 2023: 98.9},
        {2022: 14, 2023: 17},
        {2022: 2600, 2023: 3000},
        {2022: None, 2023: 12},
        {2022: 77, 2023: 80},
        0,
    ),
    Town(
        "定塘镇",
        "象山县定塘镇人民政府",
        {2022: 71, 2023: 76},
        {2022: 2, 2023: 3},
        {2022: 64, 2023: 70},
        {2022: 98.4, 2023: 98.6},
        {2022: 12, 2023: 15},
        {2022: 2100, 2023: 2500},
        {2022: 15, 2023: 19},
        {2022: None, 2023: 64},
        1,
    ),
    Town(
        "涂茨镇",
        "象山县涂茨镇人民政府",
        {2022: 9, 2023: 95},
        {2022: 1, 2023: 2},
        {2022: 45, 2023: 52},
        {2022: 97.8, 2023: 98.1},
        {2022: 10, 2023: 11},
        {2022: 1500, 2023: 1700},
        {2022: 8, 2023: 9},
        {2022: 52, 2023: 57},
        2,
    ),
    Town(
        "东陈乡",
        "象山县东陈乡人民政府",
        {2022: None, 2023: 24},
        {2022: 1, 2023: 1},
        {2022: 23, 2023: 27},
        {2022: 100.0, 2023: 100.0},
        {2022: 6, 2023: 8},
        {2022: 900, 2023: None},
        {2022: 5, 2023: 4},
        {2022: 31, 2023: 35},
        0,
    ),
)

PLANS = {
    2022: ("持续加强合法性审查", "深化基层普法宣传", "推进矛盾纠纷多元化解"),
    2023: ("健全重大行政决策程序", "提升综合行政执法水平", "深化基层普法宣传"),
}


def _title(t: Town, year: int) -> str:
    if t.style == 0:
        return f"{COUNTY}{t.name}{year}年度法治政府建设情况报告"
    if t.style == 1:
        organ = "办事处" if t.name.endswith("街道") else "人民政府"
        return f"{t.name}{organ}关于{year}年度法治政府建设情况的报告"
    return f"{year}年{t.name}法治政府建设工作报告"


def _decisions(t: Town, year: int) -> str:
    n, k = t.contracts[year], t.advisers[year]
    who = "街道" if t.name.endswith("街道") else ("乡" if t.name.endswith("乡") else "镇")
    lines = []
    if t.style == 0:
        lines.append(f"坚持重大事项集体讨论决定，{who}党政班子会议研究重大事项前均经合法性审查。")
        if k:
            lines.append(f"聘请{k}名律师担任常年法律顾问，列席重要会议。")
        if n:
            lines.append(f"全年由法律顾问审查合同{n}份，提出修改意见，防范法律风险。")
    elif t.style == 1:
        if n:
            lines.append(f"健全合同管理制度，全年审核各类合同{n}份，做到应审尽审。")
        if k:
            lines.append(f"{who}现有法律顾问{k}名，为征地拆迁、信访化解等重点工作提供法律支持。")
    else:
        if k:
            lines.append(f"{who}政府与律师事务所签订服务协议，配备法律顾问{k}人。")
        if n:
            lines.append(f"法律顾问共审查合同份数{n}份，所有合同均经审查后签订。")
    return "".join(lines)


def _disputes(t: Town, year: int) -> str:
    x, r = t.disputes[year], t.success[year]
    rate = f"，调解成功率{r:g}%" if r is not None else ""
    if t.style == 0:
        return (
            f"依托矛调中心和村级调委会，全年调解各类矛盾纠纷{x}件{rate}，"
            "做到小事不出村、大事不出镇。"
        )
    if t.style == 1:
        return f"坚持和发展新时代“枫桥经验”，排查化解矛盾纠纷{x}起{rate}。"
    return f"建立“周排查、月研判”机制，共受理调解矛盾纠纷{x}件{rate}，未发生民转刑案件。"


def _education(t: Town, year: int) -> str:
    p, q = t.events[year], t.leaflets[year]
    leaflets = f"，发放宣传资料{q}余份" if q else ""
    if q and t.style == 1:
        leaflets = f"，发放法治宣传册{q}余本"  # 本, not 份: the county total is not summed
    if t.style == 2:
        return f"围绕民法典、宪法宣传周等节点，开展“送法进村”普法活动{p}场次{leaflets}。"
    return f"组织法律顾问和普法志愿者开展法治宣传活动{p}场次{leaflets}，营造尊法学法守法用法氛围。"


def _enforcement(t: Town, year: int) -> str:
    e, g = t.cases[year], t.disclosed[year]
    out = []
    if e:
        out.append(f"综合行政执法队严格落实行政执法“三项制度”，全年办理行政处罚案件{e}件。")
    else:
        out.append("综合行政执法队严格落实行政执法“三项制度”，规范执法程序。")
    if g:
        out.append(f"通过政务公开专栏主动公开政府信息{g}条。")
    return "".join(out)


def _plan_report(t: Town, year: int) -> str:
    """What the year did about last year's plans (the 2023 reports answer the 2022 plans)."""
    if year == 2022:
        return "坚持依法决策，推进重大事项合法性审查全覆盖。"
    return (
        "对照上年安排，持续加强合法性审查，重大事项应审尽审；深化基层普法宣传，"
        "推进矛盾纠纷多元化解，调解力量向村社下沉。"
    )


def report_text(t: Town, year: int) -> str:
    who = "街道" if t.name.endswith("街道") else ("乡" if t.name.endswith("乡") else "镇")
    lead = "街道党工委书记" if who == "街道" else f"{who}党委书记"
    plans = PLANS[year]
    lines = [
        _title(t, year),
        "",
        "象山县人民政府：",
        f"{year}年，{t.name}在县委、县政府的坚强领导下，深入学习贯彻习近平法治思想，"
        f"对照《法治政府建设实施纲要（2021—2025年）》，扎实推进法治政府建设。现将{year}年度"
        "法治政府建设情况报告如下：",
        f"一、{year}年推进法治政府建设的主要举措和成效",
        "（一）坚持依法科学民主决策",
        _plan_report(t, year) + _decisions(t, year),
        "（二）推进矛盾纠纷多元化解",
        _disputes(t, year),
        "（三）深化法治宣传教育",
        _education(t, year),
        "（四）规范行政执法和政务公开",
        _enforcement(t, year),
        f"二、{year}年推进法治政府建设存在的不足和原因",
        f"一是部分干部运用法治思维解决问题的能力有待提高，学法用法的主动性不强。"
        f"二是{who}级法治工作力量相对薄弱，专业人员不足，执法规范化水平还需提升。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        f"{lead}切实履行第一责任人职责，亲自部署、亲自协调法治建设重要工作，"
        f"全年主持召开专题会议研究法治工作{2 + t.style}次，带头参加集体学法{4 + t.style}次。",
        f"四、{year + 1}年推进法治政府建设的主要安排",
        f"（一）{plans[0]}",
        f"严格落实各项制度，{plans[0]}，确保各项工作在法治轨道上运行。",
        f"（二）{plans[1]}",
        f"{plans[1]}，结合群众需求开展形式多样的活动。",
        f"（三）{plans[2]}",
        f"{plans[2]}，压实责任，完善工作机制。",
        "",
        t.organ,
        f"{year + 1}年1月{10 + t.style * 3}日",
    ]
    return "\n".join(lines) + "\n"


def write_county(folder: Path, years: tuple[int, ...] = (2022, 2023)) -> list[Path]:
    """Every report of the county as .txt files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for year in years:
        for t in TOWNS:
            path = folder / f"{t.name}{year}.txt"
            path.write_text(report_text(t, year), encoding="utf-8")
            out.append(path)
    return out


def town(name: str) -> Town:
    return next(t for t in TOWNS if t.name == name)


def flawed_report() -> str:
    """石浦镇's 2023 report as a careless draft: no 存在的不足 part, a blank left as "____",
    2022 in the body's opening and headings while the title says 2023, no date."""
    text = report_text(town("石浦镇"), 2023)
    start = text.index("二、2023年推进法治政府建设存在的不足和原因")
    end = text.index("三、党政主要负责人")
    text = text[:start] + text[end:]
    text = text.replace("2023年，石浦镇在县委", "2022年，石浦镇在县委")
    text = text.replace("带头参加集体学法6次", "带头参加集体学法____次")
    return text.replace("2024年1月16日\n", "")
