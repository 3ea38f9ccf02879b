from corpus.reading.text import (
    display_width,
    is_heading_line,
    normalize,
    sentences,
    unwrap,
    wrap_width,
)


def test_normalize_folds_widths_and_artefact_spaces() -> None:
    assert normalize("全年共审查合同份数 245 份") == "全年共审查合同份数245份"
    assert normalize(" 西青区辛口镇 2021 年度法治政府建设") == "西青区辛口镇2021年度法治政府建设"
    assert normalize("接待来访群众 141 批 348 人次") == "接待来访群众141批348人次"
    assert normalize("化解率９６．１％") == "化解率96.1%"
    assert normalize("1. 提升执法合力") == "1.提升执法合力"
    assert normalize("（二）\u2005加强组织领导") == "（二）加强组织领导"  # any space after a number
    assert normalize("八里台镇人民政府 2024 年法治政府建设 情况报告") == (
        "八里台镇人民政府2024年法治政府建设情况报告"
    )


def test_normalize_keeps_spaces_only_between_latin_words() -> None:
    assert normalize("使用 APP 程序") == "使用APP程序"
    assert normalize("Word and WPS") == "Word and WPS"
    assert normalize("2021 2022") == "2021 2022"


def test_sentences_keep_punctuation_and_closing_quotes() -> None:
    text = "一是宣传。二是“加强”。三是落实"
    assert sentences(text) == ["一是宣传。", "二是“加强”。", "三是落实"]


def test_heading_lines() -> None:
    assert is_heading_line("（一）加强组织领导，全面压实法治建设责任")
    assert is_heading_line("2.创新学习形式，推动习近平法治思想入脑入心入魂。")
    assert not is_heading_line("1.主动公开。2024年，我镇主动公开信息24条。及时主动")
    assert not is_heading_line("一是充分发挥村街法律顾问作用")


def test_unwrap_rejoins_hard_wrapped_pdf_lines() -> None:
    width_line = "镇党委、政府主要负责人积极履行法治建设第一责任人职责，"
    lines = [
        "一、履行推进法治建设第一责任人情况",
        "",
        "（一）加强组织领导，全面压实法治建设责任",
        "",
        width_line,
        "",
        "充分发挥“关键少数”的引领示范作用，坚持做到法治建设重要",
        "",
        "工作亲自部署。",
        "",
    ] + [width_line] * 10
    paragraphs = unwrap(lines)
    assert paragraphs[0] == "一、履行推进法治建设第一责任人情况"
    assert paragraphs[1] == "（一）加强组织领导，全面压实法治建设责任"
    assert paragraphs[2].startswith(width_line + "充分发挥")
    assert paragraphs[2].endswith("重要工作亲自部署。")


def test_unwrap_joins_a_sentence_broken_by_a_page() -> None:
    lines = ["3.健全法律服务。注重向特", "", "殊群体倾斜，打造服务“绿色通道”。", "下一段。"]
    assert unwrap(lines) == ["3.健全法律服务。注重向特殊群体倾斜，打造服务“绿色通道”。", "下一段。"]


def test_wrap_width_only_for_hard_wrapped_text() -> None:
    assert wrap_width(["短"] * 3) is None
    assert wrap_width(["一二三四五六七八九十一二三四五六七八九十"] * 10) == 20
    assert display_width("ab中") == 2
