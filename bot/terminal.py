"""The terminal's words for library outcomes: each error with the command-line fix
(--town, --db, townreport ingest …). The chat's words are in bot/texts.py and bot/replies.py;
what both say is in bot/texts.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import texts
from corpus.errors import (
    DatabaseError,
    InputFileError,
    InvalidInputError,
    MissingMetadataError,
    NoSourceReportError,
    PdfUnavailableError,
    ReportNotFoundError,
    TemplateVersionError,
    TownreportError,
)

if TYPE_CHECKING:
    from corpus.ingest import IngestResult, ShortText
    from corpus.search.answer import Answer
    from corpus.storage.database import Upgrade

INGEST = "用 townreport ingest 导入。"
# the end of a file's problem on the terminal (the setting or option that lets it through)
FILE_ADVICE = {
    "too_much_text": "，或调高 TOWNREPORT_LIMIT_TEXT_CHARS。",
    "needs_libreoffice": (
        "：请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui），"
        "或用 Word/WPS 打开后“另存为” .docx 再导入。"
    ),
    "zip_bomb": "，或调高 TOWNREPORT_LIMIT_DOCX_UNZIPPED_MB。",
    "zip_ratio": "，或调高 TOWNREPORT_LIMIT_DOCX_RATIO。",
    "too_many_paragraphs": "，或调高 TOWNREPORT_LIMIT_DOCX_PARAGRAPHS。",
    "too_short": "；如确需导入，请加 --allow-short。",
}
URL_FORMS = (
    "地址应写成 sqlite:///文件路径（如 sqlite:///townreport.db）"
    "或 postgresql+psycopg://用户:密码@主机:端口/库名，用 --db 或 TOWNREPORT_DATABASE_URL 指定。"
)
DRIVERS = {"MySQLdb": "mysqlclient", "pymysql": "pymysql", "psycopg2": "psycopg2-binary"}
PDF_UNAVAILABLE = (
    "无法生成 PDF：本机没有安装 LibreOffice（找不到 soffice 命令）。"
    "请安装 LibreOffice（如 apt-get install libreoffice-writer-nogui fonts-noto-cjk），"
    "或改用 --format docx 生成 Word 文件后自行转换。"
)


def error(exc: TownreportError) -> str:
    """A library error as one terminal message (after "错误："), naming the fix."""
    if isinstance(exc, InputFileError):
        return file_error(exc)
    if isinstance(exc, MissingMetadataError):
        flags = " ".join(f"--{m}" for m in exc.missing)
        what = texts.missing_what(exc)
        return f"{exc.path}：无法从标题、正文或落款中识别{what}，请用 {flags} 指定。"
    if isinstance(exc, ReportNotFoundError):
        return texts.not_found(exc) + INGEST
    if isinstance(exc, InvalidInputError):
        return texts.invalid_input(exc, "--town 辛口镇")
    if isinstance(exc, DatabaseError):
        return database(exc)
    if isinstance(exc, TemplateVersionError):
        return texts.template_version(exc, "townreport template revert")
    if isinstance(exc, PdfUnavailableError):
        return PDF_UNAVAILABLE
    if isinstance(exc, NoSourceReportError):
        have = "、".join(map(str, exc.known))
        return (
            f"没有{exc.place}{exc.year}年以前的报告可作依据（已有：{have}）。"
            f"请先用 townreport ingest 导入{exc.place}{exc.year - 1}年的报告。"
        )
    return texts.problem(exc) or str(exc)  # the bot's own errors (files, charts) word themselves


def file_error(e: InputFileError) -> str:
    """``path：what is wrong`` with the option or setting that would let it through."""
    return f"{e.path}：{texts.finish(texts.file_problem(e), FILE_ADVICE.get(e.reason, ''))}"


def database(e: DatabaseError) -> str:
    match e.reason:
        case "invalid_url":
            return f"数据库地址“{e.url}”无效。{URL_FORMS}"
        case "cannot_open":
            return f"无法打开数据库 {e.url}：{e.detail}。请检查 TOWNREPORT_DATABASE_URL 或 --db。"
        case "missing_driver":
            return (
                f"数据库地址 {e.url} 需要的驱动 {e.detail} 没有安装："
                f"请安装它（pip install {DRIVERS.get(e.detail, e.detail)}），"
                "或改用 sqlite:///文件路径 或 postgresql+psycopg://用户@主机/库名。"
            )
    return (
        f"无法打开数据库 {e.url}（{e.detail}）："
        "请检查路径是否存在、是否有写权限，或用 --db 指定别的位置。"
    )


def short_warning(s: ShortText) -> str:
    """A text stored (or, in a dry run, storable) though shorter than a report."""
    refused = "这像一则短讯，不是报告：导入时会被拒绝，除非加 --allow-short。" if s.refused else ""
    return texts.short_text(s) + refused


def ingest_error(r: IngestResult) -> str | None:
    return error(r.error) if r.error is not None else None


def ingest_warning(r: IngestResult) -> str | None:
    return short_warning(r.warning) if r.warning is not None else None


def answer_hint(answer: Answer) -> str | None:
    """What a question without a hit says: what exists, how to ask, how to import."""
    from corpus.search.answer import NoAnswer

    reason = answer.reason
    if answer.hits or reason is None:
        return None
    if isinstance(reason, NoAnswer):
        if reason.kind == "empty" or not reason.available:
            return f"数据库中还没有报告。{INGEST}"
        return texts.no_answer(reason)
    return error(reason)


def upgrade_notice(upgrade: Upgrade) -> str:
    """Said before an existing database is upgraded: the wait can be minutes."""
    return (
        f"正在升级数据库 {upgrade.database}（结构 {upgrade.from_revision} → "
        f"{upgrade.to_revision}）：旧版本写的库要按新结构重建部分索引，"
        "报告多时需要几分钟，请勿中断；只升级这一次。"
    )
