from corpus.query import understand

TOWNS = {"辛口镇": [2021, 2022], "杨柳青镇": [2023], "张家窝镇": [2020], "八里台镇": [2024]}


def test_town_and_year_in_common_forms() -> None:
    for text, town, year in [
        ("辛口镇2022年审查了多少合同", "辛口镇", 2022),
        ("辛口22年审查了多少合同", "辛口镇", 2022),
        ("2022年度辛口审查合同多少份", "辛口镇", 2022),
        ("杨柳青 2023 年信访情况", "杨柳青镇", 2023),
    ]:
        q = understand(text, TOWNS)
        assert (q.town, q.years[0]) == (town, year), text


def test_plans_for_a_year_live_in_the_previous_report() -> None:
    q = understand("辛口镇2023年打算怎么开展普法", TOWNS)
    assert q.wants_plan and q.preferred_year == 2022
    q = understand("八里台镇2025年普法宣传打算怎么开展", TOWNS)
    assert q.preferred_year == 2024
    # "the report's next-year plans" asks about the report of that year itself
    q = understand("辛口镇2022年报告中下一年行政复议怎么安排", TOWNS)
    assert q.preferred_year == 2022


def test_intents_and_units() -> None:
    q = understand("21年辛口镇矛调中心接待了多少批来访群众，多少人次", TOWNS)
    assert q.wants_quantity and q.asked_units == ("批", "人次")
    assert understand("执法力量有什么不足", TOWNS).wants_problem
    assert "元" in understand("罚了多少钱", TOWNS).asked_units
    assert "%" in understand("信访一次性化解率是多少", TOWNS).asked_units


def test_synonyms_and_question_words() -> None:
    q = understand("去企业做法治体检是跟哪家律所一起去的", TOWNS)
    words = {t.word: t for t in q.terms}
    assert "律师事务所" in words["律所"].variants
    assert "哪家" not in words and "的" not in words
    assert not understand("' OR 1=1 --", TOWNS).has_content
