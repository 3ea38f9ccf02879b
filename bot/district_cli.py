"""For the county: ``townreport compare`` (a county's places side by side: table, JSON, CSV,
Excel workbook, PNG chart) and ``townreport check`` (a report against the mandated form)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from bot.files import write_atomic

YEAR_RANGE = re.compile(r"^\s*((?:19|20)\d{2})\s*(?:-|—|–|~|～|至|到)\s*((?:19|20)\d{2})\s*$")
OUTPUTS = (".xlsx", ".png", ".csv", ".json", ".txt")


def parse_years(year: int | None, years: str | None) -> tuple[int, ...]:
    """--year 2022 or --years 2021-2023 / 2021,2023; a usage error in Chinese otherwise."""
    if (year is None) == (years is None):
        raise click.UsageError("请用 --year 指定一个年度，或用 --years 指定年度范围（二者选一）。")
    if year is not None:
        return (year,)
    assert years is not None
    m = YEAR_RANGE.match(years)
    if m:
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        if last - first > 30:
            raise click.UsageError(f"年度范围 {years} 太大（最多 30 年）。")
        return tuple(range(first, last + 1))
    parts = [p for p in re.split(r"[,，、\s]+", years) if p]
    if parts and all(re.fullmatch(r"(?:19|20)\d{2}", p) for p in parts):
        return tuple(sorted({int(p) for p in parts}))
    raise click.UsageError(f"--years 的值“{years}”不对，应写成 2021-2023 或 2021,2023。")


def register(cli: click.Group, app_type: type, handles_errors, fail) -> None:  # type: ignore[no-untyped-def]
    pass_app = click.make_pass_decorator(app_type)

    @cli.command()
    @click.option("--county", required=True, help="区县名称，例如 象山县、西青区（“西青”也可以）。")
    @click.option("--year", type=int, help="对比哪一年。")
    @click.option("--years", help="年度范围，例如 2021-2023：每个地方逐年对比。")
    @click.option(
        "--indicator",
        "wanted",
        multiple=True,
        help="标准指标（可多次给出），例如 合同审查份数、合同审查；不给时列出至少两个地方都报告了的指标。",
    )
    @click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
    @click.option("--csv", "as_csv", is_flag=True, help="输出 CSV（每个地方、年度、指标一行）。")
    @click.option("--sources", is_flag=True, help="在表格下列出每个数字的原句和章节。")
    @click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        help="写入文件：.xlsx（Excel 工作簿）、.png（图表）、.csv、.json。",
    )
    @pass_app
    @handles_errors
    def compare(  # type: ignore[no-untyped-def]
        app, county, year, years, wanted, as_json, as_csv, sources, output
    ) -> None:
        """同一区县各乡镇（街道）的数字并排对比：一个年度的各项指标，或几年的变化。

        例如：townreport compare --county 象山县 --year 2023 --indicator 合同审查份数
        """
        from bot import district_view
        from corpus.figures.comparison import compare_places

        chosen = parse_years(year, years)
        if as_json and as_csv:
            fail("--json 和 --csv 只能选一个。")
        suffix = output.suffix.lower() if output is not None else ""
        if output is not None and suffix not in OUTPUTS:
            fail(f"不认识输出文件 {output} 的扩展名；请用 .xlsx、.png、.csv 或 .json。")
        t = compare_places(app.store(), county, chosen, wanted)
        if output is not None:
            write_atomic(output, _file_bytes(t, suffix))
            click.echo(
                f"已生成：{output}（{len(t.places)} 个地方，{len(t.indicators)} 项指标）", err=True
            )
            if not (as_json or as_csv):
                click.echo(district_view.place_table_text(t, sources))
            return
        if as_json:
            click.echo(json.dumps(district_view.place_table_json(t), ensure_ascii=False))
        elif as_csv:
            click.echo(district_view.place_table_csv(t), nl=False)
        else:
            click.echo(district_view.place_table_text(t, sources))

    @cli.command()
    @click.argument("path", type=click.Path(path_type=Path))
    @click.option("--town", help="报告的地方（识别不出时指定）。")
    @click.option("--year", type=int, help="报告的年度（识别不出时指定）。")
    @click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
    @pass_app
    @handles_errors
    def check(app, path: Path, town: str | None, year: int | None, as_json: bool) -> None:  # type: ignore[no-untyped-def]
        """检查一份报告（.docx/.txt/.pdf）：四个法定部分是否齐全、顺序，年度是否一致，
        有没有没填的空（____、××），上年安排是否都有交代，数字与上年相比是否相差十倍以上，
        落款和日期。有必须修改的问题时退出码为 1。

        例如：townreport check 石浦镇2023年报告.docx
        """
        from bot import check_view
        from corpus.check import check_file

        report = check_file(app.store(), path, app.settings, town, year)
        if as_json:
            click.echo(json.dumps(check_view.check_json(report), ensure_ascii=False))
        else:
            click.echo(check_view.check_text(report))
        if report.must_fix:
            sys.exit(1)


def answer_figures(store, question: str, as_json: bool) -> bool:  # type: ignore[no-untyped-def]
    """Print the answer from figures, if the question is one (True), else nothing (False)."""
    from bot.figure_answers import answer_json, answer_text, figures_for

    found = figures_for(store, question)
    if found is None:
        return False
    click.echo(
        json.dumps(answer_json(found), ensure_ascii=False) if as_json else answer_text(found)
    )
    return True


def _file_bytes(t, suffix: str) -> bytes:  # type: ignore[no-untyped-def]
    from bot import district_view

    if suffix == ".xlsx":
        from bot.workbook import place_table_xlsx

        return place_table_xlsx(t)
    if suffix == ".png":
        from bot.charts import chart_png

        return chart_png(t)
    if suffix == ".csv":
        return district_view.place_table_csv(t).encode("utf-8-sig")  # Excel reads it as UTF-8
    if suffix == ".json":
        return json.dumps(district_view.place_table_json(t), ensure_ascii=False).encode("utf-8")
    return district_view.place_table_text(t, sources=True).encode("utf-8")
