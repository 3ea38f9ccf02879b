"""Chat replies as Telegram HTML: escaped, cited, and split to fit one message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from corpus.ingest import IngestResult
from corpus.search import Hit
from corpus.series import Comparison
from corpus.store import StoredReport
from drafting.compose import Draft

MAX_MESSAGE = 4096
PASSAGE_LIMIT = 2500

HELP = """<b>townreport 法治政府建设报告助手</b>

直接发问题即可，例如：
• 辛口镇2022年法律顾问审查了多少份合同？
• 杨柳青镇2023年存在哪些不足？
• 八里台镇2025年普法宣传打算怎么开展？

命令：
/reports — 已导入的乡镇和年度；/reports 乡镇 — 只看一个乡镇
/figures 乡镇 年度 — 一份报告中的全部数字
/compare 乡镇 年度1 年度2 — 两年数字对比
/draft 乡镇 年度 — 起草本年度报告（Word 文件）；只发 /draft 会一步步问
/help — 显示本说明

管理员：
• 发送 .txt / .docx / .pdf 报告文件即导入，说明栏写“辛口镇 2023”可指定乡镇和年度
/templates — 模板列表
/template 名称 — 取得模板文件
发送 .j2 模板文件，说明栏写“/template_set 名称 修改说明” — 上传新版本
/template_history 名称 — 版本历史
/template_revert 名称 版本 — 恢复到某一版本"""


def stranger(user_id: int) -> str:
    return (
        "您好！这个机器人只对登记过的工作人员开放。\n"
        f"您的 Telegram 用户 ID 是 <code>{user_id}</code>。"
        "请把这个 ID 发给管理员，由管理员加入 TOWNREPORT_ALLOWED_USERS 后即可使用。"
    )


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


def chat_hint(text: str) -> str:
    """Library messages name CLI commands; in chat, say what to do here instead."""
    return text.replace("用 townreport ingest 导入。", "管理员可以直接发送报告文件导入。")


def not_found(hint: str | None) -> str:
    return escape(chat_hint(hint or "未找到相关内容。"))


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
    carried = f"沿用{d.source_year}年数字 {d.figures} 个，上年度安排 {d.plans} 项，"
    return (
        f"<b>{escape(d.town)}{d.year}年度法治政府建设情况报告（草稿）</b>\n"
        f"{escape(d.note)}\n"
        f"{carried if d.has_source else ''}"
        f"待填写 {d.placeholders} 处（文中黄色“____”）。"
    )


def ingested(r: IngestResult, name: str) -> str:
    if r.error:
        return f"导入失败：{escape(r.error.replace(r.path, name))}"
    status = {
        "added": "已导入",
        "replaced": "已导入新版本（旧版本保留）",
        "restored": "已恢复为当前版本",
        "unchanged": "内容与已有版本相同，未改动",
    }.get(r.status, r.status)
    return f"{status}：{escape(r.town or '')} {r.year}年《{escape(r.title or '')}》，{r.passages} 段。现在可以直接提问。"


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split a long reply at paragraph or line breaks into messages of at most ``limit``."""
    parts: list[str] = []
    current = ""
    for block in text.split("\n"):
        while len(block) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(block[:limit])
            block = block[limit:]
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) > limit:
            parts.append(current)
            current = block
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
