"""The mandated parts of a 法治政府建设情况报告, recognised from a top-level heading.

一、主要举措和成效 (achievements); 二、存在的不足和原因 (problems); 三、党政主要负责人履行
推进法治建设第一责任人职责情况 (duty); 四、下一年度主要安排 (plans). Towns word their headings
freely ("存在问题及下一步打算"), so a heading can name more than one part.
"""

from __future__ import annotations

import re

ORDER = ("achievements", "problems", "duty", "plans")  # as the report must present them
_PRECEDENCE = ("plans", "problems", "duty")  # decides for a heading that names several
_PATTERNS = {
    "plans": re.compile(r"安排|计划|打算|下一步|下步|思路|展望|工作重点|努力方向"),
    "problems": re.compile(r"不足|问题|短板|差距|困难|薄弱"),
    "duty": re.compile(r"第一责任人|主要负责人"),
}


def kinds(heading: str) -> frozenset[str]:
    """Every mandated part a heading names (none: an achievements heading)."""
    return frozenset(k for k in _PRECEDENCE if _PATTERNS[k].search(heading))


def kind(heading: str) -> str:
    """The one part a heading belongs to: plans, problems, duty or achievements."""
    named = kinds(heading)
    return next((k for k in _PRECEDENCE if k in named), "achievements")
