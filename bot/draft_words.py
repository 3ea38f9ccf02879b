"""Words for drafting and comparison outcomes, on the terminal and in the chat: what a draft
is based on, a saved template that failed (the built-in one drafted instead)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts

if TYPE_CHECKING:
    from drafting.compose import Draft, TemplateFallback

TERMINAL_EDIT = "请用 townreport template edit {template} 修正。"
CHAT_EDIT = "请管理员修正后重新上传（说明栏写“/template_set {template}”）。"


def note(d: Draft, edit: str = TERMINAL_EDIT) -> str:
    """What the draft is based on, and any fallback to the built-in template (``edit``: how
    to fix the saved one, worded for where it is shown)."""
    return basis(d) + (f"\n注意：{fallback(d.fallback, edit)}" if d.fallback else "")


def basis(d: Draft) -> str:
    if not d.has_source:
        have = "、".join(d.known)
        where = f"（已有{have}年的报告，都不早于{d.year}年）" if have else ""
        if not have and d.towns:
            where = f"（已有报告的地方：{'、'.join(d.towns)}；如输错了名称，请改正后重试）"
        return (
            f"数据库中没有{d.town}{d.year}年以前的报告{where}，"
            "已按模板生成空白框架；导入上一年度报告后再起草，可沿用其数字和安排。"
        )
    if not d.nearest_source:
        return f"依据{d.source_title}起草。"
    return (
        f"没有{d.town}{d.year - 1}年的报告，改为依据最近的"
        f"{d.source_year}年报告（{d.source_title}）起草。"
    )


def fallback(f: TemplateFallback, edit: str = TERMINAL_EDIT) -> str:
    return (
        f"保存的模板“{f.template}”在这里渲染失败（{texts.template_problem(f.problem)}），已改用内置模板起草；"
        + edit.format(template=f.template)
    )
