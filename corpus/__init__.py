"""corpus：读取、存储、检索乡镇法治政府建设情况报告。

库代码只返回数据（冻结的 dataclass），不打印、不发送；输出由 bot/ 中的适配器负责。
"""

from corpus.errors import TownreportError
from corpus.settings import Settings

__all__ = ["Settings", "TownreportError"]
