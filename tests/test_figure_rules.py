"""Measure words as an open class, and what is not a figure: sentences written for these tests
in the forms reports from many provinces use."""

import pytest

from corpus.figures.extract import extract
from corpus.figures.units import units
from corpus.search.query import ASKED_UNIT


def found(text: str) -> list[tuple[float, str, str]]:
    return [(f.value, f.unit, f.qualifier) for f in extract(text)]


def test_units_are_an_open_class_from_one_file() -> None:
    u = units()
    assert len(u.counted) >= 200  # the lexicon's measure words, not a hand-made short list
    for word in (
        "场次",
        "人次",
        "户次",
        "家次",
        "学时",
        "课时",
        "个百分点",
        "辆",
        "宗",
        "盏",
        "幅",
    ):
        assert word in u.counted, word
    for word in ("年", "月", "个月", "岁", "分钟", "小时"):
        assert word in u.not_counted, word


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("组织主题宣讲活动28场次。", [(28, "场次", "")]),  # not cut to 场
        ("检查市场主体183户次。", [(183, "户次", "")]),
        ("执法检查312家次。", [(312, "家次", "")]),
        ("满意率较上年提高2.3个百分点。", [(2.3, "个百分点", "")]),
        ("完成必修课和选修课合计24学时。", [(24, "学时", "")]),
        ("组织不少于60个学时的法治培训。", [(60, "学时", "不少于")]),
        # hours of training a year are an amount, not how often something happens
        ("每年组织不少于60个学时的法治培训。", [(60, "学时", "不少于")]),
        (
            "查处非法营运车辆9辆，安装路灯40盏，悬挂横幅120余幅。",
            [
                (9, "辆", ""),
                (40, "盏", ""),
                (120, "幅", "余"),
            ],
        ),
        ("出动执法人员1,280人次。", [(1280, "人次", "")]),
        ("涉及金额3.6亿元，挽回经济损失十二万元。", [(3.6, "亿元", ""), (120000, "元", "")]),
        (
            "受教育群众达1.5万人次，发放宣传资料1.2万余份。",
            [
                (15000, "人次", ""),
                (12000, "份", "余"),
            ],
        ),
        ("覆盖群众近万人。", [(10000, "人", "近")]),
        ("清理占道经营摊点两百余处。", [(200, "处", "余")]),
    ],
)
def test_measure_words_and_compounds(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # set phrases and slogans with numerals, unquoted
        "落实四位一体决策机制，推行一村一律师，做到一岗双责。",
        "坚持三会一课制度，把法治宣传送进千家万户。",
        "建立一月一调度、一季一通报工作机制。",
        # frequency rules
        "坚持每季度至少听取1次法治工作汇报。",
        "每月开展1次集中学法，每半年组织2场法律知识考试。",
        "法律顾问实行1次/周坐班制度。",
        # per-unit staffing
        "每个社区各配备1名专职调解员。",
        "各村（社区）各明确2名法律明白人。",
        "每村至少2名法律明白人。",
        # ordinals, list numbers, dates, document numbers, ranges, ages, durations, formulas
        "镇政府第38次常务会议研究通过，排名全县前3名。",
        "（三）组织保障。1.压实责任。二是建章立制。",
        "2023年11月20日至12月4日开展宪法宣传周活动。",
        "按照东政办发〔2023〕15号和西法〔2022〕7号文件要求。",
        "培训对象为30-40岁的年轻干部，办理时限压缩至3个月。",
        "构建“1+5+N”调解体系，打造15分钟法律服务圈。",
        "推进认识的第二次飞跃，党的二十届三中全会。",
        # adjectives and modifiers
        "实现一次性告知、一站式服务，形成县乡村三级联动、五级书记抓法治。",
        "进一步完善制度，确保一把手带头。",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract(text) == []


def test_a_number_in_a_name_does_not_hide_the_figure_after_it() -> None:
    figures = extract("12345热线受理群众诉求416件，按时办结率98.6%。")
    assert [(f.value, f.unit) for f in figures] == [(416, "件"), (98.6, "%")]


def test_plans_with_a_target_are_figures_but_frequencies_are_not() -> None:
    figures = extract("一是每月开展1次集中学法；二是力争全年开展普法活动不少于30场。")
    assert [(f.value, f.unit, f.qualifier) for f in figures] == [(30, "场", "不少于")]


@pytest.mark.parametrize(
    ("question", "unit"),
    [("查处非法营运车辆多少辆", "辆"), ("完成了多少学时", "学时"), ("开展宣讲多少场次", "场次")],
)
def test_search_reads_the_same_units(question: str, unit: str) -> None:
    assert [m.group(1) for m in ASKED_UNIT.finditer(question)] == [unit]


def test_reports_in_traditional_characters() -> None:
    figures = extract("開展法治宣講活動70餘場次，受教育群眾兩萬餘人次，聘請3名法律顧問。")
    assert [(f.label, f.value, f.unit, f.qualifier, f.indicator) for f in figures] == [
        ("開展法治宣講活動", 70, "场次", "余", "普法活动场次"),
        ("受教育群眾", 20000, "人次", "余", "普法受众人次"),
        ("法律顧問", 3, "名", "", "法律顾问人数"),
    ]
    assert figures[0].span == "開展法治宣講活動70餘場次"
    assert extract("每季度至少召開1次，落實四位一體機制。") == []
