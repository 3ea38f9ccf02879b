"""Administrators' chat commands: report uploads and template management."""

from __future__ import annotations

import asyncio
import re
import tempfile
from html import escape
from pathlib import Path

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import replies, texts
from bot.botdata import is_admin, settings_of, store_of
from bot.chatargs import place_years
from corpus.errors import TownreportError
from corpus.ingest import IngestResult, ingest_file
from corpus.reading.files import SUPPORTED
from corpus.settings import Settings
from corpus.storage.store import Store
from drafting import templates

TEMPLATE_SET = re.compile(r"^/template_set(?:@\w+)?\s+(\S+)\s*(.*)$", re.S)


def register_admin(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(
        MessageHandler(
            filters.Document.ALL & filters.CaptionRegex(r"^/template_set"), template_upload
        )
    )
    app.add_handler(MessageHandler(filters.Document.ALL, report_upload))
    app.add_handler(CommandHandler("templates", templates_command))
    app.add_handler(CommandHandler("template", template_command))
    app.add_handler(CommandHandler("template_history", template_history))
    app.add_handler(CommandHandler("template_revert", template_revert))


async def _admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Message | None:
    """The message, if an administrator sent it; otherwise say so and return None."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return None
    if not is_admin(context, user.id):
        await message.reply_text(texts.ADMIN_ONLY)
        return None
    return message


def _author(update: Update) -> str:
    return f"telegram:{update.effective_user.id}" if update.effective_user else "telegram"


async def report_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None or message.document is None:
        return
    document = message.document
    name = Path(document.file_name or "report.txt").name
    settings = settings_of(context)
    if Path(name).suffix.lower() not in SUPPORTED:
        await message.reply_text(texts.ONLY_IMPORTS.format(name=name))
        return
    if document.file_size and document.file_size > settings.max_file_mb * 1_000_000:
        await message.reply_text(texts.FILE_TOO_LARGE.format(name=name, mb=settings.max_file_mb))
        return
    town = year = None
    if message.caption:
        parsed = place_years(message.caption)
        if parsed is None or len(parsed.years) != 1 or parsed.rest:
            await message.reply_text(texts.CAPTION_USAGE)
            return
        town, year = parsed.town, parsed.years[0]
    progress = await message.reply_text(texts.IMPORTING.format(name=name), do_quote=True)
    file = await document.get_file()
    data = await file.download_as_bytearray()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(bytes(data))
        result, problem = await asyncio.to_thread(
            _ingest, store_of(context), path, settings, town, year
        )
    reply = replies.upload_failed(name, problem) if result.error else replies.ingested(result, name)
    await progress.edit_text(reply, parse_mode=ParseMode.HTML)


def _ingest(
    store: Store, path: Path, settings: Settings, town: str | None, year: int | None
) -> tuple[IngestResult, TownreportError | None]:
    """Ingest one upload; when it fails, the typed error the reply is worded from."""
    result = ingest_file(store, path, settings, town, year)
    return result, result.error


async def template_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None or message.document is None:
        return
    m = TEMPLATE_SET.match(message.caption or "")
    if not m:
        await message.reply_text(texts.TEMPLATE_SET_USAGE)
        return
    name, note = m.group(1), m.group(2).strip()
    data = await (await message.document.get_file()).download_as_bytearray()
    try:
        text = bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.reply_text(texts.NOT_UTF8)
        return
    saved, checked = await asyncio.to_thread(
        templates.save, store_of(context), name, text, _author(update), note
    )
    lines = [texts.TEMPLATE_SAVED.format(name=escape(name), version=saved.version)]
    lines += [
        texts.TEMPLATE_WARNING.format(warning=escape(texts.template_warning(w)))
        for w in checked.warnings
    ]
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML, do_quote=True)


async def templates_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    rows = await asyncio.to_thread(templates.listing, store_of(context))
    lines = [
        texts.TEMPLATE_LINE.format(
            name=escape(t.name),
            source=texts.TEMPLATE_SOURCE[t.builtin],
            version=t.version,
            message=escape(t.message),
        )
        for t in rows
    ]
    await message.reply_text("\n".join([texts.TEMPLATES_TITLE, *lines]), parse_mode=ParseMode.HTML)


async def template_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    if len(context.args or []) != 1:
        await message.reply_text(texts.TEMPLATE_USAGE)
        return
    name = (context.args or [""])[0]
    text = await asyncio.to_thread(templates.source, store_of(context), name)
    await message.reply_document(
        text.encode("utf-8"),
        filename=f"{name}.md.j2",
        caption=texts.TEMPLATE_CAPTION.format(name=name),
    )


async def template_history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    if len(context.args or []) != 1:
        await message.reply_text(texts.TEMPLATE_HISTORY_USAGE)
        return
    name = (context.args or [""])[0]
    entries = await asyncio.to_thread(templates.history, store_of(context), name)
    lines = [
        texts.TEMPLATE_HISTORY_LINE.format(
            version=e.version,
            author=escape(e.author),
            when=e.created_at.strftime("%Y-%m-%d %H:%M") if e.created_at else "—",
            message=escape(e.message),
        )
        for e in entries
    ]
    title = texts.TEMPLATE_HISTORY_TITLE.format(name=escape(name))
    await message.reply_text("\n".join([title, *lines]), parse_mode=ParseMode.HTML)


async def template_revert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    args = context.args or []
    if len(args) != 2 or not args[1].isdigit():
        await message.reply_text(texts.TEMPLATE_REVERT_USAGE)
        return
    saved = await asyncio.to_thread(
        templates.revert, store_of(context), args[0], int(args[1]), _author(update)
    )
    await message.reply_text(
        texts.TEMPLATE_REVERTED.format(name=args[0], version=saved.version, old=args[1])
    )
