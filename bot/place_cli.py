"""Places on the command line: ``townreport remove`` and how a place is shown (its path from
the province down, and its division code)."""

from __future__ import annotations

import click

from corpus.places.place import Place


def place_json(place: Place | None) -> dict[str, object]:
    if place is None:
        return {"name": None, "level": None, "city": None, "province": None, "code": None}
    return {
        "name": place.name,
        "level": place.level,
        "city": place.city,
        "province": place.province,
        "code": place.code,
        "path": list(place.path),
    }


def upper(place: Place | None) -> str:
    """省 › 市 › 区县 above a place, "—" when unknown."""
    if place is None or len(place.path) < 2:
        return "—"
    return "".join(place.path[:-1])


def register(cli: click.Group, app_type: type, handles_errors, fail) -> None:  # type: ignore[no-untyped-def]
    pass_app = click.make_pass_decorator(app_type)

    @cli.command()
    @click.argument("town")
    @click.argument("year", type=int)
    @click.option("--dry-run", is_flag=True, help="只列出将删除的内容，不删除。")
    @click.option("--yes", "-y", "assume_yes", is_flag=True, help="不再询问，直接删除。")
    @pass_app
    @handles_errors
    def remove(app, town: str, year: int, dry_run: bool, assume_yes: bool) -> None:  # type: ignore[no-untyped-def]
        """删除一个地方某年度的报告（连同其全部历史版本）。"""
        store = app.store(bundled=False)
        gone = store.remove(town, year, dry_run=True)
        label = gone[0].town
        click.echo(f"{label} {year}年：共 {len(gone)} 个版本", err=True)
        for r in gone:
            state = "历史版本" if r.superseded else "当前版本"
            click.echo(f"  {state}《{r.title}》，{r.passages} 段 ← {r.source_name}", err=True)
        if dry_run:
            click.echo("试运行：未删除任何内容。", err=True)
            return
        if not assume_yes and not click.confirm("确定删除吗？", default=False, err=True):
            fail("已取消，未删除任何内容。")
        store.remove(label, year)
        click.echo(f"已删除：{label} {year}年的报告（{len(gone)} 个版本）。", err=True)
