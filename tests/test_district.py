"""The county's view, through the installed ``townreport`` command: a table of seven places over
two years, the workbook read back with openpyxl, the chart decoded, a "哪个镇…最多" question
answered from figures, and the report check (clean, and with a missing part, a blank and a
wrong year)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.district_texts import TOWNS, flawed_report, report_text, town, write_county
from tests.fakebot import townreport_command


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("county")
    env = {**os.environ, "TOWNREPORT_DATA_DIR": str(root / "data"), "TOWNREPORT_AUTO_INGEST": "0"}
    env["TOWNREPORT_DATABASE_URL"] = f"sqlite:///{root / 'county.db'}"
    files = write_county(root / "in")
    done = subprocess.run(
        [townreport_command(), "ingest", str(root / "in")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(files) == 14
    return root, env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [townreport_command(), *args], env=env, capture_output=True, text=True, timeout=180
    )


def test_table_of_a_county(county: tuple[Path, dict[str, str]]) -> None:
    _, env = county
    done = run(env, "compare", "--county", "象山县", "--year", "2023")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    row = next(x for x in lines if x.startswith("石浦镇"))
    assert "151份" in row and "9500余份" in row and "97.1%" in row
    total = next(x for x in lines if x.startswith("象山县合计"))
    assert "623份" in total  # 24+94+120+76+95+151+63
    assert "不合计（比率）" in total  # rates are never summed
    assert "698件" in total  # 件 and 起 count the same things (dict/unit_classes.txt)
    assert "18名" in total  # 名 and 人
    assert "不合计（单位不一：份、本）" in total  # leaflets in 份 and booklets in 本 are not
    danxi = next(x for x in lines if x.startswith("丹西街道"))
    assert "—" in danxi and " 0" not in danxi  # no 2023 leaflets figure: missing, not zero


def test_json_keeps_missing_cells_missing(county: tuple[Path, dict[str, str]]) -> None:
    _, env = county
    done = run(
        env,
        "compare",
        "--county",
        "象山",
        "--years",
        "2022-2023",
        "--indicator",
        "合同审查",
        "--json",
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["years"] == [2022, 2023] and len(data["places"]) == 7
    (indicator,) = data["indicators"]
    assert indicator["name"] == "合同审查份数" and indicator["summable"]
    assert indicator["totals"]["2022"]["value"] == sum(t.contracts[2022] or 0 for t in TOWNS)
    assert {"place": "东陈乡", "year": 2022, "indicator": "合同审查份数"} in data["missing"]
    cell = next(c for c in data["cells"] if c["place"] == "涂茨镇" and c["year"] == 2023)
    assert cell["value"] == 95 and "审查合同份数95份" in cell["sentence"]


def test_csv(county: tuple[Path, dict[str, str]]) -> None:
    _, env = county
    done = run(
        env,
        "compare",
        "--county",
        "象山县",
        "--year",
        "2022",
        "--indicator",
        "合同审查份数",
        "--csv",
    )
    assert done.returncode == 0, done.stderr
    rows = [r.split(",") for r in done.stdout.strip().splitlines()]
    assert rows[0][:4] == ["地方", "年度", "指标", "数值"]
    dongchen = next(r for r in rows if r[0] == "东陈乡")
    assert dongchen[3] == "" and dongchen[6] == "未报告"
    assert next(r for r in rows if r[0] == "合计")[3] == "479"


def test_workbook_read_back(county: tuple[Path, dict[str, str]]) -> None:
    root, env = county
    out = root / "对比.xlsx"
    done = run(env, "compare", "--county", "象山县", "--years", "2022-2023", "-o", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    assert "依法决策" in book.sheetnames and "矛盾纠纷化解" in book.sheetnames
    assert book.sheetnames[-1] == "出处"
    sheet = book["依法决策"]
    assert sheet.freeze_panes == "B2"
    header = [c.value for c in sheet[1]]
    col = header.index("合同审查份数（份） 2023年") + 1
    places = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    assert sheet.cell(places["石浦镇"], col).value == 151
    assert sheet.cell(places["象山县合计"], col).value == 623
    empty = sheet.cell(places["东陈乡"], header.index("合同审查份数（份） 2022年") + 1)
    assert empty.value is None  # missing, never 0
    rates = book["矛盾纠纷化解"]
    rate_header = [c.value for c in rates[1]]
    rate = rates.cell(2, rate_header.index("矛盾纠纷调解成功率 2023年") + 1)
    assert rate.number_format.endswith('"%"') and rate.value == 100  # 东陈乡: 100%
    sources = book["出处"]
    assert [c.value for c in sources[1]][:3] == ["地方", "年度", "指标"]
    numbers = sum(
        1
        for s in book.sheetnames[:-1]
        for r in book[s].iter_rows(min_row=2)
        for c in r[1:]
        if isinstance(c.value, (int, float)) and book[s].cell(c.row, 1).value != "象山县合计"
    )
    assert sources.max_row - 1 == numbers  # a source row for every number
    row = next(
        r
        for r in sources.iter_rows(min_row=2, values_only=True)
        if r[0] == "涂茨镇" and r[1] == 2023 and r[2] == "合同审查份数"
    )
    assert row[5].startswith("一、2023年推进法治政府建设的主要举措和成效")
    assert "审查合同份数95份" in row[6]


def test_chart_png(county: tuple[Path, dict[str, str]]) -> None:
    from matplotlib import image

    root, env = county
    for args, name in (
        (("--year", "2023", "--indicator", "合同审查"), "bar.png"),
        (("--years", "2022-2023", "--indicator", "调解件数"), "line.png"),
    ):
        out = root / name
        done = run(env, "compare", "--county", "象山县", *args, "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        pixels = image.imread(out)
        height, width = pixels.shape[:2]
        assert width >= 700 and height >= 400
        assert pixels[..., :3].std() > 0.05  # not blank: bars, lines and labels


def test_ranked_answer_from_figures(county: tuple[Path, dict[str, str]]) -> None:
    _, env = county
    done = run(env, "ask", "象山县哪个镇2023年审查合同最多")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[2] == "1. 石浦镇：151份"
    assert "法律顾问共审查合同份数151份" in lines[3]  # cited
    assert lines[4] == "2. 丹西街道：120份"
    series = run(env, "ask", "石浦镇这几年调解纠纷的变化", "--json")
    data = json.loads(series.stdout)
    assert data["kind"] == "series" and data["indicator"] == "矛盾纠纷调解件数"
    assert [(f["year"], f["value"]) for f in data["figures"]] == [(2022, 215), (2023, 236)]
    plain = run(env, "ask", "涂茨镇2023年审查了多少份合同", "-k", "1")
    assert "审查合同份数95份" in plain.stdout and "从多到少" not in plain.stdout


def test_check_clean_report(county: tuple[Path, dict[str, str]]) -> None:
    root, env = county
    done = run(env, "check", str(root / "in" / "石浦镇2023.txt"))
    assert done.returncode == 0, done.stdout
    assert "已与库中2022年的报告对照" in done.stdout and "未发现问题" in done.stdout


def test_check_finds_each_fault(county: tuple[Path, dict[str, str]]) -> None:
    root, env = county
    bad = root / "石浦镇2023草稿.txt"
    bad.write_text(flawed_report(), encoding="utf-8")
    done = run(env, "check", str(bad), "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    codes = {f["code"]: f for f in data["findings"]}
    assert codes["missing_part"]["expected"] == "problems"
    assert "主要举措和成效" in codes["missing_part"]["fix"]
    assert (
        codes["blank"]["expected"] == "____" and "三、党政主要负责人" in codes["blank"]["section"]
    )
    assert codes["year_mismatch"]["expected"] == "2023" and codes["year_mismatch"]["paragraph"] == 1
    assert "no_date" in codes
    text = run(env, "check", str(bad)).stdout
    assert "【须修改】全文：缺少法定部分“存在的不足和原因”" in text
    assert "第1段（开头部分）" in text and "改法：" in text


def test_check_against_last_year(county: tuple[Path, dict[str, str]]) -> None:
    root, env = county
    done = run(env, "check", str(root / "in" / "涂茨镇2023.txt"))
    assert done.returncode == 0  # warnings only
    assert "合同审查份数由2022年的9份变为95份，相差十倍以上" in done.stdout
    forgot = root / "西周镇2023.txt"
    lines = report_text(town("西周镇"), 2023).replace("推进矛盾纠纷多元化解，", "").splitlines()
    k = lines.index("（二）推进矛盾纠纷多元化解")
    lines[k : k + 2] = ["（二）回应群众诉求", "及时回应群众来电来访。"]  # 2022 planned 化解
    forgot.write_text("\n".join(lines) + "\n", "utf-8")
    warned = run(env, "check", str(forgot))
    assert "2022年报告的安排“推进矛盾纠纷多元化解”在本报告中没有看到落实情况" in warned.stdout


def test_bad_input(county: tuple[Path, dict[str, str]]) -> None:
    _, env = county
    cases = [
        (("compare", "--county", "不存在县", "--year", "2023"), "没有找到“不存在县”所辖乡镇街道"),
        (
            ("compare", "--county", "象山县", "--year", "2023", "--indicator", "天气"),
            "没有名为“天气”的标准指标",
        ),
        (("compare", "--county", "象山县", "--years", "去年"), "--years 的值"),
        (("compare", "--county", "象山县", "--year", "2023", "-o", "x.doc"), "不认识输出文件"),
        (("check", "不存在.docx"), "文件不存在"),
    ]
    for args, message in cases:
        done = run(env, *args)
        assert done.returncode != 0 and message in done.stderr, (args, done.stderr)


def test_check_a_word_file(county: tuple[Path, dict[str, str]]) -> None:
    import docx

    root, env = county
    document = docx.Document()
    for line in report_text(town("丹东街道"), 2023).splitlines():
        if line:
            document.add_paragraph(line)
    path = root / "丹东街道2023.docx"
    document.save(str(path))
    done = run(env, "check", str(path))
    assert done.returncode == 0 and "未发现问题" in done.stdout, done.stdout
    document.add_paragraph("××××年××月××日")
    document.save(str(path))
    done = run(env, "check", str(path))
    assert done.returncode == 1 and "有没填的空“××××”" in done.stdout, done.stdout


def test_no_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot import charts

    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "CJK_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(charts, "FONT_DIRS", (str(tmp_path),))
    with pytest.raises(charts.ChartFontError, match="fonts-noto-cjk"):
        charts.cjk_font()
    charts.cjk_font.cache_clear()
