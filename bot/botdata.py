"""What every Telegram handler shares through ``Application.bot_data``: one store, the
library's Settings and the bot's. Kept here so the question handlers and the admin handlers
read them one way."""

from __future__ import annotations

from telegram.ext import Application, ContextTypes

from bot.bot_settings import BotSettings
from corpus.settings import Settings
from corpus.storage.store import Store


def attach(app: Application, store: Store, settings: Settings, bot: BotSettings) -> None:  # type: ignore[type-arg]
    app.bot_data["settings"] = settings
    app.bot_data["bot_settings"] = bot
    app.bot_data["store"] = store


def store_of(context: ContextTypes.DEFAULT_TYPE) -> Store:
    return context.bot_data["store"]


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.bot_data["settings"]


def bot_settings_of(context: ContextTypes.DEFAULT_TYPE) -> BotSettings:
    return context.bot_data["bot_settings"]


def is_admin(context: ContextTypes.DEFAULT_TYPE, user_id: int | None) -> bool:
    return user_id is not None and user_id in bot_settings_of(context).admins
