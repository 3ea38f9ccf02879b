import re

import pytest

from corpus.store import Store
from drafting.compose import NoSourceReportError, compose
from drafting.sandbox import TemplateProblem
from drafting.templates import UnknownTemplateError


def _heading_before(lines: list[str], index: int) -> str:
    return next(line for line in reversed(lines[:index]) if line.startswith("#"))


def test_draft_carries_every_figure_under_its_section(loaded_store: Store) -> None:
    draft = compose(loaded_store, "辛口镇", 2023)
    assert draft.source_year == 2022 and draft.note.startswith("依据辛口镇2022年度")
    lines = draft.markdown.splitlines()
    figures = loaded_store.figures("辛口镇", 2022)
    assert draft.figures == len(figures) > 10
    for placed in figures:
        f = placed.figure
        line = f"- {f.label}____{f.unit}（2022年：{f.as_written}）"
        assert line in lines, line
        heading = _heading_before(lines, lines.index(line))
        section_title = placed.section.rsplit(" › ", 1)[-1]
        assert re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）.、]", "", section_title) in heading


def test_draft_lists_last_years_plans_and_mandated_sections(loaded_store: Store) -> None:
    md = compose(loaded_store, "辛口镇", 2023).markdown
    checklist = [line for line in md.splitlines() if line.startswith("- [ ]")]
    assert len(checklist) == 6
    for i, plan in enumerate(
        ["关键少数", "政务公开", "保障能力", "能力素质", "行政应诉", "普法宣传"]
    ):
        assert plan in checklist[i]
    assert md.startswith("# 辛口镇2023年度法治政府建设情况报告")
    tops = [line for line in md.splitlines() if line.startswith("## ")]
    assert tops == [
        "## 一、2023年推进法治政府建设的主要举措和成效",
        "## 二、2023年推进法治政府建设存在的不足和原因",
        "## 三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "## 四、2024年推进法治政府建设的主要安排",
    ]


def test_no_figure_is_invented(loaded_store: Store) -> None:
    draft = compose(loaded_store, "杨柳青镇", 2024)
    stated = re.findall(r"（2023年(?:安排)?：([^）]+)）", draft.markdown)
    known = {p.figure.as_written for p in loaded_store.figures("杨柳青镇", 2023)}
    assert stated and set(stated) <= known


def test_duty_section_of_last_year_goes_to_section_three(loaded_store: Store) -> None:
    md = compose(loaded_store, "杨柳青镇", 2024).markdown
    three = md.split("## 三、")[1].split("## 四、")[0]
    assert "坚决扛起主体责任" in three and "听取法治汇报____次（2023年：4次）" in three


def test_later_year_drafts_from_latest_and_says_so(loaded_store: Store) -> None:
    draft = compose(loaded_store, "辛口", 2030)
    assert draft.source_year == 2022
    assert "没有辛口镇2029年的报告" in draft.note and "2022年报告" in draft.note


def test_unknown_town_or_no_earlier_report(loaded_store: Store) -> None:
    with pytest.raises(Exception) as err:
        compose(loaded_store, "不存在镇", 2023)
    assert "辛口镇（2021、2022）" in str(err.value)
    with pytest.raises(NoSourceReportError) as err2:
        compose(loaded_store, "辛口镇", 2021)
    assert "2021、2022" in str(err2.value)


def test_template_problems(loaded_store: Store) -> None:
    with pytest.raises(UnknownTemplateError) as err:
        compose(loaded_store, "辛口镇", 2023, template="nope")
    assert "default" in str(err.value)
    with pytest.raises(TemplateProblem):
        compose(loaded_store, "辛口镇", 2023, source="{{ town }}\n{{ no_such_thing.x }}")
