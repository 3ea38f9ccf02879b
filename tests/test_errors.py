import pickle

from bot import replies, terminal
from bot.texts import towns_listing
from corpus.errors import InputFileError, ReportNotFoundError, TemplateProblem


def test_a_few_towns_are_all_listed() -> None:
    available = {"辛口镇": (2021, 2022), "杨柳青镇": (2023,)}
    assert towns_listing(available) == "杨柳青镇（2023）；辛口镇（2021、2022）"
    message = terminal.error(ReportNotFoundError("不存在镇", 2023, available))
    assert message == (
        "未找到不存在镇2023年的报告。已有：杨柳青镇（2023）；辛口镇（2021、2022）。"
        "用 townreport ingest 导入。"
    )


def test_thousands_of_towns_show_the_closest_and_the_count() -> None:
    available = {f"第{i}号镇": (2020 + i % 5,) for i in range(1200)}
    available["辛口镇"] = (2021, 2022)
    message = terminal.error(ReportNotFoundError("辛口乡", None, available))
    assert "辛口镇（2021、2022）" in message
    assert "共1201个乡镇" in message
    assert len(message) < 300


def test_errors_are_fields_not_sentences_and_cross_processes() -> None:
    err = InputFileError("a.docx", "too_many_paragraphs", value=90000, limit=50000)
    assert "段落" not in str(err) and "too_many_paragraphs" in str(err)
    back = pickle.loads(pickle.dumps(err))
    assert (back.path, back.reason, back.value, back.limit) == (
        "a.docx",
        "too_many_paragraphs",
        90000,
        50000,
    )
    problem = TemplateProblem("undefined_variable", 3, value="titel")
    problem.index = 2
    again = pickle.loads(pickle.dumps(problem))
    assert (again.reason, again.line, again.value, again.index) == (
        "undefined_variable",
        3,
        "titel",
        2,
    )


def test_the_terminal_names_the_option_and_the_chat_never_does() -> None:
    err = InputFileError("a.docx", "too_many_paragraphs", value=90000, limit=50000)
    said = terminal.error(err)
    assert said.startswith("a.docx：Word 文件有 90000 个段落，超过上限 50000")
    assert "TOWNREPORT_LIMIT_DOCX_PARAGRAPHS" in said
    chat = replies.error(err, "报告.docx")
    assert chat.startswith("报告.docx：Word 文件有 90000 个段落") and "TOWNREPORT_" not in chat
    empty = ReportNotFoundError("", None, {})
    assert "townreport ingest" in terminal.error(empty)
    assert "ingest" not in replies.error(empty) and "--" not in replies.error(empty)


def test_chat_replies_to_no_answer_name_no_command() -> None:
    from corpus.search.answer import Answer, Nearest, NoAnswer

    stored = {"辛口镇": (2021, 2022)}
    cases = [
        NoAnswer("empty", {}),
        NoAnswer("no_question", stored),
        NoAnswer("places", stored, county="西青区"),
        NoAnswer("not_found", stored, (Nearest("辛口镇", 2022, "一、主要举措和成效"),)),
        NoAnswer("not_found", stored, town="辛口镇"),
        ReportNotFoundError("大兴镇", 2022, stored),
    ]
    for reason in cases:
        answer = Answer("问题", (), reason)
        chat, said = replies.not_found(answer), terminal.answer_hint(answer) or ""
        assert chat and "--" not in chat and "townreport" not in chat, chat
        assert said and ("townreport ingest" in said) == (reason in (cases[0], cases[-1])), said
    assert "最接近的章节：辛口镇2022年 一、主要举措和成效" in replies.not_found(
        Answer("q", (), cases[3])
    )
