"""/draft in the chat: "/draft 辛口镇 2023", "/draft 八里台镇2025 数字对照", or step by step
with buttons (town → year → template, when there is more than one). The steps live in the
buttons' data, so any bot process can take the next press."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import replies, texts
from bot.botdata import store_of
from bot.chatargs import place_years
from bot.chatsend import send, typing
from drafting import templates
from drafting.compose import NoSourceReportError, compose
from drafting.document import to_docx

DRAFT_BUTTONS = 12  # towns offered as buttons by /draft; more are asked for by name
CALLBACK_BYTES = 64  # Telegram's limit on a button's data


def register_draft(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("draft", draft_command))
    app.add_handler(CallbackQueryHandler(draft_steps, pattern=r"^d[tym]:"))


async def draft_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message
    if context.args:
        parsed = place_years(" ".join(context.args))
        if parsed is None or len(parsed.years) != 1:
            await send(message, texts.DRAFT_USAGE)
            return
        await send_draft(message, context, parsed.town, parsed.years[0], parsed.rest or None)
        return
    available = await asyncio.to_thread(store_of(context).available)
    if not available:
        await send(message, texts.NO_REPORTS)
        return
    if len(available) > DRAFT_BUTTONS:
        await send(message, replies.many_towns(available))
        return
    buttons = [[InlineKeyboardButton(t, callback_data=f"dt:{t}")] for t in available]
    await send(message, texts.WHICH_TOWN, reply_markup=InlineKeyboardMarkup(buttons))


def _fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= CALLBACK_BYTES


async def draft_steps(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query and query.data
    await query.answer()
    kind, _, rest = query.data.partition(":")
    message = query.message if isinstance(query.message, Message) else None
    if message is None:
        return
    store = store_of(context)
    if kind == "dt":
        years = (await asyncio.to_thread(store.available)).get(rest, [])
        choices = sorted({y + 1 for y in years} | {max(years, default=2020) + 2})
        row = [InlineKeyboardButton(str(y), callback_data=f"dy:{rest}:{y}") for y in choices]
        await message.edit_text(
            texts.WHICH_YEAR.format(town=rest), reply_markup=InlineKeyboardMarkup([row])
        )
        return
    if kind == "dy":
        names = await asyncio.to_thread(templates.all_names, store)
        names = [n for n in names if _fits(f"dm:{rest}:{n}")]
        if len(names) > 1:
            buttons = [[InlineKeyboardButton(n, callback_data=f"dm:{rest}:{n}")] for n in names]
            town, _, year = rest.partition(":")
            await message.edit_text(
                texts.WHICH_TEMPLATE.format(town=town, year=year),
                reply_markup=InlineKeyboardMarkup(buttons),
            )
            return
        rest = f"{rest}:default"
    town, year, template = rest.split(":", 2)
    await message.edit_text(texts.DRAFTING.format(town=town, year=year, template=template))
    await send_draft(message, context, town, int(year), template)


async def send_draft(
    message: Message,
    context: ContextTypes.DEFAULT_TYPE,
    town: str,
    year: int,
    template: str | None = None,
) -> None:
    await typing(context, message.chat_id, ChatAction.UPLOAD_DOCUMENT)
    store = store_of(context)

    def work() -> tuple[Any, bytes] | str:
        try:
            draft = compose(store, town, year, template=template or "default")
        except NoSourceReportError as exc:
            return replies.no_source(exc.place, exc.year, exc.known)
        return draft, to_docx(draft.markdown)

    done = await asyncio.to_thread(work)
    if isinstance(done, str):
        await send(message, done)
        return
    draft, data = done
    name = texts.DRAFT_FILE.format(town=draft.town, year=year)
    await message.reply_document(
        data,
        filename=name,
        caption=texts.DRAFT_CAPTION.format(town=draft.town, year=year),
        do_quote=True,
    )
    await send(message, replies.draft_summary(draft))
