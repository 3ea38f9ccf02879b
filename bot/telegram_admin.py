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
from bot.botdata import settings_of, store_of
from bot.chatargs import place_years
from corpus.errors import TownreportError
from corpus.ingest import IngestResult, ingest_file, parse_file
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
    if user.id not in settings_of(context).admins:
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
        await message.reply_text(f"{name}：只能导入 .txt、.docx、.pdf 文件。")
        return
    if document.file_size and document.file_size > settings.max_file_mb * 1_000_000:
        await message.reply_text(f"{name}：文件过大（上限 {settings.max_file_mb:g} MB）。")
        return
    town = year = None
    if message.caption:
        parsed = place_years(message.caption)
        if parsed is None or len(parsed.years) != 1 or parsed.rest:
            await message.reply_text(texts.CAPTION_USAGE)
            return
        town, year = parsed.town, parsed.years[0]
    progress = await message.reply_text(f"正在导入《{name}》……", do_quote=True)
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
    """Ingest one upload; when it fails, read it once more for the typed error, so the
    reply is worded from its fields (the result carries only a sentence for the terminal)."""
    result = ingest_file(store, path, settings, town, year)
    if not result.error:
        return result, None
    try:
        parse_file(path, settings, town, year)
    except TownreportError as exc:
        return result, exc
    return result, None


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
    lines = [f"已保存：模板“{escape(name)}”第 {saved.version} 版。"]
    lines += [f"提醒：{escape(w)}" for w in checked.warnings]
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML, do_quote=True)


async def templates_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    rows = await asyncio.to_thread(templates.listing, store_of(context))
    lines = [
        f"• <b>{escape(t.name)}</b>（{'内置' if t.builtin else '自定义'}）第 {t.version} 版 {escape(t.message)}"
        for t in rows
    ]
    await message.reply_text("<b>模板</b>\n" + "\n".join(lines), parse_mode=ParseMode.HTML)


async def template_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    if len(context.args or []) != 1:
        await message.reply_text("用法：/template 模板名称")
        return
    name = (context.args or [""])[0]
    text = await asyncio.to_thread(templates.source, store_of(context), name)
    await message.reply_document(
        text.encode("utf-8"), filename=f"{name}.md.j2", caption=f"模板“{name}”当前版本"
    )


async def template_history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    if len(context.args or []) != 1:
        await message.reply_text("用法：/template_history 模板名称")
        return
    name = (context.args or [""])[0]
    entries = await asyncio.to_thread(templates.history, store_of(context), name)
    lines = [
        f"第 {e.version} 版 · {escape(e.author)} · "
        f"{e.created_at.strftime('%Y-%m-%d %H:%M') if e.created_at else '—'} · {escape(e.message)}"
        for e in entries
    ]
    await message.reply_text(
        f"<b>模板“{escape(name)}”的版本</b>\n" + "\n".join(lines), parse_mode=ParseMode.HTML
    )


async def template_revert(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _admin(update, context)
    if message is None:
        return
    args = context.args or []
    if len(args) != 2 or not args[1].isdigit():
        await message.reply_text("用法：/template_revert 模板名称 版本号")
        return
    saved = await asyncio.to_thread(
        templates.revert, store_of(context), args[0], int(args[1]), _author(update)
    )
    await message.reply_text(f"已恢复：模板“{args[0]}”第 {saved.version} 版 = 原第 {args[1]} 版。")
