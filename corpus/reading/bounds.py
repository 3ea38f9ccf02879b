"""Bounds checked before a file is parsed or a value is used: zip bombs, entity expansion,
huge XML text nodes and paragraph floods in .docx files, CID garbage from PDFs, and the
town names and years people type. Each refusal is a typed error with a Chinese message."""

from __future__ import annotations

import re
import unicodedata
import zipfile

from corpus.errors import InputFileError, InvalidInputError
from corpus.settings import Limits

FIRST_YEAR, LAST_YEAR = 1949, 2100
MAX_NAME = 64  # places.name and reports.town are String(64) on both databases
_MB = 1_000_000
_PARAGRAPH = re.compile(rb"<w:p[ >/]")
_TEXT_RUN = re.compile(rb"[^<]+")
_CID = re.compile(r"\(cid:\d+\)")
_UNPAIRED = re.compile("[\ud800-\udfff]")


def check_docx(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Refuse a .docx whose parts would unzip too large (or far larger than they are), that
    declares XML entities, or whose body has too many paragraphs or too long a text node;
    reads at most ``docx_unzipped_mb`` of the archive."""
    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > limits.docx_unzipped_mb * _MB:
        raise InputFileError(name, _bomb(f"解压后有 {total / _MB:.0f} MB", limits))
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MB and ratio > limits.docx_ratio:
            raise InputFileError(name, _bomb(f"其中 {info.filename} 压缩了 {ratio:.0f} 倍", limits))
    for info in infos:
        if info.filename.endswith(".xml"):
            _check_part(archive.read(info), info.filename, name, limits)


def _check_part(xml: bytes, part: str, name: str, limits: Limits) -> None:
    head = xml[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in xml:
        raise InputFileError(
            name,
            f"Word 文件的 {part} 中声明了 XML 实体（正常的 .docx 不会有），可能是恶意文件，已拒绝。",
        )
    if part == "word/document.xml":
        paragraphs = len(_PARAGRAPH.findall(xml))
        if paragraphs > limits.docx_paragraphs:
            raise InputFileError(
                name,
                f"Word 文件有 {paragraphs} 个段落，超过上限 {limits.docx_paragraphs}；"
                "一份报告通常只有几百段，请检查文件，或调高 TOWNREPORT_LIMIT_DOCX_PARAGRAPHS。",
            )
    longest = max((m.end() - m.start() for m in _TEXT_RUN.finditer(xml)), default=0)
    if longest > limits.xml_node_mb * _MB:
        raise InputFileError(
            name,
            f"Word 文件的 {part} 中有一段连续文字长达 {longest / _MB:.1f} MB，"
            f"超过上限 {limits.xml_node_mb:g} MB，可能已损坏，已拒绝。",
        )


def _bomb(what: str, limits: Limits) -> str:
    return (
        f"Word 文件{what}，超过上限（共 {limits.docx_unzipped_mb:g} MB、"
        f"单个部件 {limits.docx_ratio:g} 倍），疑似“压缩炸弹”，已拒绝。"
        "如确是正常文件，请另存为 .docx 或调高 TOWNREPORT_LIMIT_DOCX_UNZIPPED_MB。"
    )


def cid_garbage(text: str) -> bool:
    """True when pdfminer gave ``(cid:1514)`` codes instead of characters for most text."""
    codes = _CID.findall(text)
    return len(codes) >= 20 and sum(map(len, codes)) > 0.3 * len(text)


def clean_text(text: str) -> str:
    """Text without NUL bytes and unpaired surrogates (neither database can store them)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _UNPAIRED.search(text):
        text = _UNPAIRED.sub("\ufffd", text)
    return text


def check_year(year: int | None) -> int | None:
    """A year in a plausible range, else :class:`InvalidInputError`."""
    if year is None:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInputError(
            "year",
            year,
            f"年度 {year} 不在合理范围（{FIRST_YEAR}–{LAST_YEAR}）内，请写四位年份，如 2023。",
        )
    return year


def check_town(town: str | None) -> str | None:
    """A town name people typed: not blank, no control characters, at most 64 characters."""
    if town is None:
        return None
    stripped = _UNPAIRED.sub("", town).strip()
    if not stripped:
        raise InvalidInputError("town", town, "乡镇名称是空的，请写出名称，如 --town 辛口镇。")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in stripped):
        raise InvalidInputError(
            "town", town, "乡镇名称中含有控制字符或无法显示的字符，请重新输入。"
        )
    if len(stripped) > MAX_NAME:
        raise InvalidInputError(
            "town", town, f"乡镇名称过长（{len(stripped)} 个字，最多 {MAX_NAME} 个字），请检查。"
        )
    return stripped
