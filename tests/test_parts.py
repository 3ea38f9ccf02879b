"""Last year's report regrouped under the four mandated parts (drafting/parts.py)."""

from corpus.figures.extract import report_figures
from corpus.reading.files import read_bytes
from corpus.reading.parse import parse
from drafting.context import build
from drafting.parts import build_parts
from drafting.sandbox import render
from drafting.templates import builtin

# Written for this test in a form other provinces use: the 第一责任人 part as a sub-heading of
# the work done, problems and plans under one heading, a figure before the first heading.
REPORT = """青石乡2023年法治政府建设工作情况报告

县人民政府：

2023年，青石乡党委书记履行推进法治建设第一责任人职责，带头讲法治课2次。全乡共化解矛盾纠纷58件。

一、主要工作

（一）推进依法决策

全年提交乡党委会议合法性审查的重大事项12件。

（二）党政主要负责人履行推进法治建设第一责任人职责

乡长主持召开专题会议研究法治政府建设4次。

二、存在问题及下一步打算

（一）存在的问题

仍有3个村的法律顾问未能按月到村服务。

（二）下一步打算

1.完善村法律顾问考核办法

2.加强执法人员培训

青石乡人民政府

2024年1月8日
"""


def _report():  # type: ignore[no-untyped-def]
    return parse(read_bytes(REPORT.encode("utf-8"), "青石乡.txt", ".txt"))


def test_sections_and_figures_go_to_their_parts() -> None:
    report = _report()
    parts, overview, preamble = build_parts(report, report_figures(report))
    assert [f.as_written for f in overview] == ["58件"]
    assert preamble and "化解矛盾纠纷58件" in preamble[0]
    duty = parts["duty"]
    assert [f.as_written for f in duty.figures] == ["2次", "4次"]  # preamble, then the heading
    assert duty.headings == ("（二）党政主要负责人履行推进法治建设第一责任人职责",)
    assert [i.title for i in parts["achievements"].items] == ["推进依法决策"]
    problems = parts["problems"]
    assert problems.headings == ("（一）存在的问题",) and problems.items == ()
    assert [f.as_written for f in problems.figures] == ["3个"]
    assert problems.prompt == "仍有3个村的法律顾问未能按月到村服务。"
    plans = parts["plans"]
    assert [i.label for i in plans.items] == [
        "（一）完善村法律顾问考核办法",
        "（二）加强执法人员培训",
    ]


def test_the_default_template_places_them() -> None:
    report = _report()
    md = render(builtin("default"), build(report, report_figures(report), 2024, "青石乡.txt"))
    one, rest = md.split("\n## 二、", 1)
    two, rest = rest.split("\n## 三、", 1)
    three, four = rest.split("\n## 四、", 1)
    assert "- 化解矛盾纠纷____件（2023年：58件）" in one
    assert "（2023年：12件）" in one and "（2023年：2次）" not in one
    assert "- 带头讲法治课____次（2023年：2次）" in three and "（2023年：4次）" in three
    assert "（2023年：3个）" in two and "> 【上年内容】仍有3个村" in two
    assert "- [ ] 完善村法律顾问考核办法" in four
    assert "@主送 县人民政府：" in md and "@落款 青石乡人民政府" in md
    assert "2024年，青石乡在县委、县政府的领导下" in md  # the 主送机关 is a county government
