"""Adapters: the command line (``bot.cli``) and the Telegram bot (``bot.telegram``)."""
