"""Builders for test inputs: the same report as .docx and as a hard-wrapped .pdf."""

from __future__ import annotations

from pathlib import Path

from corpus.reading.text import display_width

UNSEEN_REPORTS = {
    # a county-level city in another province, signature dated in the same year
    "zhejiang.txt": (
        "浙江省杭州市余杭区良渚街道2023年法治政府建设工作报告\n\n"
        "2023年，良渚街道坚持以习近平法治思想为指导，扎实推进法治政府建设。\n"
        "一、主要举措和成效\n（一）完善依法决策机制\n全年审查合同112份，开展法治讲座6场。\n"
        "二、存在的不足和原因\n基层执法力量仍然薄弱。\n"
        "三、2024年工作安排\n持续深化“枫桥经验”。\n"
    ),
    # a web page excerpt: navigation, date and view counter before the title
    "webpage.txt": (
        "首页 > 政务公开 > 法定主动公开内容 > 法治政府建设\n"
        "湖南省浏阳市大瑶镇人民政府关于2022年度法治政府建设情况的报告\n"
        "发布时间：2023-01-12 来源：大瑶镇 浏览次数：238\n"
        "【字体：大 中 小】\n"
        "2022年，大瑶镇在市委、市政府的坚强领导下，全面推进依法行政。\n"
        "一、2022年主要工作成效\n全年调处矛盾纠纷326起，调处成功率98.5%。\n"
        "二、存在的问题\n普法形式较为单一。\n"
        "三、2023年工作打算\n加强执法队伍建设。\n"
        "【打印本页】【关闭窗口】\n"
    ),
    # no town or year in the title: both come from the signature (signed in February)
    "signed.txt": (
        "法治政府建设情况报告\n\n"
        "今年以来，我乡认真贯彻落实上级部署，法治政府建设取得新进展。\n"
        "一、主要做法\n全年开展普法宣传活动15次。\n"
        "二、下一步打算\n进一步健全法律顾问制度。\n"
        "四川省宜宾市江安县大妙乡人民政府\n2024年2月5日\n"
    ),
}
UNSEEN_EXPECTED = {
    "zhejiang.txt": ("良渚街道", "余杭区", 2023),
    "webpage.txt": ("大瑶镇", "浏阳市", 2022),
    "signed.txt": ("大妙乡", "江安县", 2023),
}


def write_docx(paragraphs: list[str], path: Path, heading_style: bool = True) -> Path:
    import docx

    from corpus.reading.text import is_heading_line

    document = docx.Document()
    for text in paragraphs:
        if heading_style and is_heading_line(text) and text[1] == "、":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_pdf(paragraphs: list[str], path: Path, width: float = 28) -> Path:
    """A PDF with a text layer whose lines wrap at ``width`` cells, like a printed report."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    y = 800.0
    for para in paragraphs:
        # STSong-Light has no U+00B7; U+30FB is drawn instead and extracts as U+00B7
        for line in _wrap(para.replace("·", "・"), width):
            if y < 60:
                pdf.showPage()
                y = 800.0
            pdf.setFont("STSong-Light", 14)
            pdf.drawString(40, y, line)
            y -= 24
    pdf.save()
    return path


def _wrap(text: str, width: float) -> list[str]:
    lines, current = [], ""
    limit = width - 2  # the first line is indented by two cells
    for ch in text:
        if display_width(current + ch) > limit:
            lines.append(current)
            current, limit = "", width
        current += ch
    if current:
        lines.append(current)
    return lines


def write_scanned_pdf(path: Path) -> Path:
    """A PDF page with only a drawing: what a scanner produces, no text layer."""
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(50, 50, 400, 600, fill=1)
    pdf.save()
    return path
