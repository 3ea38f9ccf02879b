"""The county in the chat: "/compare 象山县 2023 合同审查" (a chart as a photo, the table as
text below; "/compare 辛口镇 2021 2022" stays one town's two years), a report sent with the
caption "/check" (its check), and questions answered from figures."""

from __future__ import annotations

import asyncio
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CommandHandler, ContextTypes, MessageHandler, filters

from bot import texts
from bot.botdata import settings_of, store_of
from bot.chatargs import place_years
from bot.chatsend import send, typing
from bot.figure_answers import answer_html, figures_for
from corpus.errors import TownreportError
from corpus.figures.comparison import PlaceTable, UnknownIndicatorError, compare_places, find_county
from corpus.figures.indicators import names
from corpus.reading.files import SUPPORTED
from corpus.storage.store import Store

COUNTY_USAGE = (
    "用法：/compare 区县 年度 [指标]，例如 /compare 象山县 2023 合同审查；"
    "几年的变化：/compare 象山县 2022 2023 合同审查。一个乡镇两年对比：/compare 辛口镇 2021 2022"
)
CHECK_USAGE = "请把报告文件（.docx、.txt、.pdf）发给我，并在说明栏写 /check。"


def register(app: Application, town_compare: Any) -> None:  # type: ignore[type-arg]
    async def compare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await county_compare(update, context):
            await town_compare(update, context)

    app.add_handler(CommandHandler("compare", compare))
    app.add_handler(CommandHandler("check", check_usage))
    app.add_handler(
        MessageHandler(filters.Document.ALL & filters.CaptionRegex(r"^/check\b"), check_upload)
    )


def _is_county(store: Store, name: str) -> bool:
    catalog = store.available()
    if catalog.named(name):
        return False  # a stored township (or a county's own report): one place's years
    try:
        return find_county(catalog, name) is not None
    except TownreportError:
        return True  # ambiguous county: let compare_places say which ones


async def county_compare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Handle /compare for a county; False when the place named is not one (a town)."""
    message = update.effective_message
    assert message
    parsed = place_years(" ".join(context.args or []))
    store = store_of(context)
    if parsed is None or not await asyncio.to_thread(_is_county, store, parsed.town):
        return False
    years = tuple(range(min(parsed.years), max(parsed.years) + 1))
    if len(years) > 10:
        await send(message, COUNTY_USAGE)
        return True
    wanted = tuple(parsed.rest.split())
    await typing(context, message.chat_id, ChatAction.UPLOAD_PHOTO)

    def work() -> tuple[PlaceTable, bytes | None]:
        from bot.charts import chart_png

        table = compare_places(store, parsed.town, years, wanted)
        return table, chart_png(table) if table.cells else None

    try:
        table, png = await asyncio.to_thread(work)
    except UnknownIndicatorError as exc:
        close = f"最接近的有：{'、'.join(exc.close)}。" if exc.close else ""
        await send(
            message,
            escape(f"没有名为“{exc.name}”的标准指标。{close}可用的指标：{'、'.join(names())}。"),
        )
        return True
    from bot.district_view import place_table_text

    text = f"<pre>{escape(place_table_text(table))}</pre>"
    if png is not None:
        when = f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"
        await message.reply_photo(png, caption=f"{table.county}{when}各地数字对比", do_quote=True)
    await send(message, text)
    return True


async def check_usage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message
    await send(update.effective_message, CHECK_USAGE)


async def check_upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A report sent with the caption /check: its findings (nothing is stored)."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    name = Path(message.document.file_name or "report.txt").name
    settings = settings_of(context)
    if Path(name).suffix.lower() not in SUPPORTED:
        await send(message, escape(f"{name}：只能检查 .docx、.txt、.pdf 文件。"))
        return
    if message.document.file_size and message.document.file_size > settings.max_file_mb * 1e6:
        await send(message, escape(f"{name}：文件过大（上限 {settings.max_file_mb:g} MB）。"))
        return
    await typing(context, message.chat_id, ChatAction.TYPING)
    data = await (await message.document.get_file()).download_as_bytearray()
    from bot.check_view import check_html
    from corpus.check import check_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(bytes(data))
        report = await asyncio.to_thread(check_file, store_of(context), path, settings)
    await send(message, check_html(report, name))


async def figure_reply(message: Message, store: Store, text: str) -> bool:
    """Answer from figures when the question is a ranking, listing or series (True)."""
    found = await asyncio.to_thread(figures_for, store, text)
    if found is None:
        return False
    await send(message, answer_html(found))
    return True


__all__ = ["COUNTY_USAGE", "figure_reply", "register", "texts"]
