"""问答：理解问题、分词、检索并给段落打分，返回带出处的 Hit 或说明为何没有的结果。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.search.answer import Answer, Hit, ask, prepare
    from corpus.search.query import Question, understand

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Answer": "answer",
    "Hit": "answer",
    "ask": "answer",
    "prepare": "answer",
    "Question": "query",
    "understand": "query",
}
__all__ = ["Answer", "Hit", "Question", "ask", "prepare", "understand"]

__getattr__ = lazy(__name__, _EXPORTS)
