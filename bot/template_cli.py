"""`townreport template …`: list, show, edit, set, validate, history, diff, revert, reset, preview."""

from __future__ import annotations

import getpass
import re
from datetime import datetime
from pathlib import Path

import click

from bot.output import table
from corpus.errors import TownreportError
from drafting import templates
from drafting.compose import compose


def author() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "—"


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"无法读取 {path}：{exc.strerror or exc}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise click.ClickException(f"{path} 不是文本文件（请用 UTF-8 保存）。") from exc


def _report(validation: templates.Validation) -> None:
    for warning in validation.warnings:
        click.echo(f"提醒：{warning}", err=True)
    if validation.tried_with:
        click.echo(f"已用{validation.tried_with}试渲染，通过。", err=True)


def register(cli: click.Group, app_type: type, handles_errors, fail) -> None:  # type: ignore[no-untyped-def]
    pass_app = click.make_pass_decorator(app_type)

    @cli.group("template")
    def template_group() -> None:
        """管理起草模板（校验、沙箱渲染、保留全部历史版本）。"""

    @template_group.command("list")
    @pass_app
    @handles_errors
    def list_(app) -> None:  # type: ignore[no-untyped-def]
        """列出模板及当前版本。"""
        rows = [
            [
                t.name,
                "内置" if t.builtin else "自定义",
                t.version,
                t.author,
                _when(t.updated_at),
                t.message,
            ]
            for t in templates.listing(app.store())
        ]
        click.echo(table(["名称", "来源", "当前版本", "修改人", "时间", "说明"], rows))

    @template_group.command("show")
    @click.argument("name")
    @click.option("--version", "version", type=int, help="显示某一版本（0 为内置版本）。")
    @pass_app
    @handles_errors
    def show(app, name: str, version: int | None) -> None:  # type: ignore[no-untyped-def]
        """打印模板全文。"""
        click.echo(templates.source(app.store(), name, version), nl=False)

    @template_group.command("history")
    @click.argument("name")
    @pass_app
    @handles_errors
    def history(app, name: str) -> None:  # type: ignore[no-untyped-def]
        """列出模板的所有版本。"""
        rows = [
            [e.version, e.author, _when(e.created_at), e.message]
            for e in templates.history(app.store(), name)
        ]
        click.echo(table(["版本", "修改人", "时间", "说明"], rows))

    @template_group.command("diff")
    @click.argument("name")
    @click.argument("old", type=int)
    @click.argument("new", type=int)
    @pass_app
    @handles_errors
    def diff(app, name: str, old: int, new: int) -> None:  # type: ignore[no-untyped-def]
        """比较两个版本。"""
        click.echo(templates.diff(app.store(), name, old, new) or "两个版本内容相同。", nl=False)

    @template_group.command("validate")
    @click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
    @pass_app
    @handles_errors
    def validate(app, path: Path) -> None:  # type: ignore[no-untyped-def]
        """校验模板文件（语法、变量、试渲染），不保存。"""
        _report(templates.validate(app.store(), _read(path)))
        click.echo("模板有效。")

    @template_group.command("set")
    @click.argument("name")
    @click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
    @click.option("-m", "--message", default="", help="修改说明。")
    @pass_app
    @handles_errors
    def set_(app, name: str, path: Path, message: str) -> None:  # type: ignore[no-untyped-def]
        """把文件保存为模板的新版本（先校验）。"""
        saved, checked = templates.save(app.store(), name, _read(path), author(), message)
        _report(checked)
        click.echo(f"已保存：模板“{name}”第 {saved.version} 版。")

    @template_group.command("edit")
    @click.argument("name")
    @click.option("-m", "--message", default="", help="修改说明。")
    @pass_app
    @handles_errors
    def edit(app, name: str, message: str) -> None:  # type: ignore[no-untyped-def]
        """用 $EDITOR 编辑模板；校验通过才保存，不通过时保留你的文字。"""
        templates.check_name(name)  # a refused name is said before any editing, not after
        store = app.store()
        original = templates.source(store, name) if name in templates.all_names(store) else ""
        edited = click.edit(original, extension=".md.j2", require_save=True)
        if edited is None or edited == original:
            click.echo("没有修改，未保存。", err=True)
            return
        try:
            saved, checked = templates.save(store, name, edited, author(), message)
        except TownreportError as exc:  # TemplateProblem, a refused name, a database error
            from bot.cli import worded

            kept = _keep(app.settings.data_dir, name, edited)
            fail(
                f"{worded(exc)}\n未保存。你的修改已另存为 {kept}，改好后可用 townreport template set {name} {kept} 保存。"
            )
        _report(checked)
        click.echo(f"已保存：模板“{name}”第 {saved.version} 版。")

    @template_group.command("revert")
    @click.argument("name")
    @click.argument("version", type=int)
    @pass_app
    @handles_errors
    def revert(app, name: str, version: int) -> None:  # type: ignore[no-untyped-def]
        """恢复到以前的某一版本（作为新版本保存，历史不丢）。"""
        saved = templates.revert(app.store(), name, version, author())
        click.echo(f"已恢复：模板“{name}”第 {saved.version} 版 = 原第 {version} 版。")

    @template_group.command("reset")
    @click.argument("name")
    @pass_app
    @handles_errors
    def reset(app, name: str) -> None:  # type: ignore[no-untyped-def]
        """恢复为内置版本。"""
        saved = templates.reset(app.store(), name, author())
        click.echo(f"已恢复内置版本：模板“{name}”第 {saved.version} 版。")

    @template_group.command("preview")
    @click.argument("name")
    @click.argument("town")
    @click.argument("year", type=int)
    @pass_app
    @handles_errors
    def preview(app, name: str, town: str, year: int) -> None:  # type: ignore[no-untyped-def]
        """用真实报告渲染模板，打印 Markdown。"""
        draft = compose(app.store(), town, year, template=name, fallback=False)
        click.echo(draft.note, err=True)
        click.echo(draft.markdown, nl=False)


def _keep(data_dir: Path, name: str, text: str) -> Path:
    folder = data_dir / "unsaved-templates"
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^\w\-]+", "_", name)[:64] or "template"
    path = folder / f"{safe}-{datetime.now():%Y%m%d-%H%M%S}.md.j2"
    path.write_text(text, encoding="utf-8")
    return path
