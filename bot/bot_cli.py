"""``townreport bot``: run the Telegram bot (long polling, or a webhook listener)."""

from __future__ import annotations

import click

from bot.cli import App, handles_errors
from bot.click_zh import ChineseCommand


@click.command("bot", cls=ChineseCommand)
@click.option("--webhook-url", help="Webhook 模式的公网地址（不填则用长轮询）。")
@click.option("--listen", default="0.0.0.0", show_default=True, help="Webhook 模式监听的地址。")
@click.option("--port", default=8443, show_default=True, type=int, help="Webhook 模式监听的端口。")
@click.option("--base-url", envvar="TELEGRAM_BASE_URL", help="自建 Bot API 服务器地址。")
@click.option("--base-file-url", envvar="TELEGRAM_BASE_FILE_URL", help="自建 Bot API 文件地址。")
@click.option(
    "--rate-limit",
    envvar="TOWNREPORT_RATE_LIMIT",
    default=30,
    show_default=True,
    type=click.IntRange(1, 10_000),
    help="每人每分钟最多几条消息（共用一个数据库的所有机器人进程合计）。",
)
@click.pass_obj
@handles_errors
def bot_command(
    app: App,
    webhook_url: str | None,
    listen: str,
    port: int,
    base_url: str | None,
    base_file_url: str | None,
    rate_limit: int,
) -> None:
    """运行 Telegram 机器人（令牌取自 TELEGRAM_BOT_TOKEN，用户取自 TOWNREPORT_ALLOWED_USERS、TOWNREPORT_ADMINS）。"""
    from bot.bot_settings import BotSettings
    from bot.telegram_run import run

    bot = BotSettings.from_env().with_(
        base_url=base_url,
        base_file_url=base_file_url,
        rate_limit=rate_limit,
        webhook_url=webhook_url,
        listen=listen,
        port=port,
    )
    run(app.settings, bot, app.store)
