"""Rebuild ``corpus/dict/units.txt``, the measure words and units a figure can end in.

    pip download --no-deps jionlp==1.5.31 -d /tmp/jionlp   # the lexicon is read from the wheel
    python bench/build_units.py /tmp/jionlp/jionlp-1.5.31-py2.py3-none-any.whl

Sources (both ship with their packages; neither is needed at run time):
- jionlp (Apache-2.0), ``dictionary/quantifiers_stat.txt``: 206 measure words counted in a
  part-of-speech-tagged corpus, with how often each word is tagged a measure word;
- jieba (MIT, already a dependency), ``dict.txt``: the one-character words tagged ``q``.

Then the compounds that reports build from them (人次, 场次, 个百分点, 万元, 亿元 …), and the
words after a number that make it a date, a time, an age or a duration rather than a count
(年, 月, 个月, 岁, 分钟 …): those are listed as ``不计`` so that the longest match finds them.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "corpus" / "dict" / "units.txt"
LEXICON = "jionlp/dictionary/quantifiers_stat.txt"

# a number before these is a date, a clock time, an age or a length of time
NOT_COUNTS_TEXT = """年 月 日 号 周 天 岁 周岁 点 分 秒 时 分钟 小时 刻钟 点钟 周年 辈子 代 个月 个星期
个小时 个季度 季度 星期 年度 年级 届次 世纪 倍 成 折 度 摄氏度"""
# the words these packages tag as measure words that, in these reports, are something else:
# reduplications (层层, 年年), currencies and symbols, and single characters that read as
# nouns or verbs after a number far more often than as measure words (方 in 三方协议)
DROP_TEXT = "些 方 分 平方 立方 天元 立元 米 口 曲 尺 寸 胎 伙 席 丝 瓦 滴 桌 厢 盆 吋 磅 乇"
# measure words that take 次 ("120件次"); then compounds, money units and the measure words
# the two lexicons miss (卷 in 评查案卷40卷, 单 in 工单320单)
TAKE_CI_TEXT = "人 件 批 户 场 车 架 台 辆 家 起 项 条 宗 期 轮 班 课 艘 所 个"
COMPOUNDS_TEXT = """个百分点 百分点 学时 课时 个学时 个课时 工作日 个工作日 人 万元 亿元 千元 百元 万亩 万平方米 平方米
平方公里 公里 例 门 间 棵 幅 块 面 本 部 支 处 宗 所 起 项 件 条 卷 单 顶 串"""
NOT_COUNTS, DROP = NOT_COUNTS_TEXT.split(), frozenset(DROP_TEXT.split())
TAKE_CI, COMPOUNDS = TAKE_CI_TEXT.split(), COMPOUNDS_TEXT.split()


def read_lexicon(wheel: Path) -> list[tuple[str, float]]:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(LEXICON).decode("utf-8")
    out = []
    for line in text.splitlines():
        word, _, prob = line.split("\t")
        out.append((word, float(prob)))
    return out


def jieba_measure_chars() -> list[str]:
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, tag = line.split()
            if tag == "q" and len(word) == 1:
                out.append(word)
    return out


def keep(word: str) -> bool:
    cjk = re.fullmatch(r"[\u4e00-\u9fff]+", word) is not None
    reduplicated = len(word) == 2 and word[0] == word[1]
    return cjk and not reduplicated and word not in DROP and word not in NOT_COUNTS


def main(wheel: Path) -> None:
    entries: dict[str, str] = {}
    for word, prob in read_lexicon(wheel):
        if keep(word):
            entries[word] = f"jionlp {prob:.2f}"
    for word in jieba_measure_chars():
        if keep(word):
            entries.setdefault(word, "jieba")
    for word in [*(w + "次" for w in TAKE_CI), *COMPOUNDS]:
        entries.setdefault(word, "复合")
    lines = [
        "# 量词与单位：数字后面紧跟其中一个词，才可能是统计数字（最长匹配优先）。",
        "# 由 bench/build_units.py 生成：jionlp 量词词典（Apache-2.0）、jieba 词典中词性为 q 的",
        "# 单字（MIT），加上报告常用的复合单位。可以手工增删；每行：词 类别 [来源]。",
        "# 类别：计 = 计数或金额的单位；不计 = 数字后接它是日期、时间、年龄或时长，不是统计数字。",
        "% 计 符号",
    ]
    lines += [f"{w} 计 {src}" for w, src in entries.items()]
    lines += [f"{w} 不计" for w in NOT_COUNTS]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(entries) + 1} 个计数单位，{len(NOT_COUNTS)} 个不计，写入 {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
