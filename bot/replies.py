"""Chat replies as Telegram HTML: escaped and cited. Every word the bot says lives here or in
bot/texts.py; library outcomes and errors arrive as data and are worded for the chat here, never
with command-line advice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from bot.answer_words import place_lead, scope_note, whole_heading
from bot.htmlsplit import split_html
from corpus.errors import (
    InputFileError,
    MissingMetadataError,
    ReportNotFoundError,
    TownreportError,
    towns_listing,
)
from corpus.figures.series import Comparison
from corpus.ingest import IngestResult
from corpus.search.answer import Answer, Hit
from corpus.storage.store import StoredReport
from drafting.compose import Draft

PASSAGE_LIMIT = 2500
UPLOAD = "管理员可以直接在这里发送报告文件导入。"


def hit(h: Hit, rank: int | None = None) -> str:
    passage = h.text if len(h.text) <= PASSAGE_LIMIT else h.text[:PASSAGE_LIMIT] + "…"
    head = f"{rank}. " if rank else ""
    return (
        f"{head}{escape(h.snippet)}\n"
        f"<blockquote expandable>{escape(passage)}</blockquote>\n"
        f"—— {escape(h.town)} {h.year}年《{escape(h.title)}》\n"
        f"<i>{escape(h.section or '开头部分')}</i>"
    )


def hits(items: Sequence[Hit], start: int = 1) -> str:
    return "\n\n".join(hit(h, start + i) for i, h in enumerate(items))


def lead(answer: Answer) -> str:
    """What the answer says before its passages: 去年 = 2025年, 答：枫桥镇…, 全文 heading."""
    said = [x for x in (scope_note(answer), place_lead(answer), whole_heading(answer)) if x]
    return "".join(f"{escape(x)}\n" for x in said)


def not_found(hint: str | None, reason: TownreportError | None = None) -> str:
    """No answer: the library's reason worded for the chat, else its hint."""
    if reason is not None:
        return escape(error(reason))
    return escape(hint or "未找到相关内容。")


def error(exc: TownreportError, name: str | None = None) -> str:
    """A library error as plain chat text, from its fields (``name``: the uploaded file)."""
    if isinstance(exc, ReportNotFoundError):
        return report_not_found(exc)
    if isinstance(exc, MissingMetadataError):
        what = "、".join({"town": "乡镇名称", "year": "报告年度"}[m] for m in exc.missing)
        return (
            f"{name or exc.path}：无法从标题、正文或落款中识别{what}。"
            "请重新发送这个文件，并在说明栏写上乡镇和年度，例如：辛口镇 2023"
        )
    if isinstance(exc, InputFileError):
        return f"{name or exc.path}：{exc.reason}"
    return str(exc)


def report_not_found(e: ReportNotFoundError) -> str:
    if not e.available:
        return f"还没有导入任何报告。{UPLOAD}"
    if e.town in e.available:
        years = "、".join(str(y) for y in sorted(e.available[e.town]))
        return f"未找到{e.town}{e.year}年的报告。已有：{years}。{UPLOAD}"
    when = f"{e.year}年" if e.year else ""
    return f"未找到{e.town}{when}的报告。已有：{towns_listing(e.available, e.town)}。{UPLOAD}"


def no_source(town: str, year: int, years: Sequence[int]) -> str:
    """/draft for a year with no earlier report of the town to draft from."""
    have = f"（已有：{'、'.join(map(str, years))}）" if years else ""
    return (
        f"没有{escape(town)}{year}年以前的报告可作起草依据{have}。"
        f"管理员可以先发送{escape(town)}{year - 1}年的报告文件导入。"
    )


TOWNS_LISTED = 40  # past this, /reports lists the first ones and says how to see one town


def reports(rows: Sequence[StoredReport]) -> str:
    if not rows:
        return "还没有导入任何报告。管理员可以直接发送报告文件导入。"
    by_town: dict[str, list[str]] = {}
    for r in rows:
        by_town.setdefault(r.town, []).append(str(r.year))
    lines = [f"• {escape(t)}：{'、'.join(ys)}" for t, ys in list(by_town.items())[:TOWNS_LISTED]]
    if len(by_town) <= TOWNS_LISTED:
        return "<b>已导入的报告</b>\n" + "\n".join(lines)
    return (
        f"<b>已导入 {len(by_town)} 个乡镇的 {len(rows)} 份报告</b>（以下为前 {TOWNS_LISTED} 个；"
        "发送“/reports 乡镇名”查看某个乡镇）\n" + "\n".join(lines)
    )


def many_towns(available: Mapping[str, Sequence[int]]) -> str:
    """Too many towns for buttons: say how to ask for a draft directly."""
    town, years = next(iter(available.items()))
    return (
        f"已导入 {len(available)} 个乡镇的报告，请直接发送“/draft 乡镇 年度”，"
        f"例如：/draft {escape(town)} {max(years) + 1}"
    )


def figures(town: str, year: int, items: Sequence[tuple[str, str]]) -> str:
    if not items:
        return f"{escape(town)}{year}年的报告中没有找到数字。"
    lines = [f"• {escape(label)}：<b>{escape(value)}</b>" for label, value in items]
    return f"<b>{escape(town)}{year}年报告中的数字（{len(items)} 个）</b>\n" + "\n".join(lines)


def comparison(c: Comparison) -> str:
    lines = []
    for ch in c.changes:
        before = ch.before.as_written if ch.before else "—"
        after = ch.after.as_written if ch.after else "—"
        delta = f"（{ch.delta:+g}）" if ch.delta is not None else ""
        lines.append(f"• {escape(ch.label)}：{escape(before)} → {escape(after)}{delta}")
    title = f"<b>{escape(c.town)} {c.before_year}年 → {c.after_year}年</b>"
    return title + "\n" + "\n".join(lines or ["没有可对比的数字。"])


def draft_summary(d: Draft) -> str:
    return (
        f"<b>{escape(d.town)}{d.year}年度法治政府建设情况报告（草稿）</b>\n"
        f"{escape(d.note)}\n"
        f"沿用{d.source_year}年数字 {d.figures} 个，上年度安排 {d.plans} 项，"
        f"待填写 {d.placeholders} 处（文中黄色“____”）。"
    )


def upload_failed(name: str, problem: TownreportError | None) -> str:
    if problem is None:
        return f"导入失败：{escape(name)} 无法导入。"
    return f"导入失败：{escape(error(problem, name))}"


def ingested(r: IngestResult, name: str) -> str:
    status = {
        "added": "已导入",
        "replaced": "已导入新版本（旧版本保留）",
        "restored": "已恢复为当前版本",
        "unchanged": "内容与已有版本相同，未改动",
    }.get(r.status, r.status)
    return f"{status}：{escape(r.town or '')} {r.year}年《{escape(r.title or '')}》，{r.passages} 段。现在可以直接提问。"


def split(text: str) -> list[str]:
    """A reply as messages that fit Telegram's limit, each well-formed HTML."""
    return split_html(text)
