"""Administrators remove a place's report of one year in chat: ``/remove 乡镇 年度`` lists what
would go (every version) and asks with two buttons; only 确认删除 deletes."""

from __future__ import annotations

import asyncio
import re
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.botdata import is_admin, store_of
from corpus.errors import TownreportError

USAGE = "用法：/remove 乡镇 年度，例如 /remove 辛口镇 2022（会先列出将删除的内容，确认后才删除）。"
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
        await message.reply_text("只有管理员可以删除报告。")
        return
    args = context.args or []
    if len(args) < 2 or not re.fullmatch(r"(?:19|20)\d{2}年?", args[-1]):
        await message.reply_text(USAGE)
        return
    name, year = " ".join(args[:-1]), int(args[-1][:4])
    store = store_of(context)
    try:
        versions = await asyncio.to_thread(store.remove, name, year, True)
    except TownreportError as exc:
        await message.reply_text(str(exc).replace("用 townreport ingest 导入。", ""))
        return
    label = versions[0].town
    place_id = store.available().ids.get(label)
    lines = [f"将删除 <b>{escape(label)} {year}年</b> 的报告，共 {len(versions)} 个版本："]
    for r in versions:
        state = "历史版本" if r.superseded else "当前版本"
        lines.append(f"• {state}《{escape(r.title)}》← {escape(r.source_name)}")
    lines.append("删除后无法恢复，确定吗？")
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("确认删除", callback_data=f"rm:{place_id}:{year}"),
                InlineKeyboardButton("取消", callback_data="rm:cancel"),
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
        await query.edit_message_text("只有管理员可以删除报告。")
        return
    m = CONFIRM.match(query.data or "")
    if m is None:
        await query.edit_message_text("已取消，未删除任何内容。")
        return
    store = store_of(context)
    label = store.available().label_of(int(m.group(1)))
    year = int(m.group(2))
    if label is None:
        await query.edit_message_text("这份报告已经不在了（可能已被删除）。")
        return
    try:
        gone = await asyncio.to_thread(store.remove, label, year)
    except TownreportError as exc:
        await query.edit_message_text(str(exc))
        return
    await query.edit_message_text(f"已删除：{label} {year}年的报告（{len(gone)} 个版本）。")
