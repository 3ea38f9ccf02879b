"""The installed `townreport bot` command, run as a user runs it, against the fake Bot API.

Each test starts the console script in a subprocess (long polling or a webhook listener on
127.0.0.1), talks to it through tests/fakebot.py as Telegram users would, and stops it with
SIGTERM. Readiness is waited for by watching the calls the bot makes, never by fixed sleeps.
Set TOWNREPORT_TRANSCRIPT=file to have the polling conversation written out (the README's).
"""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from bot.telegram_run import _Redacting
from tests.conftest import SEEDS
from tests.fakebot import (
    BotProcess,
    FakeBotAPI,
    Sent,
)

USER, ADMIN, STRANGER = 1001, 9001, 6666
CLI_WORDS = ("--town", "--year", "--db", "townreport ingest", "townreport ")


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    fake = FakeBotAPI().start()
    yield fake
    fake.stop()


class Conversation:
    """Send as a user, wait for the bot's answers, keep a transcript."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.lines: list[str] = []

    def say(self, user: int, text: str, expect: int = 1, **kwargs: object) -> list[Sent]:
        mark = len(self.api.sent)
        who = "👤" if user != STRANGER else "👤（未登记用户）"
        self.lines.append(f"{who} {text}")
        self.api.send_text(user, text)
        return self._answers(user, mark, expect, **kwargs)

    def upload(self, user: int, name: str, data: bytes, caption: str) -> list[Sent]:
        """The bot's final word on the upload (its progress message edited)."""
        self.lines.append(f"👤（管理员）📎 {name}，说明栏：{caption}")
        self.api.send_document(user, name, data, caption=caption)
        done = self.api.wait(
            lambda s: s.method == "editMessageText" and s.chat_id == user and "导入" in s.text,
            timeout=120,
        )
        self._record(done[-1:])
        return done[-1:]

    def _answers(self, user: int, mark: int, expect: int, timeout: float = 120) -> list[Sent]:
        def mine(s: Sent) -> bool:
            return s in self.api.sent[mark:] and s.chat_id == user and bool(s.text)

        found = self.api.wait(mine, timeout=timeout, count=expect)
        self._record(found)
        return found

    def _record(self, sent: list[Sent]) -> None:
        for s in sent:
            if s.method == "sendDocument":
                size = len(s.document or b"") // 1024
                self.lines.append(f"🤖 📎 {s.params.get('filename')}（{size} KB）")
            self.lines.append("🤖 " + plain(s.text).replace("\n", "\n   "))
        self.lines.append("")


def plain(html: str) -> str:
    import re
    from html import unescape

    text = re.sub(r"<blockquote expandable>(.*?)</blockquote>", _folded, html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", text))


def _folded(m: object) -> str:
    passage = m.group(1)  # type: ignore[attr-defined]
    return f"▸ 展开原文：{passage[:60]}…" if len(passage) > 60 else f"▸ 展开原文：{passage}"


def no_cli_words(sent: list[Sent]) -> None:
    for s in sent:
        for word in CLI_WORDS:
            assert word not in s.text, (word, s.text)


def test_bot_command_conversation_over_long_polling(api: FakeBotAPI, tmp_path: Path) -> None:
    bot = BotProcess(api, tmp_path / "data", users=str(USER), admins=str(ADMIN))
    try:
        bot.wait_ready()
        menu = {c["command"]: c["description"] for c in api.commands}
        assert {"reports", "figures", "compare", "draft", "help"} <= set(menu)
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in d) for d in menu.values())
        chat = Conversation(api)

        (answer,) = chat.say(USER, "辛口镇2022年法律顾问审查了多少份合同？")
        assert "284份" in answer.text
        assert "辛口镇 2022年《辛口镇2022年度法治政府建设情况报告》" in answer.text

        (missing,) = chat.say(USER, "辛口镇2023年执法记录仪有多少台")
        assert "未找到辛口镇2023年的报告。已有：2021、2022。" in missing.text
        assert "管理员可以直接在这里发送报告文件导入" in missing.text
        (nothing,) = chat.say(USER, "北京今天天气怎么样")
        assert "未找到" in nothing.text

        sent_before = len(api.sent)
        chat.say(USER, "/draft 八里台镇2025", expect=2)
        (document,) = [s for s in api.sent[sent_before:] if s.method == "sendDocument"]
        opened = docx.Document(io.BytesIO(document.document or b""))
        title = next(p for p in opened.paragraphs if p.style.name == "Title")  # after 红头, 文号
        assert title.text == "八里台镇2025年度法治政府建设情况报告"

        (hint,) = chat.say(USER, "/nosuchcommand")
        assert "没有这个命令" in hint.text and "/help" in hint.text

        (refused,) = chat.say(STRANGER, "辛口镇2022年法律顾问审查了多少份合同？")
        assert str(STRANGER) in refused.text and "284" not in refused.text

        text = SEEDS[1].read_text(encoding="utf-8")
        text = text.replace("辛口镇", "试点镇").replace("284份", "999份")
        (done,) = chat.upload(ADMIN, "试点镇报告.txt", text.encode("gb18030"), "2022 试点镇")
        assert "试点镇 2022年" in done.text and "已导入" in done.text
        (new,) = chat.say(USER, "试点镇2022年法律顾问审查了多少份合同？")
        assert "999份" in new.text and "试点镇 2022年" in new.text

        no_cli_words([s for s in api.sent if s.text])
    finally:
        status = bot.stop()
    log = bot.log
    assert status == 0, log
    assert "机器人 @townreport_test_bot 已启动（长轮询）" in log and "机器人已停止。" in log
    assert "用户 1001：提问（" in log and "拒绝未登记用户 6666" in log
    assert api.token not in log and api.token.split(":")[1] not in log
    assert "alembic" not in log.lower() and "INFO httpx" not in log and "Traceback" not in log
    assert "Application started" not in log
    transcript = os.environ.get("TOWNREPORT_TRANSCRIPT")
    if transcript:
        Path(transcript).write_text("\n".join(chat.lines), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_bot_command_in_webhook_mode(api: FakeBotAPI, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg"
    bot = BotProcess(
        api,
        tmp_path / "data",
        "--webhook-url",
        url,
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        users=str(USER),
    )
    try:
        bot.wait_ready("setWebhook")
        assert api.webhook and api.webhook[0] == url and len(api.webhook[1]) >= 16
        assert "getUpdates" not in api.calls
        chat = Conversation(api)  # updates are POSTed to the bot's listener from here on
        (answer,) = chat.say(USER, "辛口镇2022年法律顾问审查了多少份合同？")
        assert "284份" in answer.text and "辛口镇 2022年" in answer.text
        forged = urllib.request.Request(
            url,
            data=json.dumps({"update_id": 1}).encode(),
            headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "x"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=30)
        assert refused.value.code == 403
    finally:
        status = bot.stop()
    assert status == 0, bot.log
    assert f"已启动（Webhook {url}，监听 127.0.0.1:{port}）" in bot.log
    assert "getUpdates" not in api.calls


def start_failure(api: FakeBotAPI, tmp_path: Path, *args: str, **kwargs: object) -> str:
    bot = BotProcess(api, tmp_path / "data", *args, **kwargs)  # type: ignore[arg-type]
    status = bot.proc.wait(timeout=120)
    bot.stop()
    assert status != 0
    lines = bot.log.strip().splitlines()
    assert len(lines) == 1, bot.log
    assert lines[0].startswith("错误：") and "Traceback" not in bot.log
    return lines[0]


def test_start_up_mistakes_each_get_one_chinese_line(api: FakeBotAPI, tmp_path: Path) -> None:
    no_token = start_failure(api, tmp_path, users="1", env={"TELEGRAM_BOT_TOKEN": ""})
    assert "没有设置 TELEGRAM_BOT_TOKEN" in no_token
    bad = start_failure(api, tmp_path, users="1", env={"TELEGRAM_BOT_TOKEN": "123:abc"})
    assert "格式不对" in bad and "123:abc" not in bad
    nobody = start_failure(api, tmp_path)
    assert "TOWNREPORT_ALLOWED_USERS" in nobody
    other = "4242:" + "Z" * 35
    rejected = start_failure(api, tmp_path, users="1", env={"TELEGRAM_BOT_TOKEN": other})
    assert "不接受这个令牌" in rejected and other not in rejected
    closed = free_port()
    unreachable = start_failure(
        api, tmp_path, "--base-url", f"http://127.0.0.1:{closed}/bot", users="1"
    )
    assert "连不上 Bot API 服务器（127.0.0.1:" in unreachable
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = start_failure(
            api,
            tmp_path,
            *("--webhook-url", "http://127.0.0.1/tg", "--listen", "127.0.0.1", "--port", port),
            users="1",
        )
    assert f"无法在 127.0.0.1:{port} 上监听：端口已被占用" in busy
    assert not (tmp_path / "data" / "townreport.db").exists()  # nothing done before the checks


def test_the_log_never_shows_the_token() -> None:
    token = FakeBotAPI.token
    formatter = _Redacting(token)
    record = logging.LogRecord(
        "httpx", logging.ERROR, __file__, 1, "POST %s", (f"/bot{token}/getMe",), None
    )
    assert token not in formatter.format(record) and "/bot<令牌>/getMe" in formatter.format(record)


def test_two_bot_processes_share_one_rate_limit(
    api: FakeBotAPI, tmp_path: Path, db_url: str
) -> None:
    """Behind a load balancer: two webhook processes on one database, updates alternating."""
    database = db_url
    bots, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            urls.append(f"http://127.0.0.1:{port}/tg")
            bots.append(
                BotProcess(
                    api,
                    tmp_path / name,
                    *("--webhook-url", urls[-1], "--listen", "127.0.0.1", "--port", str(port)),
                    users=str(USER),
                    env={"TOWNREPORT_DATABASE_URL": database, "TOWNREPORT_RATE_LIMIT": "3"},
                )
            )
            bots[-1].wait_ready("setWebhook")  # the second starts once the first has ingested
            api.calls.clear()
        assert api.webhook
        secret = api.webhook[1]
        for i in range(6):
            api.webhook = (urls[i % 2], secret)  # the balancer sends each update to one of them
            api.send_text(USER, "/help")
        api.wait(lambda s: s.chat_id == USER and "太频繁" in s.text)
        deadline = time.monotonic() + 60
        while sum(bot.log.count("超过频率限制") for bot in bots) < 3:  # all six handled
            assert time.monotonic() < deadline, [bot.log for bot in bots]
            time.sleep(0.1)
        helps = [s for s in api.sent if s.chat_id == USER and "/draft" in s.text]
        assert len(helps) == 3  # three in all, not three per process
    finally:
        statuses = [bot.stop() for bot in bots]
    assert statuses == [0, 0], [bot.log for bot in bots]
