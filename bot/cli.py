"""The ``townreport`` command line: parses options, calls one library function, prints."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from bot.click_zh import ChineseGroup
from bot.click_zh import run as run_localised
from corpus.errors import TownreportError
from corpus.settings import Settings

if TYPE_CHECKING:  # each command imports what it needs: `--version` and `ask` stay fast
    from corpus.ingest import IngestResult
    from corpus.search.answer import Answer
    from corpus.storage.store import Store

STATUS_TEXT = {
    "added": "已导入",
    "replaced": "已导入（旧版本保留为历史版本）",
    "restored": "已恢复为当前版本",
    "unchanged": "内容未变，跳过",
    "dry-run": "可导入（试运行，未写入）",
}


class App:
    """Per-invocation state: the settings and, once needed, the store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: Store | None = None

    def store(self, bundled: bool = True) -> Store:
        from corpus.ingest import ensure_bundled
        from corpus.storage.store import open_store

        if self._store is None:
            self._store = open_store(self.settings.database_url)
        if bundled:
            done = ensure_bundled(self._store, self.settings)
            if done:
                ok = sum(1 for r in done if r.ok)
                click.echo(f"数据库为空，已自动导入内置的 {ok} 份报告。", err=True)
        return self._store


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
            fail(str(exc))

    return wrapper


def emit_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


class Commands(ChineseGroup):
    """Commands defined in other modules are registered only when asked for by name or
    listed (``--help``), so that ``ask`` and ``--version`` import nothing of drafting."""

    registered = False

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and not Commands.registered:
            _register()
            found = super().get_command(ctx, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        _register()
        return super().list_commands(ctx)


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


@cli.command()
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
            emit_json(_ingest_json(result))
        else:
            bar.write(_ingest_line(result), file=sys.stderr if result.error else sys.stdout)
            if result.warning:
                bar.write(f"提醒：{result.path}：{result.warning}", file=sys.stderr)
    if store is not None and len(files) >= 8:
        store.refresh_statistics()  # token statistics for choosing selective search terms
    bad = counts.pop("error", 0)
    summary = "，".join(f"{STATUS_TEXT[k].split('（')[0]} {v}" for k, v in counts.items())
    click.echo(f"共 {len(files)} 个文件：{summary or '无成功'}；失败 {bad}。", err=True)
    if bad:
        sys.exit(1)


def _ingest_json(r: IngestResult) -> dict[str, object]:
    place = r.place
    data: dict[str, object] = {
        "path": r.path,
        "town": r.town,
        "county": r.county,
        "city": place.city if place else None,
        "province": place.province if place else None,
        "level": place.level if place else None,
        "code": place.code if place else None,
        "place": " › ".join(place.path) if place else None,
        "year": r.year,
        "title": r.title,
        "sections": r.sections,
        "passages": r.passages,
        "status": r.status,
    }
    if r.warning:
        data["warning"] = r.warning
    data["error"] = r.error  # null unless the file could not be read or names no place
    return data


def _ingest_line(r: IngestResult) -> str:
    if r.error:
        return f"失败：{r.error}"
    where = " › ".join(r.place.path) if r.place else r.town
    return f"{STATUS_TEXT[r.status]}：{where} {r.year}年《{r.title}》，{r.passages} 段 ← {r.path}"


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.option("--all", "include_old", is_flag=True, help="同时列出被替换的历史版本。")
@click.pass_obj
@handles_errors
def reports(app: App, as_json: bool, include_old: bool) -> None:
    """列出已导入的报告（每个地方连同所属省、市、区县和区划代码）。"""
    from bot.output import table
    from bot.place_cli import place_json, upper

    rows = app.store().reports(include_superseded=include_old)
    if as_json:
        emit_json(
            [
                {
                    "town": r.town,
                    "county": r.county,
                    **place_json(r.place),
                    "year": r.year,
                    "title": r.title,
                    "passages": r.passages,
                    "ingested_at": r.ingested_at.isoformat(timespec="seconds"),
                    "source": r.source_name,
                    "superseded": r.superseded,
                }
                for r in rows
            ]
        )
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


@cli.command()
@click.argument("town")
@click.argument("year", type=int)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.pass_obj
@handles_errors
def show(app: App, town: str, year: int, as_json: bool) -> None:
    """显示一份报告的章节结构。"""
    from bot.place_cli import place_json

    info, report = app.store().load(town, year)
    if as_json:
        emit_json(
            {
                "town": report.town,
                "county": report.county,
                "place": place_json(report.place),
                "year": report.year,
                "title": report.title,
                "meta": report.meta,
                "sections": [
                    {"level": s.level, "number": s.number, "title": s.title}
                    for s in report.sections
                ],
            }
        )
        return
    click.echo(f"{report.title}（{info.source_name}，{info.passages} 段）")
    for key, label in (
        ("issuer", "发文机关"),
        ("doc_number", "文号"),
        ("signature", "署名"),
        ("signed_on", "成文日期"),
    ):
        if key in report.meta:
            click.echo(f"{label}：{report.meta[key]}")
    for s in report.sections:
        click.echo("  " * (s.level - 1) + s.label)
    if report.place is not None:
        code = f"（区划代码 {report.place.code}）" if report.place.code else ""
        click.echo(f"地方：{' › '.join(report.place.path)}{code}")


@cli.command("ask")
@click.argument("question", required=False)
@click.option(
    "-k", "k", default=3, show_default=True, type=click.IntRange(1, 50), help="最多返回几条。"
)
@click.option("--town", help="只在这个乡镇的报告中找。")
@click.option("--year", type=int, help="只在这个年度的报告中找。")
@click.option(
    "--batch", type=click.File(encoding="utf-8"), help='JSONL 文件，每行 {"id", "question"}。'
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
@click.pass_obj
@handles_errors
def ask_command(
    app: App,
    question: str | None,
    k: int,
    town: str | None,
    year: int | None,
    batch: click.utils.LazyFile | None,
    as_json: bool,
) -> None:
    """按问题查找报告原文，引用乡镇、年度和章节。"""
    from bot.district_cli import answer_figures
    from corpus.reading.bounds import clean_text
    from corpus.search.answer import ask

    if (question is None) == (batch is None):
        fail("请给出一个问题，或用 --batch 指定问题文件（二者选一）。")
    store = app.store()
    if batch is None:
        text = clean_text(question or "")
        if town is None and year is None and answer_figures(store, text, as_json):
            return  # "哪个镇…最多", "各镇…", "这几年…的变化": answered from figures
        answer = ask(store, text, k=k, town=town, year=year, today=_today())
        if as_json:
            emit_json(_answer_json(None, answer))
        else:
            click.echo(_answer_text(answer))
        return
    for number, line in enumerate(batch, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            qid, text = item.get("id"), clean_text(str(item["question"]))
        except (ValueError, KeyError, AttributeError):
            fail(f'{batch.name} 第 {number} 行不是 {{"id", "question"}} 格式的 JSON。')
        answer = ask(store, text, k=k, town=town, year=year, today=_today())
        if as_json:
            emit_json(_answer_json(qid, answer))
        else:
            click.echo(f"[{qid}] {_answer_text(answer)}\n")


def _today() -> date | None:
    """今年/去年 are dated by today; TOWNREPORT_TODAY (YYYY-MM-DD) fixes the date for
    reproducible runs and tests."""
    value = os.environ.get("TOWNREPORT_TODAY")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        fail(f"TOWNREPORT_TODAY 应写成 YYYY-MM-DD，例如 2026-12-01，而不是“{value}”。")


def _answer_json(qid: object, answer: Answer) -> dict[str, object]:
    from bot.answer_words import place_lead, scope_note

    return {
        "id": qid,
        "question": answer.question,
        "answers": [
            {
                "town": h.town,
                "year": h.year,
                "title": h.title,
                "section": h.section,
                "text": h.text,
                "snippet": h.snippet,
                "score": h.score,
            }
            for h in answer.hits
        ],
        "hint": answer.hint,
        "note": scope_note(answer),
        "place": place_lead(answer) and answer.hits[0].town,
        "whole_section": answer.whole_section,
    }


def _answer_text(answer: Answer) -> str:
    from bot.answer_words import place_lead, scope_note, whole_heading

    lines = [f"问：{answer.question}"]
    lines += [x for x in (scope_note(answer), place_lead(answer)) if x]
    if not answer.hits:
        return "\n".join([*lines, answer.hint or "未找到相关内容。"])
    heading = whole_heading(answer)
    if heading:
        top = answer.hits[0]
        lines += [f"\n{heading}", top.text, f"   —— {top.town} {top.year}年《{top.title}》"]
        return "\n".join(lines)
    for i, h in enumerate(answer.hits, 1):
        lines.append(f"\n{i}. {h.snippet}")
        lines.append(f"   —— {h.town} {h.year}年《{h.title}》")
        lines.append(f"      {h.section or '开头部分'}（相关度 {h.score:.2f}）")
    return "\n".join(lines)


@cli.command()
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
        items = store.figures(town, year)
    else:
        fail("用法：townreport figures 乡镇 年度 [--compare 年度]，或 figures --file 文件。")
    if as_json:
        emit_json([figure_view.figure_json(p) for p in items])
        return
    click.echo(figure_view.figures_text(items))
    if items:
        click.echo(f"共 {len(items)} 个数字。", err=True)


@cli.command()
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
    click.echo(result.note, err=True)
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
    by_name = {"md": "md", "markdown": "md", "docx": "docx", "pdf": "pdf"}.get(suffix)
    if fmt and by_name and fmt != by_name:
        fail(f"--format {fmt} 与输出文件 {output} 的扩展名不一致，请改用 .{fmt} 结尾的文件名。")
    if fmt is None and output is not None and suffix and by_name is None:
        fail(f"不认识输出文件 {output} 的扩展名；请用 .docx、.pdf 或 .md，或用 --format 指定。")
    return fmt or by_name or "docx"


@cli.command("bot")
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
    from bot.telegram_run import run

    settings = app.settings.with_(telegram_base_url=base_url, telegram_base_file_url=base_file_url)
    run(settings, app.store, webhook_url, listen, port, rate_limit)


def _register() -> None:
    if Commands.registered:
        return
    Commands.registered = True
    from bot.district_cli import register as register_district
    from bot.place_cli import register as register_places
    from bot.template_cli import register as register_templates

    register_templates(cli, App, handles_errors, fail)
    register_places(cli, App, handles_errors, fail)
    register_district(cli, App, handles_errors, fail)


def main() -> None:
    run_localised(cli, prog_name="townreport")


if __name__ == "__main__":
    main()
