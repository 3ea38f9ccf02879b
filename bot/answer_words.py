"""Plain-text wording of what a question's answer carries besides its passages (shared by the
CLI and the chat): what a relative year meant, which place did it, and that a part is whole."""

from __future__ import annotations

from corpus.search.answer import Answer


def scope_note(answer: Answer) -> str | None:
    """ "去年 = 2025年", and, for next year's plans not yet written, where they came from."""
    scope = answer.scope
    if scope is None or scope.relative is None:
        return None
    note = f"{scope.relative.word} = {scope.relative.year}年"
    if scope.newest_instead:
        note += (
            f"；{scope.relative.year}年的打算要写进{scope.relative.year - 1}年的报告，"
            "这份报告还没有导入，以下是已有最新报告中的下一年度安排"
        )
    return note


def place_lead(answer: Answer) -> str | None:
    """For "是哪个镇…" questions: the place (and report) that did it, said first."""
    if not answer.hits or answer.scope is None or not answer.scope.asks_place:
        return None
    top = answer.hits[0]
    return f"答：{top.town}（见{top.year}年报告）"


def whole_heading(answer: Answer) -> str | None:
    if not answer.whole_section:
        return None
    top = answer.hits[0]
    return f"{top.town}{top.year}年报告“{top.section}”全文（按原文顺序）："
