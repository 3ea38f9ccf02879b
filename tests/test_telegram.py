"""End to end: the real Application, over real HTTP, against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from pathlib import Path

import docx
import pytest

import bot.telegram_draft as draft_module
from bot import replies
from corpus.settings import Settings
from corpus.storage.store import Store
from tests.conftest import SEEDS
from tests.fakebot import FakeBotAPI, Sent
from tests.test_bot_chat import running

USERS = [1001, 1002, 1003, 1004, 1005]
ADMIN = 9001
STRANGER = 6666


@pytest.fixture
async def api(loaded_store: Store, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async for fake in running(loaded_store, settings, users=frozenset(USERS)):
        yield fake


def to(chat: int, method: str = "sendMessage"):  # type: ignore[no-untyped-def]
    return lambda s: s.chat_id == chat and s.method == method


async def test_question_gets_a_cited_answer_and_more_results(api: FakeBotAPI) -> None:
    api.send_text(1001, "辛口镇2022年法律顾问审查了多少份合同？")
    (reply,) = await api.wait_for(to(1001))
    assert "284份" in reply.text
    assert "辛口镇 2022年《辛口镇2022年度法治政府建设情况报告》" in reply.text
    assert "<blockquote expandable>" in reply.text
    assert reply.params["parse_mode"] == "HTML"
    api.send_text(1001, "杨柳青镇明年怎么推进乡村法治建设")
    replies = await api.wait_for(to(1001), count=2)
    reply = replies[1]
    assert "法律明白人" in reply.text
    assert reply.message and "更多结果" in str(reply.message["reply_markup"])
    api.press(1001, reply.message, "more:1")
    replies = await api.wait_for(to(1001), count=3)
    more = replies[2].text
    assert more.startswith("2. ") and "—— " in more


async def test_not_found_is_honest(api: FakeBotAPI) -> None:
    api.send_text(1002, "北京今天天气怎么样")
    (reply,) = await api.wait_for(to(1002))
    assert "未找到" in reply.text and "辛口镇（2021、2022）" in reply.text


async def test_commands(api: FakeBotAPI) -> None:
    api.send_text(1003, "/help")
    api.send_text(1003, "/reports")
    api.send_text(1003, "/figures 辛口镇 2022")
    api.send_text(1003, "/compare 辛口镇 2021 2022")
    api.send_text(1003, "/figures 辛口镇")
    replies = await api.wait_for(to(1003), count=5)
    texts = " ".join(r.text for r in replies)
    assert "/draft 乡镇 年度" in texts
    assert "辛口镇：2021、2022" in texts
    assert "审查合同份数：<b>284份</b>" in texts
    assert "245份 → 284份（+39）" in texts
    assert "用法：/figures" in texts


async def test_many_towns_are_not_buttons(api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(draft_module, "DRAFT_BUTTONS", 3)  # five towns stored
    monkeypatch.setattr(replies, "TOWNS_LISTED", 2)
    api.send_text(1003, "/draft")
    (answer,) = await api.wait_for(to(1003))
    assert "已导入 4 个乡镇的报告" in answer.text and "例如：/draft 八里台镇 2025" in answer.text
    assert "reply_markup" not in answer.message
    api.send_text(1003, "/reports")
    (listing,) = await api.wait_for(lambda s: s.chat_id == 1003 and "份报告" in s.text)
    assert "已导入 4 个乡镇的 5 份报告" in listing.text and "/reports 乡镇名" in listing.text
    api.send_text(1003, "/reports 辛口")
    (one,) = await api.wait_for(lambda s: s.chat_id == 1003 and "辛口镇：2021、2022" in s.text)
    assert "杨柳青镇" not in one.text
    api.send_text(1003, "/reports 不存在")
    await api.wait_for(lambda s: s.chat_id == 1003 and "未找到不存在" in s.text)


async def test_draft_delivers_a_docx_that_opens(api: FakeBotAPI) -> None:
    api.send_text(1004, "/draft 辛口镇 2023")
    (document,) = await api.wait_for(to(1004, "sendDocument"), timeout=60)
    assert document.document and document.params["filename"].endswith(".docx")
    opened = docx.Document(io.BytesIO(document.document))
    assert opened.paragraphs[0].text == "辛口镇2023年度法治政府建设情况报告"
    (summary,) = await api.wait_for(lambda s: s.chat_id == 1004 and "待填写" in s.text)
    assert "上年度安排 6 项" in summary.text


async def test_draft_step_by_step(api: FakeBotAPI) -> None:
    api.send_text(1005, "/draft")
    (ask_town,) = await api.wait_for(to(1005))
    assert "哪个乡镇" in ask_town.text and "dt:辛口镇" in str(ask_town.message["reply_markup"])
    api.press(1005, ask_town.message, "dt:辛口镇")
    (ask_year,) = await api.wait_for(lambda s: s.method == "editMessageText" and "哪一年" in s.text)
    assert "dy:辛口镇:2023" in str(ask_year.message["reply_markup"])
    api.press(1005, ask_year.message, "dy:辛口镇:2023")
    await api.wait_for(to(1005, "sendDocument"), timeout=60)


async def test_admin_upload_becomes_searchable(api: FakeBotAPI) -> None:
    text = (
        SEEDS[1].read_text(encoding="utf-8").replace("辛口镇", "试点镇").replace("284份", "999份")
    )
    api.send_document(ADMIN, "试点镇报告.txt", text.encode("gb18030"))
    (done,) = await api.wait_for(lambda s: s.method == "editMessageText" and "已导入" in s.text)
    assert "试点镇 2022年" in done.text
    api.send_text(1001, "试点镇2022年审查了多少份合同")
    (reply,) = await api.wait_for(lambda s: s.chat_id == 1001 and "999份" in s.text)
    assert "试点镇 2022年" in reply.text


async def test_upload_checks_and_caption_override(api: FakeBotAPI, tmp_path: Path) -> None:
    api.send_document(ADMIN, "empty.txt", b"")
    (failed,) = await api.wait_for(lambda s: s.method == "editMessageText" and "导入失败" in s.text)
    assert "空" in failed.text and "/tmp" not in failed.text
    api.send_document(
        ADMIN, "notitle.txt", "一、工作情况\n全年开展普法宣传5次。\n".encode(), caption="新镇 2023"
    )
    await api.wait_for(lambda s: s.method == "editMessageText" and "新镇 2023年" in s.text)
    api.send_document(1001, "x.txt", b"whatever")
    await api.wait_for(lambda s: s.chat_id == 1001 and "只有管理员" in s.text)


async def test_template_upload_with_syntax_error_is_refused(api: FakeBotAPI) -> None:
    api.send_document(
        ADMIN, "short.md.j2", "一\n二\n{{ title }\n".encode(), caption="/template_set short 试试"
    )
    (refused,) = await api.wait_for(lambda s: s.chat_id == ADMIN and "模板有误" in s.text)
    assert "第 3 行" in refused.text
    good = "# {{ title }}\n{% for p in plans %}- {{ p.label }}\n{% endfor %}"
    api.send_document(ADMIN, "short.md.j2", good.encode(), caption="/template_set short 精简版")
    await api.wait_for(lambda s: s.chat_id == ADMIN and "第 1 版" in s.text)
    api.send_text(ADMIN, "/template_history short")
    api.send_text(ADMIN, "/template short")
    await api.wait_for(
        lambda s: s.chat_id == ADMIN and "精简版" in s.text and "telegram:9001" in s.text
    )
    (sent_file,) = await api.wait_for(to(ADMIN, "sendDocument"))
    assert sent_file.document == good.encode()
    api.send_text(ADMIN, "/template_revert default 0")
    await api.wait_for(lambda s: s.chat_id == ADMIN and "已恢复" in s.text)
    api.send_text(1002, "/templates")
    await api.wait_for(lambda s: s.chat_id == 1002 and "只有管理员" in s.text)


async def test_stranger_is_refused_and_learns_nothing(api: FakeBotAPI) -> None:
    api.send_text(STRANGER, "辛口镇2022年法律顾问审查了多少份合同？")
    api.send_text(STRANGER, "/reports")
    api.send_document(STRANGER, "x.txt", b"abc")
    await asyncio.sleep(1.5)
    replies = [s for s in api.sent if s.chat_id == STRANGER]
    assert replies and all(s.method == "sendMessage" for s in replies)
    for reply in replies:
        assert str(STRANGER) in reply.text and "管理员" in reply.text
        assert "284" not in reply.text and "辛口镇" not in reply.text


async def test_group_answers_only_when_mentioned(api: FakeBotAPI) -> None:
    group = -100123
    api.send_text(1001, "辛口镇2022年法律顾问审查了多少份合同？", chat_id=group)
    api.send_text(1001, "@townreport_test_bot 辛口镇2021年排查了多少起矛盾纠纷", chat_id=group)
    (reply,) = await api.wait_for(to(group))
    await asyncio.sleep(0.5)
    assert [s for s in api.sent if s.chat_id == group and s.method == "sendMessage"] == [reply]
    assert "80起" in reply.text


async def test_burst_of_questions_from_five_users(api: FakeBotAPI) -> None:
    questions = [
        "辛口镇2021年法律顾问审查了多少份合同？",
        "杨柳青镇2023年行政处罚金额是多少？",
        "张家窝镇现在有多少台执法记录仪",
        "八里台镇2024年受理了多少件行政复议案件",
    ]
    for user in USERS:
        for q in questions:
            api.send_text(user, q)
    answered: list[Sent] = await api.wait_for(
        lambda s: s.method == "sendMessage" and s.chat_id in USERS, count=20, timeout=120
    )
    assert len(answered) == 20
    assert sum("43台" in s.text for s in answered) == 5


async def test_long_replies_are_split(api: FakeBotAPI) -> None:
    api.send_text(1002, "/figures 张家窝镇 2020")
    replies = await api.wait_for(to(1002))
    assert all(len(r.text) <= 4096 for r in replies)


async def test_a_failing_update_does_not_stop_the_bot(
    api: FakeBotAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.telegram

    real_ask = bot.telegram.ask

    def flaky(store, text, k):  # type: ignore[no-untyped-def]
        if "炸" in text:
            raise RuntimeError("boom")
        return real_ask(store, text, k)

    monkeypatch.setattr(bot.telegram, "ask", flaky)
    api.send_text(1003, "炸一下")
    (oops,) = await api.wait_for(to(1003))
    assert "出错了" in oops.text and "boom" not in oops.text and "Traceback" not in oops.text
    api.send_text(1003, "张家窝镇现在有多少台执法记录仪")
    await api.wait_for(lambda s: s.chat_id == 1003 and "43台" in s.text)


async def test_admin_removes_a_report_after_confirming(
    api: FakeBotAPI, loaded_store: Store
) -> None:
    api.send_text(1001, "/remove 辛口镇 2022")
    (refused,) = await api.wait_for(to(1001))
    assert "只有管理员" in refused.text
    api.send_text(ADMIN, "/remove 西青辛口 2022")
    (asked,) = await api.wait_for(lambda s: s.chat_id == ADMIN and "将删除" in s.text)
    assert "辛口镇 2022年" in asked.text and "1 个版本" in asked.text
    markup = str(asked.message["reply_markup"]) if asked.message else ""
    assert "确认删除" in markup and "取消" in markup
    api.press(ADMIN, asked.message, "rm:cancel")
    await api.wait_for(lambda s: s.method == "editMessageText" and "已取消" in s.text)
    assert loaded_store.available()["辛口镇"] == (2021, 2022)
    place_id = loaded_store.available().ids["辛口镇"]
    api.press(1001, asked.message, f"rm:{place_id}:2022")  # not an admin: nothing happens
    api.press(ADMIN, asked.message, f"rm:{place_id}:2022")
    await api.wait_for(lambda s: s.method == "editMessageText" and "已删除" in s.text)
    assert loaded_store.available()["辛口镇"] == (2021,)
    api.send_text(ADMIN, "/remove 辛口镇 2022")
    await api.wait_for(lambda s: s.chat_id == ADMIN and "未找到" in s.text)
