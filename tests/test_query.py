from datetime import date

import pytest

from corpus.errors import ReportNotFoundError
from corpus.places.scope import resolve
from corpus.search.query import understand

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


# -- the scope, resolved once (corpus/places/scope.py) -------------------------------------------------

TODAY = date(2026, 12, 1)


def test_interrogative_and_generic_place_words_are_never_places() -> None:
    for text in [
        "“和事佬”调解室是哪个镇设立的",
        "有个街道搞了个服务队，是哪里的",
        "哪些街道有调解室",
    ]:
        scope = resolve(text, TOWNS)
        assert scope.asks_place and scope.places == (), text
    for text in ["该镇全年调解了多少件纠纷", "各镇法律顾问审查了多少份合同", "我镇有个乡搞了什么"]:
        scope = resolve(text, TOWNS)
        assert not scope.asks_place and scope.places == (), text
    assert "哪" not in resolve("是哪个街道组建的", TOWNS).rest


def test_relative_years_against_today() -> None:
    scope = resolve("辛口镇去年罚了多少钱", TOWNS, today=TODAY)
    assert scope.relative is not None and (scope.relative.word, scope.relative.year) == (
        "去年",
        2025,
    )
    assert scope.years == (2025,)
    assert resolve("辛口镇前年的情况", TOWNS, today=TODAY).years == (2024,)
    assert resolve("辛口镇上一年度的情况", TOWNS, today=TODAY).years == (2025,)
    assert resolve("辛口镇二〇二一年审查了多少合同", TOWNS).years == (2021,)
    written = resolve("辛口镇2022年明年打算", TOWNS, today=TODAY, wants_plan=True)
    assert written.relative is None and written.years == (2022,)  # the report's next year
    plans = resolve("辛口镇明年有什么打算", TOWNS, today=TODAY, wants_plan=True)
    assert plans.relative.year == 2027 and plans.newest_instead and plans.years == ()


def test_filters_win_over_the_question() -> None:
    scope = resolve("辛口镇2022年审查了多少合同", TOWNS, year=2021)
    assert scope.years == (2021,)
    assert resolve("审查了多少合同", TOWNS, town="辛口").places == ("辛口镇",)


def test_places_not_stored_are_reported_not_replaced() -> None:
    with pytest.raises(ReportNotFoundError) as err:
        resolve("大興鎮2022年罚了多少钱", TOWNS)
    assert err.value.town == "大兴镇" and err.value.year == 2022
    with pytest.raises(ReportNotFoundError) as err:
        resolve("蓟州区22年罚了多少钱", TOWNS)
    assert err.value.town == "蓟州区"
    assert resolve("开展了多少场送法下乡活动", TOWNS).places == ()  # ends like a 乡, is none


def test_section_questions() -> None:
    for text, kind in [
        ("八里台镇2024年有哪些不足", "problems"),
        ("辛口22年有啥短板", "problems"),
        ("辛口镇2023年有什么打算", "plans"),
        ("辛口镇2022年下一年度安排", "plans"),
        ("八里台镇2024年第一责任人履职情况", "duty"),
    ]:
        assert understand(text, TOWNS).section == kind, text
    assert understand("八里台镇2024年执法方面有哪些不足", TOWNS).section is None
    assert understand("八里台镇2024年罚了多少钱", TOWNS).has_content


def test_a_question_naming_no_county_reads_no_division_table() -> None:
    from corpus.places.gazetteer import gazetteer

    gazetteer.cache_clear()
    assert resolve("哪个镇设立了调解室", TOWNS).places == ()
    assert gazetteer.cache_info().currsize == 0  # 0.3 s a command-line question never spends
    with pytest.raises(ReportNotFoundError) as err:  # one written in full still is looked up
        resolve("薊州區22年罰了多少錢", TOWNS)
    assert err.value.town == "蓟州区" and gazetteer.cache_info().currsize == 1
