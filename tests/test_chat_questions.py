"""Questions in the chat (issue 18): the place said first, whole sections, relative years
said, no command-line words. The real Application against the fake Bot API."""

from __future__ import annotations

from datetime import date

from tests.fakebot import FakeBotAPI
from tests.test_bot_chat import CLI_WORDS, USER, api, to

__all__ = ["api"]


async def test_questions_as_people_ask_them_in_the_chat(api: FakeBotAPI) -> None:
    last_year = date.today().year - 1
    asks = [
        "“三室联建”是哪个镇的",
        "八里台镇2024年有哪些不足",
        "辛口镇去年有什么不足",
        "西青区有哪些镇",
    ]
    replies = {}
    for text in asks:  # one at a time: replies to concurrent questions may come in any order
        api.send_text(USER, text)
        sent = await api.wait_for(to(USER), count=len(replies) + 1, timeout=120)
        replies[text] = sent[-1]
    which, section, relative, listing = (replies[t] for t in asks)
    assert which.text.startswith("答：八里台镇"), which.text
    assert (
        "八里台镇2024年报告“二、2024年推进法治政府建设工作中存在的不足和原因”全文" in section.text
    )
    assert "执法时各部门配合还需加强" in section.text
    assert f"去年 = {last_year}年" in relative.text and "已有：2021、2022" in relative.text
    assert "辛口镇（2021、2022）" in listing.text
    for answer in (which, section, relative, listing):
        assert not any(w in answer.text for w in CLI_WORDS), answer.text
