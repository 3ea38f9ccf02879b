"""What every Telegram handler shares through ``Application.bot_data``: one store, one
Settings. Kept here so the question handlers and the admin handlers read them one way."""

from __future__ import annotations

from telegram.ext import Application, ContextTypes

from corpus.settings import Settings
from corpus.storage.store import Store


def attach(app: Application, store: Store, settings: Settings) -> None:  # type: ignore[type-arg]
    app.bot_data["settings"] = settings
    app.bot_data["store"] = store


def store_of(context: ContextTypes.DEFAULT_TYPE) -> Store:
    return context.bot_data["store"]


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    return context.bot_data["settings"]
