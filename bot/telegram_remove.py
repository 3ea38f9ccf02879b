"""Administrators remove a place's report of one year in chat: ``/remove 乡镇 年度`` lists what
would go (every version) and asks with two buttons; only 确认删除 deletes."""

from __future__ import annotations

import asyncio
import re
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import replies, texts
from bot.botdata import is_admin, store_of
from corpus.errors import TownreportError

CONFIRM = re.compile(r"^rm:(\d+):(\d{4})$")


def register_remove(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("remove", remove_command))
    app.add_handler(CallbackQueryHandler(remove_answer, pattern=r"^rm:"))


def _is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    return is_admin(context, update.effective_user.id if update.effective_user else None)


async def remove_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    if not _is_admin(update, context):
        await message.reply_text(texts.REMOVE_ADMIN_ONLY)
        return
    args = context.args or []
    if len(args) < 2 or not re.fullmatch(r"(?:19|20)\d{2}年?", args[-1]):
        await message.reply_text(texts.REMOVE_USAGE)
        return
    name, year = " ".join(args[:-1]), int(args[-1][:4])
    store = store_of(context)
    try:
        versions = await asyncio.to_thread(store.remove, name, year, True)
    except TownreportError as exc:
        await message.reply_text(replies.error(exc))
        return
    label = versions[0].town
    place_id = store.available().ids.get(label)
    lines = [texts.REMOVE_WHAT.format(town=escape(label), year=year, count=len(versions))]
    for r in versions:
        state = texts.VERSION_STATE[r.superseded]
        lines.append(
            texts.REMOVE_VERSION.format(
                state=state, title=escape(r.title), source=escape(r.source_name)
            )
        )
    lines.append(texts.REMOVE_SURE)
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.REMOVE_CONFIRM_BUTTON, callback_data=f"rm:{place_id}:{year}"
                ),
                InlineKeyboardButton(texts.REMOVE_CANCEL_BUTTON, callback_data="rm:cancel"),
            ]
        ]
    )
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=buttons)


async def remove_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.message is None:
        return
    await query.answer()
    if not _is_admin(update, context):
        await query.edit_message_text(texts.REMOVE_ADMIN_ONLY)
        return
    m = CONFIRM.match(query.data or "")
    if m is None:
        await query.edit_message_text(texts.REMOVE_CANCELLED)
        return
    store = store_of(context)
    label = store.available().label_of(int(m.group(1)))
    year = int(m.group(2))
    if label is None:
        await query.edit_message_text(texts.REMOVE_GONE_ALREADY)
        return
    try:
        gone = await asyncio.to_thread(store.remove, label, year)
    except TownreportError as exc:
        await query.edit_message_text(replies.error(exc))
        return
    await query.edit_message_text(texts.REMOVED.format(town=label, year=year, count=len(gone)))
