"""The Telegram adapter: python-telegram-bot handlers over the sync library.

Every library call runs in a worker thread (``asyncio.to_thread``) and opens its own database
session, so nothing is shared across awaits. The bot keeps no state that another process
would need: "更多结果" re-runs the question it replied to, /draft keeps its steps in buttons.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageEntity, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import TelegramError
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

from bot import replies
from bot.botdata import attach, settings_of, store_of
from bot.telegram_admin import register_admin
from bot.telegram_remove import register_remove
from corpus.errors import TownreportError
from corpus.search import ask
from corpus.series import compare_years
from corpus.settings import Settings
from corpus.store import Store, open_store
from drafting.compose import compose
from drafting.document import to_docx

log = logging.getLogger("townreport.bot")
PAGE = 3
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


class RateLimit:
    """At most ``limit`` updates per user in ``window`` seconds (per process)."""

    def __init__(self, limit: int = 30, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[int, deque[float]] = defaultdict(deque)

    def allow(self, user_id: int) -> bool:
        now = time.monotonic()
        seen = self._seen[user_id]
        while seen and now - seen[0] > self.window:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True


def build_application(settings: Settings, store: Store | None = None) -> Application:
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
    app = builder.build()
    attach(app, store or open_store(settings.database_url), settings)
    app.bot_data["limit"] = RateLimit()
    app.add_handler(TypeHandler(Update, gatekeeper), group=-1)
    app.add_handler(CommandHandler(["start", "help"], help_command))
    app.add_handler(CommandHandler("reports", reports_command))
    app.add_handler(CommandHandler("figures", figures_command))
    app.add_handler(CommandHandler("compare", compare_command))
    app.add_handler(CommandHandler("draft", draft_command))
    app.add_handler(CallbackQueryHandler(more_results, pattern=r"^more:\d+$"))
    app.add_handler(CallbackQueryHandler(draft_steps, pattern=r"^d[ty]:"))
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
    app.add_error_handler(on_error)
    return app


async def gatekeeper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Strangers get one polite reply with their id and nothing else; everyone is rate limited."""
    user = update.effective_user
    if user is None:
        raise ApplicationHandlerStop
    settings = settings_of(context)
    if user.id not in settings.allowed_users | settings.admins:
        log.info("refused user %s", user.id)
        if update.callback_query:
            await update.callback_query.answer("未授权", show_alert=False)
        elif (
            update.effective_message
            and update.effective_chat
            and update.effective_chat.type == "private"
        ):
            await update.effective_message.reply_text(
                replies.stranger(user.id), parse_mode=ParseMode.HTML
            )
        raise ApplicationHandlerStop
    if not context.bot_data["limit"].allow(user.id):
        if update.effective_message:
            await update.effective_message.reply_text("提问太频繁了，请稍等一分钟再试。")
        raise ApplicationHandlerStop


async def send(message: Message, html: str, **kwargs: Any) -> Message:
    """Reply with HTML, split into several messages if needed; the last one gets the buttons."""
    parts = replies.split(html)
    markup = kwargs.pop("reply_markup", None)
    sent = message
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        sent = await message.reply_text(
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=markup if last else None,
            do_quote=True,
            **kwargs,
        )
    return sent


async def typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int, action: str) -> None:
    """Show "typing…"; it is only a courtesy, so a failure here must not cost the answer."""
    try:
        await context.bot.send_chat_action(chat_id, action)
    except TelegramError as exc:
        log.warning("chat action failed: %s", exc)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await send(update.effective_message, replies.HELP)


async def reports_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    store = store_of(context)
    rows = await asyncio.to_thread(store.reports)
    if context.args:  # one town: "/reports 辛口"
        town = await asyncio.to_thread(store.resolve_town, " ".join(context.args))
        rows = [r for r in rows if r.town == town]
    await send(update.effective_message, replies.reports(rows))


def _args(context: ContextTypes.DEFAULT_TYPE, count: int) -> tuple[str, list[int]] | None:
    args = context.args or []
    if len(args) != count or not all(a.isdigit() for a in args[1:]):
        return None
    return args[0], [int(a) for a in args[1:]]


async def figures_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    parsed = _args(context, 2)
    if parsed is None:
        await send(update.effective_message, "用法：/figures 乡镇 年度，例如 /figures 辛口镇 2022")
        return
    town, (year,) = parsed
    store = store_of(context)
    items = await asyncio.to_thread(store.figures, town, year)
    pairs = [(p.figure.label, p.figure.as_written) for p in items]
    resolved = await asyncio.to_thread(store.resolve_town, town, year)
    await send(update.effective_message, replies.figures(resolved, year, pairs))


async def compare_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    parsed = _args(context, 3)
    if parsed is None:
        await send(
            update.effective_message,
            "用法：/compare 乡镇 年度1 年度2，例如 /compare 辛口镇 2021 2022",
        )
        return
    town, (first, second) = parsed
    first, second = sorted((first, second))
    result = await asyncio.to_thread(compare_years, store_of(context), town, first, second)
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
    answer = await asyncio.to_thread(ask, store_of(context), text, PAGE + 1)
    if not answer.hits:
        await send(message, replies.not_found(answer.hint))
        return
    markup = None
    if len(answer.hits) > 1:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data="more:1")]])
    await send(message, replies.hit(answer.hits[0]), reply_markup=markup)


async def more_results(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the next answers to the question the pressed message replied to."""
    query = update.callback_query
    assert query and query.data
    await query.answer()
    shown = query.message if isinstance(query.message, Message) else None
    original = shown.reply_to_message if shown else None
    if shown is None or original is None or not original.text:
        await context.bot.send_message(query.from_user.id, "找不到原来的问题了，请重新提问。")
        return
    start = int(query.data.split(":")[1])
    answer = await asyncio.to_thread(ask, store_of(context), original.text, start + PAGE + 1)
    page = answer.hits[start : start + PAGE]
    if not page:
        await send(original, "没有更多结果了。")
        return
    markup = None
    if len(answer.hits) > start + PAGE:
        data = f"more:{start + PAGE}"
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("更多结果", callback_data=data)]])
    await send(original, replies.hits(page, start + 1), reply_markup=markup)


DRAFT_BUTTONS = 12  # towns offered as buttons by /draft; more are asked for by name


async def draft_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message
    parsed = _args(context, 2)
    if parsed is not None:
        town, (year,) = parsed
        await send_draft(message, context, town, year)
        return
    available = await asyncio.to_thread(store_of(context).available)
    if not available:
        await send(message, "还没有导入任何报告，无法起草。")
        return
    if len(available) > DRAFT_BUTTONS:
        await send(message, replies.many_towns(available))
        return
    buttons = [[InlineKeyboardButton(t, callback_data=f"dt:{t}")] for t in available]
    await send(message, "为哪个乡镇起草？", reply_markup=InlineKeyboardMarkup(buttons))


async def draft_steps(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and query.data
    await query.answer()
    kind, _, rest = query.data.partition(":")
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    if kind == "dt":
        years = (await asyncio.to_thread(store_of(context).available)).get(rest, [])
        choices = sorted({y + 1 for y in years} | {max(years, default=2020) + 2})
        row = [InlineKeyboardButton(str(y), callback_data=f"dy:{rest}:{y}") for y in choices]
        await message.edit_text(
            f"{rest}：起草哪一年的报告？", reply_markup=InlineKeyboardMarkup([row])
        )
        return
    town, _, year = rest.partition(":")
    await message.edit_text(f"正在起草{town}{year}年度报告……")
    await send_draft(message, context, town, int(year))


async def send_draft(
    message: Message, context: ContextTypes.DEFAULT_TYPE, town: str, year: int
) -> None:
    await typing(context, message.chat_id, ChatAction.UPLOAD_DOCUMENT)

    def work() -> tuple[Any, bytes]:
        draft = compose(store_of(context), town, year)
        return draft, to_docx(draft.markdown)

    draft, data = await asyncio.to_thread(work)
    name = f"{draft.town}{year}年度法治政府建设情况报告（草稿）.docx"
    await message.reply_document(
        data, filename=name, caption=f"{draft.town}{year}年度报告草稿", do_quote=True
    )
    await send(message, replies.draft_summary(draft))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Library errors are the user's to fix: say them. Anything else is logged, not shown."""
    error = context.error
    message = update.effective_message if isinstance(update, Update) else None
    if isinstance(error, TownreportError):
        if message:
            await message.reply_text(replies.chat_hint(str(error)))
        return
    log.error("update failed", exc_info=error)
    if message:
        await message.reply_text("抱歉，处理这条消息时出错了，已记录下来。请稍后再试或换个说法。")


def run(settings: Settings, store: Store, webhook_url: str | None, listen: str, port: int) -> None:
    """Run until interrupted: long polling, or a webhook server behind a public URL."""
    app = build_application(settings, store)
    if webhook_url:
        app.run_webhook(
            listen=listen, port=port, webhook_url=webhook_url, allowed_updates=Update.ALL_TYPES
        )
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES)
