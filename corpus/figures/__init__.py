"""数字：从报告中提取统计数字、判断标准指标、跨年度配对、各地对比与数字问答。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.figures.comparison import PlaceTable, compare_places
    from corpus.figures.extract import Figure, PlacedFigure, report_figures
    from corpus.figures.indicators import classify
    from corpus.figures.questions import FigureAnswer, figure_answer
    from corpus.figures.series import Comparison, compare_years

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Figure": "extract",
    "PlacedFigure": "extract",
    "report_figures": "extract",
    "Comparison": "series",
    "compare_years": "series",
    "PlaceTable": "comparison",
    "compare_places": "comparison",
    "FigureAnswer": "questions",
    "figure_answer": "questions",
    "classify": "indicators",
}
__all__ = [
    "Comparison",
    "Figure",
    "FigureAnswer",
    "PlaceTable",
    "PlacedFigure",
    "classify",
    "compare_places",
    "compare_years",
    "figure_answer",
    "report_figures",
]

__getattr__ = lazy(__name__, _EXPORTS)
