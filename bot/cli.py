"""The ``townreport`` command line, shaped like sqlite-utils' ``cli.py``: one module-level
click group; each command parses its input, calls one library function and words the result.

The commands live in modules by concern (``bot/*_cli.py``) and are imported only when asked
for by name or listed (``--help``), so that ``--version`` and ``ask`` import nothing they do not
use. Every command reads ``App`` (the settings, the store once needed) with ``click.pass_obj``.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from functools import wraps
from importlib import import_module
from typing import TYPE_CHECKING, Any

import click

from bot.click_zh import ChineseGroup
from bot.click_zh import run as run_localised
from corpus.errors import TownreportError
from corpus.settings import Settings

if TYPE_CHECKING:
    from corpus.storage.database import Upgrade
    from corpus.storage.store import Store

# command name → "module:attribute" of its click command (or group)
COMMANDS = {
    "ingest": "bot.ingest_cli:ingest",
    "reports": "bot.report_cli:reports",
    "show": "bot.report_cli:show",
    "ask": "bot.ask_cli:ask_command",
    "figures": "bot.figure_cli:figures",
    "draft": "bot.draft_cli:draft",
    "bot": "bot.bot_cli:bot_command",
    "template": "bot.template_cli:template_group",
    "remove": "bot.place_cli:remove",
    "compare": "bot.district_cli:compare",
    "check": "bot.district_cli:check",
}


class App:
    """Per-invocation state: the settings and, once needed, the store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    def store(self, bundled: bool = True) -> Store:
        from corpus.storage.store import open_store

        if self._store is None:
            self._store = open_store(self.settings.database_url, on_upgrade=_say_upgrade)
        # the catalog (read here once, kept for the command) says whether the database is empty
        if bundled and self.settings.auto_ingest_bundled and not self._store.available():
            from corpus.ingest import ensure_bundled

            done = ensure_bundled(self._store, self.settings)
            if done:
                ok = sum(1 for r in done if r.ok)
                click.echo(f"数据库为空，已自动导入内置的 {ok} 份报告。", err=True)
        return self._store


def _say_upgrade(upgrade: Upgrade) -> None:
    from bot import terminal

    click.echo(terminal.upgrade_notice(upgrade), err=True)


def fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(1)


def handles_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into a Chinese message on stderr and exit status 1."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except TownreportError as exc:
            from bot import terminal

            fail(terminal.error(exc))

    return wrapper


class Commands(ChineseGroup):
    """The commands of :data:`COMMANDS`, each imported the first time it is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, name = COMMANDS[cmd_name].partition(":")
            self.add_command(getattr(import_module(module), name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "database_url", help="数据库地址（SQLAlchemy URL），默认用户数据目录下的 SQLite 文件。"
)
@click.version_option(
    package_name="townreport", message="%(prog)s %(version)s", help="显示版本号并退出。"
)
@click.pass_context
def cli(ctx: click.Context, database_url: str | None) -> None:
    """townreport：乡镇法治政府建设情况报告的问答与起草助手。"""
    ctx.obj = App(Settings.from_env().with_(database_url=database_url))


def main() -> None:
    # A command imports SQLAlchemy, jieba and the library once, creating ~10^5 objects that
    # live as long as the process: with the default threshold (700) the collector walks them
    # dozens of times on the way (~20 ms of ``ask``). Collections still happen, just rarer.
    gc.set_threshold(50_000, 20, 20)
    run_localised(cli, prog_name="townreport")


if __name__ == "__main__":
    main()
