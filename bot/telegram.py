"""The Telegram adapter: python-telegram-bot handlers over the sync library.

Every library call runs in a worker thread (``asyncio.to_thread``) and opens its own database
session, so nothing is shared across awaits. The bot keeps no state that another process
would need: "更多结果" re-runs the question it replied to, /draft keeps its steps in buttons,
and the rate limit is counted in the database.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import district_chat, replies, texts
from bot.botdata import attach, settings_of, store_of
from bot.chatargs import place_years
from bot.chatsend import send, typing
from bot.ratelimit import RateLimit
from bot.telegram_admin import register_admin
from bot.telegram_draft import register_draft
from bot.telegram_remove import register_remove
from corpus.errors import TownreportError
from corpus.figures.series import compare_years
from corpus.search.answer import ask
from corpus.settings import Settings
from corpus.storage.store import Store, open_store

log = logging.getLogger("townreport.bot")
PAGE = 3
USER_LIMIT = 30  # updates per user per minute, across all bot processes on the database
STRANGER_LIMIT = 3  # refusals a stranger gets per minute; past that, silence


def build_application(
    settings: Settings,
    store: Store | None = None,
    limits: tuple[int, int] = (USER_LIMIT, STRANGER_LIMIT),
    post_init: Any = None,
) -> Application:  # type: ignore[type-arg]
    """A ready Application for ``settings`` (token, Bot API URLs, allowlist)."""
    if not settings.telegram_token:
        raise TownreportError(
            "没有设置 TELEGRAM_BOT_TOKEN。请向 @BotFather 申请机器人令牌后设置该环境变量。"
        )
    builder = ApplicationBuilder().token(settings.telegram_token).concurrent_updates(True)
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url)
    if settings.telegram_base_file_url:
        builder = builder.base_file_url(settings.telegram_base_file_url)
    if post_init is not None:
        builder = builder.post_init(post_init)
    app = builder.build()
    store = store or open_store(settings.database_url)
    attach(app, store, settings)
    app.bot_data["limits"] = (RateLimit(store, limits[0]), RateLimit(store, limits[1]))
    app.add_handler(TypeHandler(Update, gatekeeper), group=-1)
    app.add_handler(CommandHandler(["start", "help"], help_command))
    app.add_handler(CommandHandler("reports", reports_command))
    app.add_handler(CommandHandler("figures", figures_command))
    district_chat.register(app, compare_command)  # /compare 象山县 2023 …, /check uploads
    app.add_handler(CallbackQueryHandler(more_results, pattern=r"^more:\d+$"))
    register_draft(app)
    register_admin(app)
    register_remove(app)
    asked = filters.TEXT & ~filters.COMMAND
    app.add_handler(
        MessageHandler(
            asked
            & (filters.ChatType.PRIVATE | filters.Entity(MessageEntity.MENTION) | filters.REPLY),
            question,
        )
    )
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    private_other = filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.Document.ALL
    app.add_handler(MessageHandler(private_other & ~filters.StatusUpdate.ALL, not_text))
    app.add_error_handler(on_error)
    return app


def _event(update: Update) -> str:
    """What happened, for one log line (no message text: it may be anyone's words)."""
    message = update.effective_message
    if update.callback_query:
        return f"按钮 {update.callback_query.data}"
    if message and message.document:
        return f"文件 {message.document.file_name}"
    if message and message.text and message.text.startswith("/"):
        return f"命令 {message.text.split()[0]}"
    if message and message.text:
        return f"提问（{len(message.text)} 字）"
    return "其他消息"


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Strangers get one polite reply with their id and nothing else; everyone is rate limited
    (the count is in the database, so it holds across bot processes)."""
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    settings = settings_of(context)
    known = user.id in settings.allowed_users | settings.admins
    users, strangers = context.bot_data["limits"]
    verdict = await asyncio.to_thread((users if known else strangers).check, user.id)
    if not known:
        log.info("拒绝未登记用户 %s：%s", user.id, _event(update))
        if verdict.allowed:
            await _refuse(update, user.id)
        raise ApplicationHandlerStop
    if not verdict.allowed:
        log.info("用户 %s 超过频率限制：%s", user.id, _event(update))
        if update.callback_query:
            await update.callback_query.answer(texts.TOO_FAST)
        elif verdict.first_refusal and update.effective_message:
            await update.effective_message.reply_text(texts.TOO_FAST)
        raise ApplicationHandlerStop
    log.info("用户 %s：%s", user.id, _event(update))


async def _refuse(update: Update, user_id: int) -> None:
    if update.callback_query:
        await update.callback_query.answer(texts.STRANGER_BUTTON, show_alert=False)
    elif (
        update.effective_message
        and update.effective_chat
        and update.effective_chat.type == "private"
    ):
        await update.effective_message.reply_text(
            texts.stranger(user_id), parse_mode=ParseMode.HTML
        )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await send(update.effective_message, texts.HELP)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have: a short help rather than silence."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0]
    if "@" in command and command.split("@", 1)[1] != context.bot.username:
        return  # meant for another bot in the group
    if message.chat.type == "private" or "@" in command:
        await send(message, texts.SHORT_HELP)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_message:
        await update.effective_message.reply_text(texts.NOT_TEXT)


async def reports_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    store = store_of(context)
    rows = await asyncio.to_thread(store.reports)
    if context.args:  # one town: "/reports 辛口"
        town = await asyncio.to_thread(store.resolve_town, " ".join(context.args))
        rows = [r for r in rows if r.town == town]
    await send(update.effective_message, replies.reports(rows))


async def figures_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    parsed = place_years(" ".join(context.args or []))
    if parsed is None or len(parsed.years) != 1 or parsed.rest:
        await send(update.effective_message, texts.FIGURES_USAGE)
        return
    store, (year,) = store_of(context), parsed.years

    def work() -> tuple[str, list[tuple[str, str]]]:
        town = store.resolve_town(parsed.town, year)
        return town, [(p.figure.label, p.figure.as_written) for p in store.figures(town, year)]

    town, pairs = await asyncio.to_thread(work)
    await send(update.effective_message, replies.figures(town, year, pairs))


async def compare_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    parsed = place_years(" ".join(context.args or []))
    if parsed is None or len(parsed.years) != 2 or parsed.rest:
        await send(update.effective_message, texts.COMPARE_USAGE)
        return
    first, second = sorted(parsed.years)
    result = await asyncio.to_thread(compare_years, store_of(context), parsed.town, first, second)
    await send(update.effective_message, replies.comparison(result))


async def question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message and message.text
    text = message.text
    if message.chat.type != "private":
        username = f"@{context.bot.username}"
        replied_to_bot = bool(
            message.reply_to_message
            and message.reply_to_message.from_user
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if username not in text and not replied_to_bot:
            return
        text = text.replace(username, " ").strip()
    await typing(context, message.chat_id, ChatAction.TYPING)
    if await district_chat.figure_reply(message, store_of(context), text):
        return  # "哪个镇…最多", "各镇…", "这几年…的变化": answered from figures
    answer = await asyncio.to_thread(ask, store_of(context), text, PAGE + 1)
    if not answer.hits:
        await send(message, replies.lead(answer) + replies.not_found(answer.hint, answer.reason))
        return
    markup = None
    if len(answer.hits) > 1:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data="more:1")]])
    await send(message, replies.lead(answer) + replies.hit(answer.hits[0]), reply_markup=markup)


async def more_results(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the next answers to the question the pressed message replied to."""
    query = update.callback_query
    assert query and query.data
    await query.answer()
    shown = query.message if isinstance(query.message, Message) else None
    original = shown.reply_to_message if shown else None
    if shown is None or original is None or not original.text:
        await context.bot.send_message(query.from_user.id, texts.NO_QUESTION)
        return
    start = int(query.data.split(":")[1])
    answer = await asyncio.to_thread(ask, store_of(context), original.text, start + PAGE + 1)
    page = answer.hits[start : start + PAGE]
    if not page:
        await send(original, texts.NO_MORE)
        return
    markup = None
    if len(answer.hits) > start + PAGE:
        data = f"more:{start + PAGE}"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data=data)]])
    await send(original, replies.hits(page, start + 1), reply_markup=markup)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Library errors are the user's to fix: word them. Anything else is logged, not shown."""
    error = context.error
    message = update.effective_message if isinstance(update, Update) else None
    if isinstance(error, TownreportError):
        log.info("未完成：%s", type(error).__name__)
        if message:
            await message.reply_text(replies.error(error))
        return
    log.error("处理消息时出错", exc_info=error)
    if message:
        await message.reply_text(texts.FAILED)
