"""The mandated parts of a 法治政府建设情况报告, recognised from headings.

一、主要举措和成效 (achievements); 二、存在的不足和原因 (problems); 三、党政主要负责人履行
推进法治建设第一责任人职责情况 (duty); 四、下一年度主要安排 (plans). Towns word their headings
freely ("存在问题及下一步打算"), so a heading can name more than one part; then the headings
under it decide. ``part`` places a section, and so every passage and figure in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ORDER = ("achievements", "problems", "duty", "plans")  # as the report must present them
_PRECEDENCE = ("plans", "problems", "duty")  # decides for a heading that names several
_PATTERNS = {
    "plans": re.compile(r"安排|计划|打算|下一步|下步|思路|展望|工作重点|努力方向"),
    "problems": re.compile(r"不足|问题|短板|差距|困难|薄弱"),
    "duty": re.compile(r"第一责任人|主要负责人"),
}
# strong enough to move a sub-heading of 主要举措 into 三 ("（五）党政主要负责人履职情况")
_DUTY_SUBHEADING = re.compile(r"第一责任人|主要负责人.{0,8}(?:履职|履行|职责)")


def kinds(heading: str) -> frozenset[str]:
    """Every mandated part a heading names (none: an achievements heading)."""
    return frozenset(k for k in _PRECEDENCE if _PATTERNS[k].search(heading))


def kind(heading: str) -> str:
    """The one part a heading belongs to: plans, problems, duty or achievements."""
    named = kinds(heading)
    return next((k for k in _PRECEDENCE if k in named), "achievements")


def part(path: Sequence[str], text: str = "") -> str:
    """The part a section belongs to, from its headings (top-level first).

    A top-level heading naming one part decides. One naming several ("存在问题及下一步打算")
    leaves it to the first heading below that names exactly one of them. Under an
    achievements heading only an explicit 第一责任人 sub-heading moves a section to duty.
    Before the first heading (``path`` empty) the ``text`` decides: 第一责任人 → duty.
    """
    if not path:
        return "duty" if _DUTY_SUBHEADING.search(text) else "achievements"
    top = kinds(path[0])
    if len(top) > 1:
        for heading in path[1:]:
            named = kinds(heading) & top
            if len(named) == 1:
                return next(iter(named))
    if not top and any(_DUTY_SUBHEADING.search(h) for h in path[1:]):
        return "duty"
    return kind(path[0])


def split_path(section: str) -> tuple[str, ...]:
    """A stored section path ("一、… › （三）…") as its headings."""
    return tuple(p for p in section.split(" › ") if p) if section else ()
