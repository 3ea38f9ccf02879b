"""Starting and stopping `townreport bot`: checks first, then long polling or a webhook.

Everything a person can get wrong is checked before the bot runs, each with one Chinese line
(no traceback): a missing or malformed token, an empty allowlist, a Bot API that cannot be
reached or refuses the token, a port that cannot be listened on. The log has one line per
event in Chinese and never the token; libraries' INFO chatter (alembic, httpx, PTB) stays out.
SIGTERM and SIGINT stop it cleanly (exit status 0).
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import logging
import re
import socket
import sys
from collections.abc import Callable
from urllib.parse import urlsplit

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot import texts
from bot.bot_settings import BotSettings
from bot.telegram import build_application
from corpus.errors import TownreportError
from corpus.search import prepare
from corpus.settings import Settings
from corpus.storage.store import Store

log = logging.getLogger("townreport.bot")
TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")  # what @BotFather hands out: id, colon, secret


class BotStartError(TownreportError):
    """The bot cannot start; the message says why and what to do."""


class _Redacting(logging.Formatter):
    """Never write the token, wherever it turns up (an URL in an exception, say)."""

    def __init__(self, token: str) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
        self.token = token

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace(self.token, "<令牌>")


def configure_logging(token: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Redacting(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)  # alembic, httpx, telegram: warnings and errors only
    logging.getLogger("townreport").setLevel(logging.INFO)


def check(bot: BotSettings) -> str:
    """The token, once the settings hold everything the bot needs."""
    token = (bot.token or "").strip()
    if not token:
        raise BotStartError(
            "没有设置 TELEGRAM_BOT_TOKEN。请向 @BotFather 申请机器人令牌，再设置这个环境变量。"
        )
    if not TOKEN.match(token):
        raise BotStartError(
            "TELEGRAM_BOT_TOKEN 的格式不对：应形如 123456789:AA…（数字、冒号、约 35 位字母数字），"
            "请从 @BotFather 的消息里完整复制。"
        )
    if not bot.users:
        raise BotStartError(
            "TOWNREPORT_ALLOWED_USERS 和 TOWNREPORT_ADMINS 都为空，机器人不会回答任何人。"
            "请至少设置一个 Telegram 用户 ID（逗号分隔）。"
        )
    return token


async def _preflight(bot: BotSettings, token: str) -> str:
    """Ask the Bot API who we are; its username, or a BotStartError saying what is wrong."""
    urls = {}
    if bot.base_url:
        urls["base_url"] = bot.base_url
    if bot.base_file_url:
        urls["base_file_url"] = bot.base_file_url
    where = urlsplit(bot.base_url or "https://api.telegram.org").netloc
    try:
        async with Bot(token, **urls) as client:
            return client.username
    except InvalidToken as exc:
        raise BotStartError(
            f"Bot API 服务器（{where}）不接受这个令牌。请向 @BotFather 核对 TELEGRAM_BOT_TOKEN。"
        ) from exc
    except NetworkError as exc:
        raise BotStartError(
            f"连不上 Bot API 服务器（{where}）。请检查网络、代理，或自建服务器的地址。"
        ) from exc
    except TelegramError as exc:
        raise BotStartError(f"Bot API 服务器（{where}）拒绝了请求：{exc.message}") from exc


LISTEN_ERRORS = {
    errno.EADDRINUSE: "端口已被占用（是不是已经有一个机器人在运行？）",
    errno.EACCES: "没有权限（1024 以下的端口需要管理员权限）",
    errno.EADDRNOTAVAIL: "本机没有这个地址",
}


def _listen_problem(listen: str, port: int, exc: OSError) -> BotStartError:
    why = LISTEN_ERRORS.get(exc.errno or 0, exc.strerror or str(exc))
    return BotStartError(
        f"无法在 {listen}:{port} 上监听：{why}。请换一个端口（--port）或地址（--listen）。"
    )


def check_port(listen: str, port: int) -> None:
    """Fail before starting if the webhook listener could not bind ``listen:port``."""
    family = socket.AF_INET6 if ":" in listen else socket.AF_INET
    with socket.socket(family) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the listener does
        try:
            probe.bind((listen, port))
        except OSError as exc:
            raise _listen_problem(listen, port, exc) from exc


def _menu(pairs: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, about) for name, about in pairs]


def _announcer(bot: BotSettings, mode: str) -> Callable[[Application], object]:  # type: ignore[type-arg]
    async def announce(app: Application) -> None:  # type: ignore[type-arg]
        """Register the Chinese command menu (admins see theirs too) and say we are up."""
        await app.bot.set_my_commands(_menu(texts.MENU))
        for admin in sorted(bot.admins):
            try:
                await app.bot.set_my_commands(
                    _menu(texts.ADMIN_MENU), scope=BotCommandScopeChat(admin)
                )
            except TelegramError as exc:  # the admin has not opened a chat with the bot yet
                log.warning("未能为管理员 %s 设置命令菜单：%s", admin, exc.message)
        who = len(bot.users)
        log.info("机器人 @%s 已启动（%s），%d 位登记用户。", app.bot.username, mode, who)

    return announce


def run(settings: Settings, bot: BotSettings, open_store: Callable[[], Store]) -> None:
    """Check, connect, then run until SIGTERM/SIGINT: long polling, or a webhook listener."""
    token = check(bot)
    webhook_url, listen, port = bot.webhook_url, bot.listen, bot.port
    if webhook_url:
        check_port(listen, port)
    configure_logging(token)
    asyncio.run(_preflight(bot, token))
    store = open_store()
    prepare(store)  # the first question then answers as fast as the next
    mode = f"Webhook {webhook_url}，监听 {listen}:{port}" if webhook_url else "长轮询"
    app = build_application(settings, bot, store, post_init=_announcer(bot, mode))
    try:
        if webhook_url:
            app.run_webhook(
                listen=listen,
                port=port,
                url_path=urlsplit(webhook_url).path.lstrip("/"),
                webhook_url=webhook_url,
                secret_token=hashlib.sha256(token.encode()).hexdigest()[:32],
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except OSError as exc:
        raise _listen_problem(listen, port, exc) from exc
    except NetworkError as exc:
        raise BotStartError("与 Bot API 服务器的连接中断，机器人已停止。") from exc
    finally:
        store.close()
    log.info("机器人已停止。")
