"""问答：理解问题、分词、检索并给段落打分，返回带出处的 Hit 或说明为何没有的结果。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.search.answer import Answer, Hit, ask
    from corpus.search.query import Question, understand

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Answer": "answer",
    "Hit": "answer",
    "ask": "answer",
    "Question": "query",
    "understand": "query",
}
__all__ = ["Answer", "Hit", "Question", "ask", "understand"]

__getattr__ = lazy(__name__, _EXPORTS)
