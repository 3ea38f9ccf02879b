"""``townreport figures``: every figure of a report (or any file), or two years item by item."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli import App, fail, handles_errors
from bot.click_zh import ChineseCommand


@click.command(cls=ChineseCommand)
@click.argument("town", required=False)
@click.argument("year", type=int, required=False)
@click.option(
    "--file", "path", type=click.Path(path_type=Path), help="从任意报告文件或片段中提取，不入库。"
)
@click.option("--compare", "other", type=int, help="与另一年度逐项对比。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.option(
    "--refresh-indicators",
    "refresh",
    is_flag=True,
    help="改过 corpus/dict/indicators.txt 后，按新的指标表重新归类已入库的全部数字。",
)
@click.pass_obj
@handles_errors
def figures(
    app: App,
    town: str | None,
    year: int | None,
    path: Path | None,
    other: int | None,
    as_json: bool,
    refresh: bool,
) -> None:
    """列出一份报告中的全部数字（数值、单位、标准指标、原文），或两年逐项对比。"""
    from bot import figure_view
    from bot.output import emit_json
    from corpus.figures.indicators import classify
    from corpus.figures.series import compare_years
    from corpus.ingest import figures_in_file

    if refresh:
        if town or year or other or path:
            fail("--refresh-indicators 单独使用，不需要乡镇、年度或文件。")
        changed = app.store().refresh_indicators(classify)
        click.echo(f"已按指标表重新归类，{changed} 个数字的标准指标有变化。")
        return
    if path is not None:
        if town or year or other:
            fail("--file 不需要乡镇和年度，也不能与 --compare 同用。")
        items = figures_in_file(path, app.settings)
    elif town and year:
        store = app.store()
        if other is not None:
            first, second = sorted((year, other))
            comparison = compare_years(store, town, first, second)
            if as_json:
                emit_json(figure_view.comparison_json(comparison))
                return
            click.echo(figure_view.comparison_text(comparison))
            click.echo(
                f"两年对上 {len(comparison.paired)} 项，只有一年有的 {len(comparison.one_sided)} 项。",
                err=True,
            )
            return
        items = store.figures(store.place(town, year), year)
    else:
        fail("用法：townreport figures 乡镇 年度 [--compare 年度]，或 figures --file 文件。")
    if as_json:
        emit_json([figure_view.figure_json(p) for p in items])
        return
    click.echo(figure_view.figures_text(items))
    if items:
        click.echo(f"共 {len(items)} 个数字。", err=True)
