"""Charts of a county's table as PNG (matplotlib, Agg): for one year a bar chart per indicator
across places, numbers on the bars; for several years a line chart per indicator with one line
per place. Titles and labels are Chinese, in a CJK font found on the machine."""

from __future__ import annotations

import io
import math
from functools import lru_cache
from pathlib import Path

from corpus.errors import TownreportError
from corpus.figures.comparison import PlaceTable

# faces tried in order; the first the machine has is used (fonts-noto-cjk gives the first)
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UKai CN",
    "AR PL UMing CN",
    "Droid Sans Fallback",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
)
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
SAMPLE = "法治政府建设各镇数字对比"


class ChartFontError(TownreportError):
    """No font on this machine can draw Chinese; nothing was drawn."""

    def __init__(self) -> None:
        super().__init__(
            "没有找到可以显示中文的字体，无法画图。请安装 Noto CJK 字体："
            "Debian/Ubuntu 运行 sudo apt-get install fonts-noto-cjk（其他系统安装思源黑体"
            "或文泉驿字体），然后重试；表格、JSON、CSV 和 Excel 输出不受影响。"
        )


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """The family name of an installed font that covers Chinese, or ChartFontError."""
    from matplotlib import font_manager

    have = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in have:
            return family
    for path in _cjk_files():  # a font matplotlib's cache does not know yet
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        if _covers_chinese(path):
            return name
    raise ChartFontError()


def _cjk_files() -> list[Path]:
    out = []
    for folder in FONT_DIRS:
        root = Path(folder)
        if root.is_dir():
            for path in root.rglob("*"):
                low = path.name.lower()
                if path.suffix.lower() in (".ttf", ".otf", ".ttc") and any(
                    k in low for k in ("cjk", "wqy", "sourcehan", "ukai", "uming", "fallback")
                ):
                    out.append(path)
    return sorted(out)


def _covers_chinese(path: Path) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(c)) for c in SAMPLE)


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    family = cjk_font()
    pyplot.rcParams["font.family"] = "sans-serif"
    pyplot.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    pyplot.rcParams["axes.unicode_minus"] = False
    return pyplot


def chart_png(t: PlaceTable) -> bytes:
    """Bars across places for one year, lines across years for several; one panel per
    indicator that has any figure."""
    shown = [i for i in t.indicators if t.of(i)]
    if not shown:
        raise TownreportError(f"{t.county}：所选指标在各地报告中都没有数字，无法画图。")
    plt = _pyplot()
    cols = 1 if len(shown) == 1 else 2
    rows = math.ceil(len(shown) / cols)
    width = max(7.0, 0.9 * len(t.places) + 2) * cols
    fig, axes = plt.subplots(rows, cols, figsize=(width, 4.6 * rows), squeeze=False)
    for k, indicator in enumerate(shown):
        ax = axes[k // cols][k % cols]
        if len(t.years) == 1:
            _bars(ax, t, indicator)
        else:
            _lines(ax, t, indicator)
    for k in range(len(shown), rows * cols):
        axes[k // cols][k % cols].axis("off")
    when = f"{t.years[0]}年" if len(t.years) == 1 else f"{t.years[0]}—{t.years[-1]}年"
    fig.suptitle(f"{t.county}各乡镇（街道）{when}法治政府建设数字对比", fontsize=15)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110)
    plt.close(fig)
    return out.getvalue()


def _unit_label(t: PlaceTable, indicator: str) -> str:
    units = t.units(indicator)
    return f"（{'、'.join(units)}）" if units else ""


def _bars(ax, t: PlaceTable, indicator: str) -> None:  # type: ignore[no-untyped-def]
    (year,) = t.years
    cells = [t.cell(p, year, indicator) for p in t.places]
    values = [c.figure.value if c else 0 for c in cells]
    bars = ax.bar(range(len(t.places)), values, color="#3A78B4")
    labels = [c.figure.as_written if c else "未报告" for c in cells]
    ax.bar_label(bars, labels=labels, padding=2, fontsize=9)
    for k, c in enumerate(cells):
        if c is None:
            bars[k].set_alpha(0)  # no bar, never a zero: the label says 未报告
    ax.set_xticks(range(len(t.places)), t.places, rotation=30, ha="right")
    ax.set_title(f"{indicator}{_unit_label(t, indicator)}")
    ax.set_ylabel(indicator)
    ax.margins(y=0.18)


def _lines(ax, t: PlaceTable, indicator: str) -> None:  # type: ignore[no-untyped-def]
    for place in t.places:
        points = [(y, c) for y in t.years if (c := t.cell(place, y, indicator))]
        if not points:
            continue
        xs = [y for y, _ in points]
        ys = [c.figure.value for _, c in points]
        (line,) = ax.plot(xs, ys, marker="o", label=place)
        for x, y, (_, c) in zip(xs, ys, points, strict=True):
            ax.annotate(
                c.figure.as_written,
                (x, y),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=8,
                color=line.get_color(),
            )
    ax.set_xticks(list(t.years), [f"{y}年" for y in t.years])
    ax.set_title(f"{indicator}{_unit_label(t, indicator)}")
    ax.set_ylabel(indicator)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.margins(y=0.18)
