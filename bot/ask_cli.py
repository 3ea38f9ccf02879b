"""``townreport ask``: one question, or a JSONL file of them, answered with cited passages
(or from figures, for rankings, listings and series)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import click

from bot import terminal
from bot.cli import App, fail, handles_errors
from bot.click_zh import ChineseCommand
from bot.output import emit_json
from bot.shapes import ANSWER

if TYPE_CHECKING:
    from corpus.search.answer import Answer
    from corpus.storage.store import Store


@dataclass(frozen=True)
class Asked:
    """One answered question and its id in the batch file (None for a single question)."""

    id: object
    answer: Answer


@click.command("ask", cls=ChineseCommand)
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
            emit_json(ANSWER(Asked(None, answer)))
        else:
            click.echo(answer_text(answer))
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
            emit_json(ANSWER(Asked(qid, answer)))
        else:
            click.echo(f"[{qid}] {answer_text(answer)}\n")


def answer_figures(store: Store, question: str, as_json: bool) -> bool:
    """Print the answer from figures, if the question is one (True), else nothing (False)."""
    from bot import figure_answers

    found = figure_answers.figures_for(store, question)
    if found is None:
        return False
    if as_json:
        emit_json(figure_answers.answer_json(found))
    else:
        click.echo(figure_answers.answer_text(found))
    return True


def _today() -> date | None:
    """今年/去年 are dated by today; TOWNREPORT_TODAY (YYYY-MM-DD) fixes the date for
    reproducible runs and tests."""
    value = os.environ.get("TOWNREPORT_TODAY")
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        fail(f"TOWNREPORT_TODAY 应写成 YYYY-MM-DD，例如 2026-12-01，而不是“{value}”。")


def answer_text(answer: Answer) -> str:
    from bot.answer_words import place_lead, scope_note, whole_heading

    lines = [f"问：{answer.question}"]
    lines += [x for x in (scope_note(answer), place_lead(answer)) if x]
    if not answer.hits:
        return "\n".join([*lines, terminal.answer_hint(answer) or "未找到相关内容。"])
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
