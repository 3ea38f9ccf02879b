import re

import pytest

from corpus.errors import ReportNotFoundError
from corpus.storage.store import Store
from drafting.compose import NoSourceReportError, compose
from drafting.sandbox import TemplateProblem
from drafting.templates import UnknownTemplateError


def _heading_before(lines: list[str], index: int) -> str:
    return next(line for line in reversed(lines[:index]) if line.startswith("#"))


def _part(md: str, start: str, end: str | None) -> str:
    rest = md.split(f"\n## {start}", 1)[1]
    return rest.split(f"\n## {end}", 1)[0] if end else rest


def test_draft_carries_every_figure_under_its_section(loaded_store: Store) -> None:
    draft = compose(loaded_store, "辛口镇", 2023)
    assert draft.source_year == 2022 and draft.note.startswith("依据辛口镇2022年度")
    lines = draft.markdown.splitlines()
    figures = loaded_store.figures("辛口镇", 2022)
    assert draft.figures == len(figures) == 17
    for placed in figures:
        f = placed.figure
        line = f"- {f.label}____{f.unit}（2022年：{f.as_written}）"
        assert line in lines, line
        heading = _heading_before(lines, lines.index(line))
        section_title = placed.section.rsplit(" › ", 1)[-1]
        assert re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）.、]", "", section_title) in heading


def test_draft_lists_last_years_plans_and_mandated_sections(loaded_store: Store) -> None:
    md = compose(loaded_store, "辛口镇", 2023).markdown
    done = md.split("### 上年度安排落实情况", 1)[1].split("\n### ", 1)[0]
    checklist = [line for line in done.splitlines() if line.startswith("- [ ]")]
    assert len(checklist) == 6
    for i, plan in enumerate(
        ["关键少数", "政务公开", "保障能力", "能力素质", "行政应诉", "普法宣传"]
    ):
        assert plan in checklist[i]
    assert done.count("  - 落实情况：____") == 6
    assert md.startswith("# 辛口镇2023年度法治政府建设情况报告")
    tops = [line for line in md.splitlines() if line.startswith("## ")]
    assert tops == [
        "## 一、2023年推进法治政府建设的主要举措和成效",
        "## 二、2023年推进法治政府建设存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 四、2024年推进法治政府建设的主要安排",
    ]


def test_duty_figures_of_a_single_heading_go_to_three_and_four_is_seeded(
    loaded_store: Store,
) -> None:
    md = compose(loaded_store, "八里台镇", 2025).markdown
    one = _part(md, "一、", "二、")
    three = _part(md, "三、", "四、")
    four = _part(md, "四、", None)
    for line in (
        "- 理论学习中心组安排相关内容学习____次（2024年：3次）",
        "- 开展法治专题党课____次（2024年：2次）",
        "- 传达研究法治建设有关议题____个（2024年：9个）",
    ):
        assert line in three.splitlines() and line not in one
    assert "总体情况" not in one
    assert "> 【上年内容】通过党委理论学习中心组安排相关内容学习3次" in three
    # 四: last year's 不足 to rectify and its plans that may continue
    for problem in ("法治思维和依法行政能力有待提高", "普法宣传力度有待提高", "执法时各部门配合"):
        assert f"- [ ] 针对“{problem}" in four
    for plan in ("强化法治教育，提升法治思维", "创新宣传教育", "健全法律服务"):
        assert f"- [ ] {plan}" in four
    assert four.count("### （") == 3


def test_every_sub_heading_with_text_last_year_gets_a_prompt(loaded_store: Store) -> None:
    draft = compose(loaded_store, "八里台镇", 2025)
    lines = draft.markdown.splitlines()
    headings = [i for i, line in enumerate(lines) if re.match(r"^#{3,4} （|^#{3,4} \d", line)]
    for i in headings:
        if lines[i].startswith("### （三）树牢法治思维"):  # only sub-headings under it
            continue
        if "2024年安排" in lines[i] or "针对存在的不足" in lines[i] or lines[i].endswith("____"):
            continue
        assert lines[i + 2].startswith("> 【上年内容】"), lines[i]
    assert "> 【上年内容】2024年开展行政执法检查497起" in draft.markdown  # the figures' sentence
    assert "> 【上年内容】认真开展“法律明白人”培养工程" in draft.markdown
    off = compose(loaded_store, "八里台镇", 2025, prompts=False).markdown
    assert "上年内容" not in off and off.count("____") == draft.markdown.count("____")


def test_addressee_signature_and_document_number(loaded_store: Store) -> None:
    md = compose(loaded_store, "八里台镇", 2025).markdown
    assert "@红头 天津市津南区八里台镇人民政府文件" in md
    assert "@文号 八里台政报〔2025〕____号｜签发人：____" in md
    assert "@主送 津南区人民政府：" in md
    assert md.rstrip().endswith("@附注 （此件主动公开）")
    assert "@落款 八里台镇人民政府" in md and "@日期 ××××年××月××日" in md
    plain = compose(loaded_store, "张家窝镇", 2021).markdown
    assert "@红头" not in plain and "@文号" not in plain  # the 2020 report had no 文号
    assert "@主送 ____：" in plain and "@落款 张家窝镇人民政府" in plain


def test_no_figure_is_invented(loaded_store: Store) -> None:
    draft = compose(loaded_store, "杨柳青镇", 2024)
    stated = re.findall(r"（2023年(?:安排)?：([^）]+)）", draft.markdown)
    known = {p.figure.as_written for p in loaded_store.figures("杨柳青镇", 2023)}
    assert stated and set(stated) <= known


def test_duty_section_of_last_year_goes_to_section_three(loaded_store: Store) -> None:
    md = compose(loaded_store, "杨柳青镇", 2024).markdown
    three = _part(md, "三、", "四、")
    assert "坚决扛起主体责任" in three and "听取法治汇报____次（2023年：4次）" in three
    # 辛口镇 2021 put the 第一责任人 part first; it still lands in 三
    three = _part(compose(loaded_store, "辛口镇", 2022).markdown, "三、", "四、")
    assert "### （一）加强组织领导，全面压实法治建设责任" in three


def test_later_year_drafts_from_latest_and_says_so(loaded_store: Store) -> None:
    draft = compose(loaded_store, "辛口", 2030)
    assert draft.source_year == 2022
    assert "没有辛口镇2029年的报告" in draft.note and "2022年报告" in draft.note


def test_no_earlier_report_gives_a_clean_skeleton(loaded_store: Store) -> None:
    with pytest.raises(NoSourceReportError) as err:
        compose(loaded_store, "辛口镇", 2021)  # the chat bot's call: it words its own reply
    assert "2021、2022" in str(err.value)
    draft = compose(loaded_store, "辛口镇", 2021, skeleton=True)
    assert not draft.has_source and draft.figures == 0 and draft.plans == 0
    assert "没有辛口镇2021年以前的报告" in draft.note and "2021、2022" in draft.note
    assert "空白框架" in draft.note
    md = draft.markdown
    assert md.startswith("# 辛口镇2021年度法治政府建设情况报告")
    assert [line for line in md.splitlines() if line.startswith("## ")] == [
        "## 一、2021年推进法治政府建设的主要举措和成效",
        "## 二、2021年推进法治政府建设存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 四、2022年推进法治政府建设的主要安排",
    ]
    assert "上年内容" not in md and "（20" not in md.split("## 一、")[1]
    assert "@落款 辛口镇人民政府" in md


def test_a_place_with_no_report_at_all(loaded_store: Store) -> None:
    with pytest.raises(ReportNotFoundError):
        compose(loaded_store, "新建镇", 2025)
    draft = compose(loaded_store, "新建镇", 2025, skeleton=True)
    assert not draft.has_source and "新建镇" in draft.markdown.splitlines()[0]
    assert "已有报告的地方：" in draft.note and "辛口镇" in draft.note
    with pytest.raises(ReportNotFoundError) as err:
        compose(loaded_store, "不存在", 2023, skeleton=True)  # not a place name: a typo
    assert "辛口镇（2021、2022）" in str(err.value)


def test_template_problems(loaded_store: Store) -> None:
    with pytest.raises(UnknownTemplateError) as err:
        compose(loaded_store, "辛口镇", 2023, template="nope")
    assert "default" in str(err.value)
    with pytest.raises(TemplateProblem):
        compose(loaded_store, "辛口镇", 2023, source="{{ town }}\n{{ no_such_thing.x }}")


def test_every_figure_of_any_report_is_carried(loaded_store: Store) -> None:
    for town, years in loaded_store.available().items():
        for year in years:
            draft = compose(loaded_store, town, year + 1)
            if draft.source_year != year:
                continue
            stated = re.findall(rf"（{year}年(?:安排)?：[^）]+）", draft.markdown)
            assert len(stated) == draft.figures == len(loaded_store.figures(town, year)), town
