"""从文件到报告：读取 .txt/.docx/.pdf、清理文字、解析标题层级与段落、法定四部分、入库前的全部计算。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.reading.files import SUPPORTED, read_file
    from corpus.reading.outline import ORDER, part
    from corpus.reading.parse import Passage, Report, Section
    from corpus.reading.prepare import Prepared, prepare

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "read_file": "files",
    "SUPPORTED": "files",
    "Report": "parse",
    "Section": "parse",
    "Passage": "parse",
    "Prepared": "prepare",
    "prepare": "prepare",
    "ORDER": "outline",
    "part": "outline",
}
__all__ = [
    "ORDER",
    "SUPPORTED",
    "Passage",
    "Prepared",
    "Report",
    "Section",
    "part",
    "prepare",
    "read_file",
]

__getattr__ = lazy(__name__, _EXPORTS)
