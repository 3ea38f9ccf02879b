"""Sending replies: HTML split to fit, buttons on the last part; chat actions that may fail."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import replies

log = logging.getLogger("townreport.bot")


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
        log.warning("发送“正在输入”失败：%s", exc)
