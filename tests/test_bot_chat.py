"""The chat as people use it: no command-line words, no silence, captions and /draft as typed,
long replies split into well-formed messages, template errors named, rate limits for all.

The real Application, over real HTTP, against the fake Bot API on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import re
from collections.abc import AsyncIterator
from html.parser import HTMLParser

import docx
import pytest

from bot.telegram import build_application
from corpus.settings import Settings
from corpus.storage.store import Store
from tests.fakebot import FakeBotAPI, Sent

USER, ADMIN, STRANGER = 1001, 9001, 6666
CLI_WORDS = ("--town", "--year", "--db", "townreport ingest", "townreport ")


async def running(
    store: Store,
    settings: Settings,
    limits: tuple[int, int] = (30, 3),
    users: frozenset[int] = frozenset({USER}),
) -> AsyncIterator[FakeBotAPI]:
    """The real Application polling a fake Bot API on 127.0.0.1, for as long as it is used."""
    fake = FakeBotAPI().start()
    bot_settings = settings.with_(
        telegram_token=fake.token,
        telegram_base_url=fake.base_url,
        telegram_base_file_url=fake.base_file_url,
        allowed_users=users,
        admins=frozenset({ADMIN}),
    )
    app = build_application(bot_settings, store, limits=limits)
    async with app:
        await app.start()
        assert app.updater
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield fake
        finally:
            await app.updater.stop()
            await app.stop()
    fake.stop()


@pytest.fixture
async def api(loaded_store: Store, settings: Settings) -> AsyncIterator[FakeBotAPI]:
    async for fake in running(loaded_store, settings):
        yield fake


def to(chat: int, method: str = "sendMessage"):  # type: ignore[no-untyped-def]
    return lambda s: s.chat_id == chat and s.method == method


def edited(text: str):  # type: ignore[no-untyped-def]
    return lambda s: s.method == "editMessageText" and text in s.text


async def test_no_reply_speaks_the_command_line(api: FakeBotAPI) -> None:
    asks = [
        "辛口镇2023年执法记录仪有多少台",
        "不存在镇2022年审查了多少份合同",
        "/figures 辛口镇 2030",
        "/compare 不存在镇 2021 2022",
        "/reports 不存在",
        "/draft 辛口镇 2020",
        "/draft 不存在镇 2023",
    ]
    for text in asks:
        api.send_text(USER, text)
    answers = await api.wait_for(to(USER), count=len(asks), timeout=120)
    for answer in answers:
        assert not any(w in answer.text for w in CLI_WORDS), answer.text
        assert "出错了" not in answer.text
    texts = " ".join(a.text for a in answers)
    assert (
        "未找到辛口镇2023年的报告。已有：2021、2022。管理员可以直接在这里发送报告文件导入。"
        in texts
    )
    assert "没有辛口镇2020年以前的报告可作起草依据（已有：2021、2022）" in texts
    assert "管理员可以先发送辛口镇2019年的报告文件导入" in texts


async def test_captions_as_people_write_them(api: FakeBotAPI) -> None:
    body = "一、工作情况\n全年开展普法宣传5次。\n".encode()
    for caption, year in (("新镇 2023", 2023), ("新镇2024年", 2024), ("2025 新镇", 2025)):
        api.send_document(ADMIN, f"新镇{year}.txt", body, caption=caption)
        await api.wait_for(edited(f"已导入：新镇 {year}年"), timeout=60)
    api.send_document(ADMIN, "无名.txt", body)
    (failed,) = await api.wait_for(edited("导入失败"), timeout=60)
    assert "无法从标题、正文或落款中识别乡镇名称、报告年度" in failed.text
    assert "说明栏" in failed.text and "--" not in failed.text and "/tmp" not in failed.text
    api.send_document(ADMIN, "x.txt", body, caption="随便写写")
    (usage,) = await api.wait_for(lambda s: s.chat_id == ADMIN and "说明栏请写" in s.text)
    assert "2023 辛口镇" in usage.text


async def test_no_silence(api: FakeBotAPI) -> None:
    api.send_text(USER, "/nosuch")
    (short,) = await api.wait_for(to(USER))
    assert "没有这个命令" in short.text and "/help" in short.text
    api.send_text(USER, "/figures 辛口镇")
    api.send_text(USER, "/draft 辛口镇")
    usages = await api.wait_for(to(USER), count=3)
    later = [u.text for u in usages[1:]]  # updates are handled concurrently: in either order
    assert any("用法：/figures" in t for t in later) and any("用法：/draft" in t for t in later)


async def test_draft_without_a_space_and_with_a_template(api: FakeBotAPI) -> None:
    api.send_text(USER, "/draft 八里台镇2025")
    (first,) = await api.wait_for(to(USER, "sendDocument"), timeout=60)
    paragraphs = docx.Document(io.BytesIO(first.document or b"")).paragraphs
    title = next(p for p in paragraphs if p.style.name == "Title")  # after the 红头 and 文号
    assert title.text.startswith("八里台镇2025年度")
    short = "# {{ town }}{{ year }}年数字表\n{% for f in figures %}- {{ f.label }}\n{% endfor %}"
    api.send_document(ADMIN, "t.md.j2", short.encode(), caption="/template_set 数字表 精简")
    await api.wait_for(lambda s: s.chat_id == ADMIN and "已保存" in s.text, timeout=60)
    api.send_text(USER, "/draft 辛口镇2023年 数字表")
    docs = await api.wait_for(to(USER, "sendDocument"), count=2, timeout=60)
    opened = docx.Document(io.BytesIO(docs[1].document or b""))
    assert opened.paragraphs[0].text == "辛口镇2023年数字表"

    api.send_text(USER, "/draft")
    (towns,) = await api.wait_for(lambda s: s.chat_id == USER and "哪个乡镇" in s.text)
    api.press(USER, towns.message, "dt:辛口镇")
    (years,) = await api.wait_for(edited("哪一年"))
    api.press(USER, years.message, "dy:辛口镇:2023")
    (choose,) = await api.wait_for(edited("用哪个模板"))
    assert "dm:辛口镇:2023:数字表" in str(choose.message["reply_markup"])
    assert "dm:辛口镇:2023:default" in str(choose.message["reply_markup"])
    api.press(USER, choose.message, "dm:辛口镇:2023:数字表")
    docs = await api.wait_for(to(USER, "sendDocument"), count=3, timeout=60)
    assert docx.Document(io.BytesIO(docs[2].document or b"")).paragraphs[0].text == (
        "辛口镇2023年数字表"
    )


class _Balanced(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, tag


def well_formed(html: str) -> bool:
    parser = _Balanced()
    parser.feed(html)
    parser.close()
    return not parser.open


def many_figures_report() -> str:
    """A report with a few hundred figures: its /figures reply is far over 4,096 characters."""
    acts = [
        "普法",
        "调解",
        "信访",
        "执法",
        "复议",
        "审查",
        "培训",
        "宣传",
        "巡查",
        "督查",
        "整改",
        "公开",
    ]
    things = ["合同", "案件", "纠纷", "活动", "文件", "事项", "台账", "线索", "意见", "问题"]
    places = ["村街", "社区", "企业"]
    units = ["份", "件", "起", "次", "条", "个", "项", "处"]
    lines = ["长表镇2023年度法治政府建设情况报告", "一、主要举措和成效"]
    for i, (p, a, t) in enumerate(itertools.product(places, acts, things)):
        u = units[i % len(units)]
        lines.append(f"全年{p}{a}{t}{u}数量为{10 + i * 7}{u}。")
    return "\n".join(lines) + "\n"


async def test_a_long_figures_reply_is_split_into_well_formed_messages(api: FakeBotAPI) -> None:
    api.send_document(ADMIN, "长表镇.txt", many_figures_report().encode())
    await api.wait_for(edited("已导入：长表镇 2023年"), timeout=120)
    api.send_text(USER, "/figures 长表镇 2023")
    await api.wait_for(lambda s: s.chat_id == USER and "2523" in s.text, timeout=60)
    await asyncio.sleep(0.5)  # any parts still on their way
    parts = [s for s in api.sent if s.chat_id == USER and s.method == "sendMessage"]
    assert sum(len(p.text) for p in parts) > 2 * 4096, [len(p.text) for p in parts]
    assert len(parts) >= 3
    for part in parts:
        assert len(part.text) <= 4096 and well_formed(part.text), part.text[:80]
    joined = "".join(p.text for p in parts)
    assert all(f"<b>{10 + i * 7}" in joined for i in range(360))
    assert re.search(r"<b>[^<]*\n", joined) is None  # no bold cut across a message


async def test_template_errors_name_the_line_and_the_problem(api: FakeBotAPI) -> None:
    bad = "# 标题\n{{ town | nosuchfilter }}\n"
    api.send_document(ADMIN, "bad.md.j2", bad.encode(), caption="/template_set bad 试试")
    (refused,) = await api.wait_for(lambda s: s.chat_id == ADMIN and "模板有误" in s.text)
    assert "第 2 行" in refused.text and "没有名为 nosuchfilter 的过滤器" in refused.text
    assert "出错了" not in refused.text


async def test_strangers_are_rate_limited_too(api: FakeBotAPI) -> None:
    for i in range(6):
        api.send_text(STRANGER, f"你好{i}")
    await api.wait_for(to(STRANGER), count=3)
    await asyncio.sleep(1.0)
    assert len([s for s in api.sent if s.chat_id == STRANGER]) == 3


async def test_users_are_told_once_when_too_fast(loaded_store: Store, settings: Settings) -> None:
    async for api in running(loaded_store, settings, limits=(3, 1)):
        for _ in range(6):
            api.send_text(USER, "/help")
        replies: list[Sent] = await api.wait_for(to(USER), count=4)
        await asyncio.sleep(1.0)
        replies = [s for s in api.sent if s.chat_id == USER]
        assert len(replies) == 4
        assert sum("太频繁" in r.text for r in replies) == 1
