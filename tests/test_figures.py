from collections import defaultdict

import pytest

from bench.evaluate import load_jsonl, score_figures
from corpus.figures.extract import extract, report_figures
from corpus.figures.series import compare_years, similarity
from corpus.reading.files import read_file
from corpus.reading.parse import parse
from corpus.storage.store import Store
from tests.conftest import ROOT, SEEDS

GOLD = load_jsonl(ROOT / "tests" / "data" / "figures_dev.jsonl")


def test_dev_gold_precision_and_recall() -> None:
    by_report = defaultdict(list)
    for item in GOLD:
        by_report[item["report"]].append(item)
    for name, items in by_report.items():
        report = parse(read_file(next(p for p in SEEDS if p.name == name), 10**8)[0])
        result = score_figures([p.figure for p in report_figures(report)], items)
        assert result.precision >= 0.95 and result.recall >= 0.95, (
            name,
            result.misses,
            result.extras,
        )


def one(text: str) -> tuple[float, str, str, str]:
    figures = extract(text)
    assert len(figures) == 1, figures
    f = figures[0]
    return f.value, f.unit, f.qualifier, f.label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年共审查合同份数 245 份。", (245, "份", "", "审查合同份数")),
        ("发放贷款1000余万元。", (1000, "万元", "余", "发放贷款")),
        ("服务群众两万余人次。", (20000, "人次", "余", "服务群众")),
        ("清理占道经营1千余处。", (1000, "处", "余", "清理占道经营")),
        ("各类堆物2万余处。", (20000, "处", "余", "各类堆物")),
        ("户外广告设施百余个。", (100, "个", "余", "户外广告设施")),
        ("布标幔帐5百余件。", (500, "件", "余", "布标幔帐")),
        ("筹集资金3.5万元。", (3.5, "万元", "", "筹集资金")),
        ("一次性化解率96.1%。", (96.1, "%", "", "一次性化解率")),
        ("工单满意率81.81%。", (81.81, "%", "", "工单满意率")),
        ("人员占比不足20%。", (20, "%", "不足", "人员占比")),
        ("覆盖群众上千人次。", (1000, "人次", "上", "覆盖群众")),
        ("日接待量700人次以上。", (700, "人次", "以上", "日接待量")),
        ("每天安排一名处级领导干部接访。", (1, "名", "", "处级领导干部")),
        ("严格贯彻落实《方案》等 4 个制度文件。", (4, "个", "", "制度文件")),
        ("镇党委先后7次召开党委扩大会。", (7, "次", "", "召开党委扩大会")),
    ],
)
def test_numbers_in_every_form(text: str, expected: tuple[float, str, str, str]) -> None:
    assert one(text) == expected


def test_two_figures_one_label() -> None:
    figures = extract("共计接待来访群众 141 批 348 人次，信访事项551批次（件次）918人次。")
    assert [(f.value, f.unit, f.label) for f in figures] == [
        (141, "批", "接待来访群众"),
        (348, "人次", "接待来访群众"),
        (551, "批次", "信访事项"),
        (918, "人次", "信访事项"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2023 年 10 月底前完成，9 月份开展。",
        "根据八里台政报〔2024〕27号文件。",
        "推进认识的“第二次飞跃”。",
        "落实行政执法“三项制度”，持续抓好三项制度建设。",
        "采取“1+3+N”工作模式，打通“最后 1 公里”。",
        "开展八五普法，推动法治走进千家万户。",
        "使一批矛盾纠纷化解在基层，让人民群众在每一起案件中感受到公平正义。",
        "拨打12345便民服务热线。",
        "实现“只进一扇门，只跑一次路”。",
        "一、主要举措和成效",
        "30 岁以下的年轻同志缺乏，30-40 岁的同志占比偏低。",
    ],
)
def test_not_figures(text: str) -> None:
    assert extract(text) == []


def test_labels_match_across_years() -> None:
    assert similarity("审查合同份数", "法律顾问与公职律师共审查合同份数") >= 80
    assert similarity("提供法律咨询", "提供法律意见") < 80


def test_compare_years(loaded_store: Store) -> None:
    comparison = compare_years(loaded_store, "辛口", 2021, 2022)
    contracts = next(c for c in comparison.changes if c.before and c.before.label == "审查合同份数")
    assert (contracts.before.value, contracts.after.value, contracts.delta) == (245, 284, 39)
    total = len(loaded_store.figures("辛口镇", 2021)) + len(loaded_store.figures("辛口镇", 2022))
    paired = sum(1 for c in comparison.changes if c.before and c.after)
    assert len(comparison.changes) == total - paired


def test_stored_figures_keep_their_section(loaded_store: Store) -> None:
    figures = loaded_store.figures("杨柳青镇", 2023)
    fine = next(p for p in figures if p.figure.value == 161290)
    assert fine.figure.unit == "元" and "处罚金额" in fine.figure.label
    assert fine.section.startswith("一、法治政府建设的主要举措和成效")


FORMS = ROOT / "tests" / "data" / "forms"


def test_gold_over_report_texts_written_in_other_provinces_forms() -> None:
    by_report = defaultdict(list)
    for item in load_jsonl(ROOT / "tests" / "data" / "figures_forms.jsonl"):
        by_report[item["report"]].append(item)
    tp = predicted = gold = 0
    for name, items in by_report.items():
        report = parse(read_file(FORMS / name, 10**8)[0])
        result = score_figures([p.figure for p in report_figures(report)], items)
        tp, predicted, gold = (
            tp + result.true_positives,
            predicted + result.predicted,
            gold + result.gold,
        )
    assert tp / predicted >= 0.98 and tp / gold >= 0.98, (tp, predicted, gold)
