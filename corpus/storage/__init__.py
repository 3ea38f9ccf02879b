"""存储：唯一与数据库打交道的地方——引擎与会话、模型、迁移、各数据库方言的全文索引、模板版本。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.storage.records import StoredReport
    from corpus.storage.store import Store, open_store

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Store": "store",
    "StoredReport": "records",
    "open_store": "store",
}
__all__ = ["Store", "StoredReport", "open_store"]

__getattr__ = lazy(__name__, _EXPORTS)
