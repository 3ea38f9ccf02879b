"""The bot's settings are the bot's: read from the environment beside the library's, which
keeps only what the library needs."""

from __future__ import annotations

import dataclasses

from bot.bot_settings import BotSettings
from corpus.settings import Settings


def test_bot_settings_read_from_the_environment() -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": "123:abc",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "TOWNREPORT_ALLOWED_USERS": "11，22 33",
        "TOWNREPORT_ADMINS": "9",
        "TOWNREPORT_RATE_LIMIT": "5",
    }
    bot = BotSettings.from_env(env)
    assert bot.token == "123:abc" and bot.base_url == "http://127.0.0.1:8081/bot"
    assert bot.allowed_users == {11, 22, 33} and bot.admins == {9}
    assert bot.users == {9, 11, 22, 33}
    assert bot.rate_limit == 5 and bot.webhook_url is None


def test_options_override_and_bad_numbers_keep_the_default() -> None:
    bot = BotSettings.from_env({"TOWNREPORT_RATE_LIMIT": "many"})
    assert bot.rate_limit == 30 and bot.token is None and not bot.users
    changed = bot.with_(rate_limit=7, webhook_url="https://example.org/tg", port=None)
    assert (changed.rate_limit, changed.webhook_url, changed.port) == (
        7,
        "https://example.org/tg",
        8443,
    )


def test_the_library_settings_hold_nothing_of_telegram() -> None:
    names = {f.name for f in dataclasses.fields(Settings)}
    assert not {n for n in names if "telegram" in n or n in {"allowed_users", "admins"}}
