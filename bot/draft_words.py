"""Words for drafting and comparison outcomes, on the terminal and in the chat: what a draft
is based on, a saved template that failed (the built-in one drafted instead), nothing to draft
from, a county or an indicator not found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.errors import NoSourceReportError, TownreportError

if TYPE_CHECKING:
    from corpus.figures.comparison import CountyNotFoundError, UnknownIndicatorError
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
        f"保存的模板“{f.template}”在这里渲染失败（{f.problem}），已改用内置模板起草；"
        + edit.format(template=f.template)
    )


def no_source(e: NoSourceReportError) -> str:
    """On the terminal: no earlier report of the place to draft from."""
    have = "、".join(map(str, e.known))
    return (
        f"没有{e.place}{e.year}年以前的报告可作依据（已有：{have}）。"
        f"请先用 townreport ingest 导入{e.place}{e.year - 1}年的报告。"
    )


def county_not_found(e: CountyNotFoundError) -> str:
    have = "、".join(e.counties[:12]) or "（还没有任何乡镇报告）"
    return f"没有找到“{e.name}”所辖乡镇街道的报告。已有区县：{have}。"


def unknown_indicator(e: UnknownIndicatorError) -> str:
    hint = f"最接近的有：{'、'.join(e.close)}。" if e.close else ""
    return f"没有名为“{e.name}”的标准指标。{hint}全部指标见 corpus/dict/indicators.txt。"


def terminal_error(exc: TownreportError) -> str:
    """A library error as one terminal message: drafting's and comparison's own, else as the
    error says."""
    from corpus.figures.comparison import CountyNotFoundError, UnknownIndicatorError

    if isinstance(exc, NoSourceReportError):
        return no_source(exc)
    if isinstance(exc, CountyNotFoundError):
        return county_not_found(exc)
    if isinstance(exc, UnknownIndicatorError):
        return unknown_indicator(exc)
    return str(exc)
