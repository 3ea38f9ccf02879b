"""Builders for hostile and unlucky inputs (tests/test_hostile_*.py): zip bombs, billion
laughs, broken XML, paragraph floods, NUL bytes, encrypted PDFs, folders of many reports.
Every case is built here from nothing; no file is checked in."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

TOWNREPORT = str(Path(sys.executable).with_name("townreport"))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(f'@@peak_kb={peak}', file=sys.stderr)\n"
    "sys.exit(r.returncode)\n"
)


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float  # the largest resident size of the command or any process it started


def townreport(*args: str, env: dict[str, str], timeout: float = 120, stdin: str = "") -> Run:
    """``townreport args…`` as a user runs it, timed, with its peak memory."""
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, TOWNREPORT, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=timeout,
        input=stdin,
    )
    err, _, peak = done.stderr.rpartition("@@peak_kb=")
    return Run(done.returncode, done.stdout, err, time.monotonic() - start, int(peak) / 1024)


def report_text(town: str, county: str, year: int, extra: str = "") -> str:
    """A complete (if short) report in the usual form: title, three parts, signature."""
    return (
        f"{county}{town}{year}年度法治政府建设情况报告\n\n"
        f"{year}年，{town}坚持以习近平法治思想为指导，全面推进依法行政，法治政府建设取得新成效。"
        "现将有关情况报告如下。\n"
        "一、主要举措和成效\n"
        f"（一）健全依法决策机制。全年召开党委会议{year % 40 + 10}次，审查合同{year % 90 + 20}份。"
        "法律顾问全程参与重大事项，合法性审查实现全覆盖。\n"
        f"（二）深化普法宣传。开展普法宣传活动{year % 30 + 5}场，发放宣传材料{year % 900 + 100}份。"
        "以宪法宣传周、民法典宣传月为契机，组织法律明白人深入村居，推动普法进农村、进社区、进学校、"
        "进企业。全面落实“谁执法谁普法”普法责任制，各部门结合职能开展以案释法，群众法治意识明显增强。\n"
        f"（三）规范行政执法。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，"
        f"全年办理行政执法案件{year % 50 + 8}件，无一件被复议纠错或诉讼败诉。加强执法人员培训，"
        "组织执法人员参加法律知识考试，参考率和合格率均达到百分之百。\n"
        f"（四）化解矛盾纠纷。坚持和发展新时代“枫桥经验”，调处矛盾纠纷{year % 200 + 30}起，"
        "调解成功率保持在较高水平，做到小事不出村、大事不出镇、矛盾不上交。\n"
        f"{extra}\n"
        "二、存在的不足\n基层执法力量仍然薄弱，执法人员专业水平有待提高。\n"
        f"三、{year + 1}年工作安排\n继续完善法律顾问制度，加强执法队伍建设，提升依法行政水平。\n"
        f"{town}人民政府\n{year + 1}年1月10日\n"
    )


def report_folder(folder: Path, count: int) -> list[Path]:
    """``count`` distinct reports (two towns, one a year each) as .txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    towns = [("辛口镇", "西青区"), ("杨柳青镇", "西青区")]
    paths = []
    for i in range(count):
        town, county = towns[i % 2]
        path = folder / f"{i:03d}_{town}.txt"
        path.write_text(report_text(town, county, 1950 + i // 2), encoding="utf-8")
        paths.append(path)
    return paths


def docx_bytes(document_xml: bytes | None = None, write=None) -> bytes:  # type: ignore[no-untyped-def]
    """A real .docx (written by python-docx) whose word/document.xml is replaced by
    ``document_xml`` or written by ``write(stream)``."""
    import docx

    original = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("辛口镇2022年度法治政府建设情况报告")
    document.save(original)
    out = io.BytesIO()
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
            elif write is not None:
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with dst.open(info, "w", force_zip64=True) as stream:
                    write(stream)
            else:
                dst.writestr(item.filename, document_xml or b"")
    return out.getvalue()


def body(paragraphs: str) -> bytes:
    return f"<?xml version='1.0' encoding='UTF-8'?><w:document {W}><w:body>{paragraphs}</w:body></w:document>".encode()


def zip_bomb(path: Path, megabytes: int = 300) -> Path:
    """A .docx whose document.xml is one text node of ``megabytes`` MB, deflated to < 1 MB."""
    chunk = b"a" * 1_000_000

    def write(stream) -> None:  # type: ignore[no-untyped-def]
        stream.write(f"<w:document {W}><w:body><w:p><w:r><w:t>".encode())
        for _ in range(megabytes):
            stream.write(chunk)
        stream.write(b"</w:t></w:r></w:p></w:body></w:document>")

    path.write_bytes(docx_bytes(write=write))
    return path


def billion_laughs(path: Path) -> Path:
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    xml = (
        "<?xml version='1.0'?><!DOCTYPE w:document [" + "".join(lol) + "]>"
        f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path.write_bytes(docx_bytes(xml.encode()))
    return path


def paragraph_flood(path: Path, count: int = 356_000) -> Path:
    paragraphs = "".join(
        f"<w:p><w:r><w:t>第{i}段{i * 7919 % 100003}</w:t></w:r></w:p>" for i in range(count)
    )
    path.write_bytes(docx_bytes(body(paragraphs)))
    return path


def broken_xml(path: Path) -> Path:
    """A valid zip whose document.xml stops in the middle of an element."""
    path.write_bytes(docx_bytes(body("<w:p><w:r><w:t>辛口镇")[:-40]))
    return path


def encrypted_pdf(path: Path) -> Path:
    """An owner-password PDF in a CID font (reportlab's encryption): pdfminer reads only
    ``(cid:…)`` codes from it."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lock = pdfencrypt.StandardEncryption("", ownerPassword="owner", canCopy=0)
    page = canvas.Canvas(str(path), encrypt=lock)
    page.setFont("STSong-Light", 11)
    for i, line in enumerate(report_text("辛口镇", "西青区", 2022).splitlines()[:30]):
        page.drawString(40, 800 - 18 * i, line[:40])
    page.save()
    return path


def peak_now_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
