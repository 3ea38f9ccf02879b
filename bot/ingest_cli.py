"""``townreport ingest``: report files or folders into the database (or, dry, only read)."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot import terminal
from bot.cli import App, fail, handles_errors
from bot.click_zh import ChineseCommand

if TYPE_CHECKING:
    from corpus.ingest import IngestResult

STATUS_TEXT = {
    "added": "已导入",
    "replaced": "已导入（旧版本保留为历史版本）",
    "restored": "已恢复为当前版本",
    "unchanged": "内容未变，跳过",
    "dry-run": "可导入（试运行，未写入）",
}


@click.command(cls=ChineseCommand)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--town", help="指定乡镇名称（覆盖自动识别）。")
@click.option("--year", type=int, help="指定报告年度（覆盖自动识别）。")
@click.option("--dry-run", is_flag=True, help="只解析、不写入数据库。")
@click.option("--json", "as_json", is_flag=True, help="每个文件输出一行 JSON。")
@click.option("--allow-short", is_flag=True, help="正文过短（像一则短讯）也导入，只给出提醒。")
@click.pass_obj
@handles_errors
def ingest(
    app: App,
    paths: tuple[Path, ...],
    town: str | None,
    year: int | None,
    dry_run: bool,
    as_json: bool,
    allow_short: bool,
) -> None:
    """导入报告文件（.txt/.docx/.pdf，装有 LibreOffice 时也可 .doc/.wps）或文件夹。"""
    from tqdm import tqdm

    from bot.output import emit_json
    from bot.shapes import INGESTED
    from corpus.ingest import default_workers, expand, ingest_paths

    files = expand(paths)
    if not files:
        fail("没有找到可导入的 .txt、.docx、.pdf、.doc 或 .wps 文件。")
    store = None if dry_run else app.store(bundled=False)
    counts: Counter[str] = Counter()
    results = ingest_paths(
        store, files, app.settings, town, year, workers=default_workers(), allow_short=allow_short
    )
    bar = tqdm(
        results,
        total=len(files),
        unit="份",
        file=sys.stderr,
        disable=None if len(files) > 1 else True,
    )
    for result in bar:
        counts[result.status] += 1
        if as_json:
            emit_json(INGESTED(result))
        else:
            bar.write(_ingest_line(result), file=sys.stderr if result.error else sys.stdout)
            if result.warning:
                bar.write(
                    f"提醒：{result.path}：{terminal.ingest_warning(result)}", file=sys.stderr
                )
    if store is not None and len(files) >= 8:
        store.refresh_statistics()  # token statistics for choosing selective search terms
    bad = counts.pop("error", 0)
    summary = "，".join(f"{STATUS_TEXT[k].split('（')[0]} {v}" for k, v in counts.items())
    click.echo(f"共 {len(files)} 个文件：{summary or '无成功'}；失败 {bad}。", err=True)
    if bad:
        sys.exit(1)


def _ingest_line(r: IngestResult) -> str:
    if r.error:
        return f"失败：{terminal.ingest_error(r)}"
    where = " › ".join(r.place.path) if r.place else r.town
    return f"{STATUS_TEXT[r.status]}：{where} {r.year}年《{r.title}》，{r.passages} 段 ← {r.path}"
