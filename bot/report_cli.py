"""``townreport reports`` (what is stored) and ``townreport show`` (one report's sections)."""

from __future__ import annotations

import click

from bot.cli import App, handles_errors
from bot.click_zh import ChineseCommand

META_LABELS = (
    ("issuer", "发文机关"),
    ("doc_number", "文号"),
    ("signature", "署名"),
    ("signed_on", "成文日期"),
)


@click.command(cls=ChineseCommand)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.option("--all", "include_old", is_flag=True, help="同时列出被替换的历史版本。")
@click.pass_obj
@handles_errors
def reports(app: App, as_json: bool, include_old: bool) -> None:
    """列出已导入的报告（每个地方连同所属省、市、区县和区划代码）。"""
    from bot.output import emit_json, table
    from bot.place_cli import upper
    from bot.shapes import STORED_REPORT

    rows = app.store().reports(include_superseded=include_old)
    if as_json:
        emit_json([STORED_REPORT(r) for r in rows])
        return
    if not rows:
        click.echo("还没有导入任何报告。用 townreport ingest 导入。")
        return
    click.echo(
        table(
            ["乡镇", "所属", "年度", "标题", "段落", "导入时间", "来源文件"],
            [
                [
                    r.town,
                    upper(r.place),
                    r.year,
                    r.title + ("（历史版本）" if r.superseded else ""),
                    r.passages,
                    r.ingested_at.strftime("%Y-%m-%d %H:%M"),
                    r.source_name,
                ]
                for r in rows
            ],
        )
    )


@click.command(cls=ChineseCommand)
@click.argument("town")
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.pass_obj
@handles_errors
def show(app: App, town: str, year: int, as_json: bool) -> None:
    """显示一份报告的章节结构。"""
    from bot.output import emit_json
    from bot.shapes import REPORT

    store = app.store()
    info, report = store.load(store.place(town, year), year)
    if as_json:
        emit_json(REPORT(report))
        return
    click.echo(f"{report.title}（{info.source_name}，{info.passages} 段）")
    for key, label in META_LABELS:
        if key in report.meta:
            click.echo(f"{label}：{report.meta[key]}")
    for s in report.sections:
        click.echo("  " * (s.level - 1) + s.label)
    if report.place is not None:
        code = f"（区划代码 {report.place.code}）" if report.place.code else ""
        click.echo(f"地方：{' › '.join(report.place.path)}{code}")
