"""``townreport draft``: this year's report drafted from last year's (Markdown, .docx, PDF)."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli import App, fail, handles_errors
from bot.click_zh import ChineseCommand

SUFFIXES = {"md": "md", "markdown": "md", "docx": "docx", "pdf": "pdf"}


@click.command(cls=ChineseCommand)
@click.argument("town")
@click.argument("year", type=int)
@click.option("--template", default="default", show_default=True, help="模板名称。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "docx", "pdf"]),
    help="输出格式；不填时按 -o 的扩展名，都没有则为 docx。pdf 需要安装 LibreOffice。",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出文件；md 默认打印。")
@click.option("--no-prompts", is_flag=True, help="不在小标题下给出灰色的“上年内容”提示。")
@click.pass_obj
@handles_errors
def draft(
    app: App,
    town: str,
    year: int,
    template: str,
    fmt: str | None,
    output: Path | None,
    no_prompts: bool,
) -> None:
    """按上一年度报告起草本年度报告框架（Markdown、GB/T 9704 格式 .docx 或 PDF）。"""
    from bot import draft_words
    from bot.files import write_atomic
    from drafting import pdf
    from drafting.compose import compose

    fmt = _draft_format(fmt, output)
    if output is not None and not (output.parent if str(output.parent) else Path(".")).is_dir():
        fail(f"无法写入 {output}：目录 {output.parent} 不存在。")
    if fmt == "pdf" and not pdf.available():
        raise pdf.PdfUnavailableError()
    result = compose(
        app.store(), town, year, template=template, prompts=not no_prompts, skeleton=True
    )
    click.echo(draft_words.note(result), err=True)
    if fmt == "md" and output is None:
        click.echo(result.markdown, nl=False)
    else:
        path = output or Path(f"{result.town}{year}年度法治政府建设情况报告（草稿）.{fmt}")
        write_atomic(path, _draft_bytes(result.markdown, fmt))
        click.echo(f"已生成：{path}", err=True)
    if result.has_source:
        click.echo(
            f"沿用 {result.source_year} 年数字 {result.figures} 个，上年度安排 {result.plans} 项，"
            f"待填写 {result.placeholders} 处（“____”）。",
            err=True,
        )
    else:
        click.echo(f"待填写 {result.placeholders} 处（“____”）。", err=True)


def _draft_bytes(markdown: str, fmt: str) -> bytes:
    from drafting import pdf
    from drafting.document import to_docx

    if fmt == "md":
        return markdown.encode("utf-8")
    document = to_docx(markdown)
    return pdf.to_pdf(document) if fmt == "pdf" else document


def _draft_format(fmt: str | None, output: Path | None) -> str:
    """--format if given, else the output file's extension; they must not disagree."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    by_name = SUFFIXES.get(suffix)
    if fmt and by_name and fmt != by_name:
        fail(f"--format {fmt} 与输出文件 {output} 的扩展名不一致，请改用 .{fmt} 结尾的文件名。")
    if fmt is None and output is not None and suffix and by_name is None:
        fail(f"不认识输出文件 {output} 的扩展名；请用 .docx、.pdf 或 .md，或用 --format 指定。")
    return fmt or by_name or "docx"
