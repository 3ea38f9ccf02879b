"""``townreport draft`` as users run it: the installed console script in a subprocess."""

import io
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from drafting import pdf

TOWNREPORT = str(Path(sys.executable).parent / "townreport")

# A county-level report written for this test (the form of a 区 report to the city government).
COUNTY_REPORT = """云溪区人民政府文件

云政报〔2024〕3号

云溪区2023年法治政府建设情况报告

市人民政府：

2023年，云溪区在市委、市政府的坚强领导下，全面落实法治政府建设实施纲要，全区共办理行政复议案件56件，法治政府建设取得新进展。现将有关情况报告如下：

一、2023年推进法治政府建设的主要举措和成效

（一）深化“放管服”改革

全区政务服务事项网上可办率达到98%，新增“一件事一次办”主题服务32项。

（二）推进严格规范公正文明执法

全年区级行政执法部门办理行政处罚案件1260件，开展执法人员轮训4期。

二、2023年推进法治政府建设存在的不足和原因

（一）部分街镇执法力量不足

基层综合执法队伍人员流动较快，专业人员偏少。

（二）行政复议应诉能力有待提升

个别部门负责人出庭应诉率不高。

三、党政主要负责人履行推进法治建设第一责任人职责情况

区政府主要负责同志召开常务会议专题研究法治政府建设7次，带头讲法治课2次。

四、2024年推进法治政府建设的主要安排

（一）加强基层执法队伍建设

推动执法力量向街镇下沉，开展全员培训。

（二）提高行政应诉水平

落实行政机关负责人出庭应诉制度。

云溪区人民政府

2024年1月15日
"""

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run(tmp_path: Path, db_url: str) -> Run:
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TOWNREPORT_DATABASE_URL": db_url,
    }

    def invoke(
        *args: str, umask: int = 0o022, path: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [TOWNREPORT, *args],
            capture_output=True,
            text=True,
            env={**env, "PATH": path} if path is not None else env,
            cwd=tmp_path,
            timeout=300,
            preexec_fn=lambda: os.umask(umask),
            check=False,
        )

    return invoke


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_draft_docx_carries_last_years_figures_and_plans(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "辛口镇2023.docx"
    result = run("draft", "辛口镇", "2023", "-o", str(out), umask=0o027)
    assert result.returncode == 0, result.stderr
    assert "沿用 2022 年数字 16 个，上年度安排 6 项" in result.stderr
    assert _mode(out) == 0o640  # 0666 & ~umask, not mkstemp's 0600
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("（2022年：") == 16
    checks = [p for p in document.paragraphs if p.style.name == "清单" and "进一步" in p.text]
    assert len(checks) == 12  # 6 to report on under 一, the same 6 to continue under 四
    assert sum(1 for p in checks if p.text.startswith("□（")) == 6
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "一、2023年推进法治政府建设的主要举措和成效",
        "二、2023年推进法治政府建设存在的不足和原因",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "四、2024年推进法治政府建设的主要安排",
    ]
    again = run("draft", "辛口镇", "2023", "-o", str(out), umask=0o002)
    assert again.returncode == 0 and _mode(out) == 0o640  # a replaced file keeps its mode
    fresh = tmp_path / "fresh.md"
    assert run("draft", "辛口镇", "2023", "-o", str(fresh), umask=0o002).returncode == 0
    assert _mode(fresh) == 0o664


def test_draft_puts_duty_figures_under_three_and_seeds_four(run: Run) -> None:
    result = run("draft", "八里台镇", "2025", "--format", "md")
    assert result.returncode == 0, result.stderr
    md = result.stdout
    one, rest = md.split("\n## 二、", 1)
    three = rest.split("\n## 三、", 1)[1].split("\n## 四、", 1)[0]
    four = rest.split("\n## 四、", 1)[1]
    assert "学习中心组安排相关内容学习____次（2024年：3次）" in three
    assert "开展法治专题党课____次（2024年：2次）" in three and "议题____个（2024年：9个）" in three
    assert "（2024年：3次）" not in one.split("### （一）")[0]
    assert "针对“法治思维和依法行政能力有待提高”" in four and "健全法律服务" in four
    assert "@主送 津南区人民政府：" in md and "@落款 八里台镇人民政府" in md
    quiet = run("draft", "八里台镇", "2025", "--format", "md", "--no-prompts")
    assert "【上年内容】" in md and "【上年内容】" not in quiet.stdout


@pytest.mark.skipif(not pdf.available(), reason="LibreOffice 未安装")
def test_draft_pdf_through_libreoffice(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = run("draft", "八里台镇", "2025", "-o", str(out), umask=0o022)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:5] == b"%PDF-" and _mode(out) == 0o644
    from pdfminer.high_level import extract_text

    text = extract_text(str(out)).replace(" ", "")
    assert "八里台镇2025年度法治政府建设情况报告" in text and "××××年××月××日" in text
    by_format = tmp_path / "b"
    assert run("draft", "辛口镇", "2023", "--format", "pdf", "-o", str(by_format)).returncode == 0
    assert by_format.read_bytes()[:5] == b"%PDF-"


def test_draft_pdf_without_libreoffice_fails_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = run("draft", "八里台镇", "2025", "-o", str(out), path="/nonexistent")
    assert result.returncode == 1
    assert "没有安装 LibreOffice" in result.stderr and "--format docx" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.pdf")) + list(tmp_path.glob(".town*"))
    wrong = run("draft", "八里台镇", "2025", "-o", str(tmp_path / "a.txt"))
    assert wrong.returncode == 1 and "扩展名" in wrong.stderr
    assert not (tmp_path / "a.txt").exists()


def test_draft_for_a_place_without_reports_is_a_clean_skeleton(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "new.docx"
    result = run("draft", "新建镇", "2025", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "没有新建镇2025年以前的报告" in result.stderr and "空白框架" in result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 4 and "署名" in styles and "主送" in styles
    assert "（2024年：" not in "\n".join(p.text for p in document.paragraphs)
    typo = run("draft", "不存在", "2025", "-o", str(tmp_path / "typo.docx"))
    assert typo.returncode == 1 and "辛口镇" in typo.stderr
    assert not (tmp_path / "typo.docx").exists()


def test_draft_for_a_county_level_report(run: Run, tmp_path: Path) -> None:
    source = tmp_path / "云溪区2023.txt"
    source.write_text(COUNTY_REPORT, encoding="utf-8")
    ingest = run("ingest", str(source), "--town", "云溪区", "--year", "2023")
    assert ingest.returncode == 0, ingest.stderr
    out = tmp_path / "云溪区2024.docx"
    result = run("draft", "云溪区", "2024", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "依据云溪区2023年法治政府建设情况报告起草" in result.stderr
    paragraphs = docx.Document(str(out)).paragraphs
    by_style: dict[str, list[str]] = {}
    for p in paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["主送"] == ["市人民政府："] and by_style["署名"] == ["云溪区人民政府"]
    assert by_style["发文字号"] == ["云政报〔2025〕____号\t签发人：____"]
    text = "\n".join(p.text for p in paragraphs)
    assert "2024年，云溪区在市委、市政府的领导下" in text
    three = text.split("三、党政主要负责人")[1].split("四、")[0]
    assert "常务会议专题研究法治政府建设____次（2023年：7次）" in three
    assert "针对“部分街镇执法力量不足”" in text.split("四、2025年")[1]
