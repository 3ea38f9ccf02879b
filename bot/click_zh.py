"""Click in Chinese: help pages ("用法：", "选项", "命令", examples) and usage errors.

Click words its own help and errors in English. The command classes here lay out the help in
Chinese and add each command's examples; :func:`run` calls the group without Click's own error
printing and words every usage error from the exception's fields (the parameter, its type, the
value), with the usage line, an example and where to read more.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click
from click.exceptions import (
    Abort,
    BadOptionUsage,
    BadParameter,
    ClickException,
    Exit,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from rapidfuzz import process

from bot.output import width

# argument names as usage lines show them
ARGUMENTS = {
    "TOWN": "乡镇",
    "YEAR": "年度",
    "PATHS": "文件或文件夹",
    "PATH": "文件",
    "QUESTION": "问题",
    "NAME": "模板名称",
    "OLD": "版本1",
    "NEW": "版本2",
    "VERSION": "版本",
}
METAVARS = {
    "INTEGER RANGE": "整数",
    "INTEGER": "整数",
    "FLOAT": "数字",
    "TEXT": "文字",
    "FILENAME": "文件",
    "PATH": "路径",
    "FILE": "文件",
}
EXAMPLES = {
    "": ['townreport ask "辛口镇2022年法律顾问审查了多少份合同？"', "townreport ingest 报告.docx"],
    "ingest": [
        "townreport ingest 报告.docx 某文件夹/",
        "townreport ingest 报告.txt --town 辛口镇 --year 2023",
    ],
    "reports": ["townreport reports", "townreport reports --all --json"],
    "show": ["townreport show 辛口 2021"],
    "ask": ['townreport ask "辛口镇2022年法律顾问审查了多少份合同？" -k 1'],
    "figures": [
        "townreport figures 辛口镇 2021 --compare 2022",
        "townreport figures --file 报告.docx",
    ],
    "draft": ["townreport draft 辛口镇 2023", "townreport draft 辛口镇 2023 --format md"],
    "bot": ["TELEGRAM_BOT_TOKEN=… TOWNREPORT_ALLOWED_USERS=11111111 townreport bot"],
    "template": ["townreport template list", "townreport template edit default"],
    "template show": ["townreport template show default --version 0"],
    "template set": ['townreport template set 数字对照 数字对照.md.j2 -m "给分管领导看"'],
    "template validate": ["townreport template validate 数字对照.md.j2"],
    "template history": ["townreport template history default"],
    "template diff": ["townreport template diff default 0 1"],
    "template revert": ["townreport template revert default 1"],
    "template preview": ["townreport template preview default 辛口镇 2023"],
}
HELP_OPTION = "显示本说明并退出。"


def _words(text: str, table: dict[str, str]) -> str:
    for english in sorted(table, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(english)}(?![A-Za-z_])", table[english], text)
    return text


def _extras(text: str) -> str:
    """Click's "[default: 3; 1<=x<=50]", "[required]" in Chinese."""
    text = text.replace("[default: ", "［默认：").replace("[required]", "［必填］")
    text = re.sub(r"(-?\d+)<=x<=(-?\d+)", r"范围 \1–\2", text)
    return re.sub(
        r"［默认：([^\]]*)\]", lambda m: f"［默认：{m.group(1).replace('; ', '；')}］", text
    )


class ChineseFormatter(click.HelpFormatter):
    """Headings with a Chinese colon; option tables aligned by display width (a Chinese
    character takes two columns, which Click's own layout counts as one)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first = min(max((width(term) for term, _ in rows), default=0), col_max)
        indent = " " * self.current_indent
        for term, text in rows:
            gap = first - width(term)
            if gap >= 0:
                self.write(f"{indent}{term}{' ' * (gap + col_spacing)}{text}".rstrip() + "\n")
            else:
                self.write(f"{indent}{term}\n{indent}{' ' * (first + col_spacing)}{text}\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


def _path(ctx: click.Context) -> str:
    return " ".join(ctx.command_path.split()[1:])


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = _words(" ".join(self.collect_usage_pieces(ctx)), ARGUMENTS)
        formatter.write_usage(ctx.command_path, pieces, "用法：")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = []
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue  # arguments are in the usage line
            record = param.get_help_record(ctx)
            if record is not None:
                records.append((_words(record[0], METAVARS), _extras(record[1])))
        if records:
            with formatter.section("选项"):
                formatter.write_dl(records)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        examples = EXAMPLES.get(_path(ctx))
        if examples:
            with formatter.section("例子"):
                for line in examples:
                    formatter.write_text(line)


class ChineseGroup(ChineseCommand, click.Group):
    command_class = ChineseCommand
    group_class = type  # subgroups are Chinese groups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ChineseCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=60)))
        if rows:
            with formatter.section("命令"):
                formatter.write_dl(rows)


def _value(message: str) -> str:
    m = re.search(r"'([^']*)'", message) or re.search(r"(-?\d+(?:\.\d+)?) is not", message)
    return m.group(1) if m else ""


def _bad_value(exc: BadParameter) -> str:
    """Why a value was refused, from the parameter's type."""
    kind = exc.param.type if exc.param is not None else None
    message = exc.message
    value = _value(message)
    if isinstance(kind, click.IntRange | click.FloatRange):
        low, high = kind.min, kind.max
        span = f"{low} 到 {high} 之间的" if low is not None and high is not None else ""
        number = "整数" if isinstance(kind, click.IntRange) else "数"
        return f"“{value}”不是 {span}{number}" if span else f"“{value}”不是{number}"
    if kind is click.INT:
        return f"“{value}”不是整数"
    if kind is click.FLOAT:
        return f"“{value}”不是数字"
    if isinstance(kind, click.Choice):
        return f"“{value}”不是可选的值（可选：{'、'.join(map(str, kind.choices))}）"
    for english, chinese in (
        ("does not exist", "不存在"),
        ("is a directory", "是文件夹，这里要一个文件"),
        ("is a file", "是文件，这里要一个文件夹"),
        ("is not readable", "没有读取权限"),
        ("No such file or directory", "不存在"),
        ("Permission denied", "没有权限"),
    ):
        if english in message:
            return f"{value} {chinese}"
    return message


def _param_name(param: click.Parameter | None, hint: str | None) -> str:
    if isinstance(param, click.Argument):
        name = param.human_readable_name.rstrip(".")
        return f"参数 {ARGUMENTS.get(name, name)}"
    if isinstance(param, click.Option):
        return f"选项 {' / '.join(param.opts)}"
    return f"参数 {hint or ''}".strip()


def explain(exc: UsageError) -> str:
    """A usage error in Chinese, from the exception's fields."""
    if isinstance(exc, MissingParameter):
        return f"缺少{_param_name(exc.param, exc.param_hint)}。"
    if isinstance(exc, NoSuchOption):
        close = f"是不是想用 {'、'.join(sorted(exc.possibilities))}？" if exc.possibilities else ""
        return f"没有选项 {exc.option_name}。{close}"
    if isinstance(exc, BadParameter):
        return f"{_param_name(exc.param, exc.param_hint)} 的值不对：{_bad_value(exc)}。"
    message = exc.message
    if isinstance(exc, BadOptionUsage) and "requires" in message:
        return f"选项 {exc.option_name} 后面需要一个值。"
    if isinstance(exc, BadOptionUsage) and "does not take a value" in message:
        return f"选项 {exc.option_name} 不需要值。"
    command = re.match(r"No such command '(.*)'\.", message)
    if command:
        known = exc.ctx.command.list_commands(exc.ctx) if exc.ctx else []  # type: ignore[attr-defined]
        near = process.extractOne(command.group(1), known, score_cutoff=60)
        return f"没有命令 {command.group(1)}。" + (f"是不是想用 {near[0]}？" if near else "")
    extra = re.match(r"Got unexpected extra arguments? \((.*)\)", message)
    if extra:
        return f"多余的参数：{extra.group(1)}（带空格的内容请加引号）。"
    return message


def _usage_help(exc: UsageError) -> str:
    ctx = exc.ctx
    if ctx is None:
        return ""
    lines = [ctx.get_usage()]
    examples = EXAMPLES.get(_path(ctx))
    if examples:
        lines.append(f"例如：{examples[0]}")
    lines.append(f"运行 {ctx.command_path} --help 查看说明。")
    return "\n".join(lines)


def run(group: click.Group, prog_name: str) -> None:
    """Run ``group`` as a console script, with every Click message in Chinese."""
    try:
        result = group.main(prog_name=prog_name, standalone_mode=False)
    except NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help())
        sys.exit(0)
    except UsageError as exc:
        click.echo("\n".join(filter(None, [f"错误：{explain(exc)}", _usage_help(exc)])), err=True)
        sys.exit(exc.exit_code)
    except ClickException as exc:
        click.echo(f"错误：{exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except Abort:
        click.echo("已取消。", err=True)
        sys.exit(1)
    except Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(result if isinstance(result, int) else 0)
