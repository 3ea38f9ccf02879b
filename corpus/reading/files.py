"""Read report files (.txt in any common Chinese encoding, .docx, .pdf; .doc and .wps through
LibreOffice when it is installed) into text blocks."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import InputFileError
from corpus.reading.bounds import check_docx, cid_garbage, clean_text
from corpus.settings import Limits

SUPPORTED = (".txt", ".docx", ".pdf", ".doc", ".wps")
OLD_WORD = (".doc", ".wps")  # converted to .docx by LibreOffice headless
CONVERT_SECONDS = 120


@dataclass(frozen=True)
class Block:
    """One line of a text file or PDF, or one paragraph of a .docx."""

    text: str
    style_level: int | None = None  # heading level from a word processor style


@dataclass(frozen=True)
class Source:
    """What a reader got out of a file, before any structure is known."""

    name: str
    format: str
    blocks: tuple[Block, ...]
    physical_lines: bool  # True: printed lines that still need re-wrapping


def read_file(
    path: str | Path, max_bytes: int, limits: Limits | None = None
) -> tuple[Source, bytes]:
    """Read ``path`` and return its blocks and raw bytes (for hashing), within ``limits``."""
    limits = limits or Limits()
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise InputFileError(
            name,
            f"不支持的文件类型“{suffix or '无扩展名'}”，只能导入 .txt、.docx、.pdf、.doc、.wps。",
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputFileError(name, f"无法读取文件（{exc.strerror or exc}）。") from exc
    if size > max_bytes:
        raise InputFileError(
            name,
            f"文件过大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB），"
            "请拆分或压缩后再导入。",
        )
    data = path.read_bytes()
    if suffix in OLD_WORD:
        return _bounded(read_old_word(data, name, suffix, limits), limits), data
    return read_bytes(data, name, suffix, limits), data


def read_bytes(data: bytes, name: str, suffix: str, limits: Limits | None = None) -> Source:
    limits = limits or Limits()
    if not data.strip():
        raise InputFileError(name, "文件是空的。")
    if suffix == ".docx":
        return _bounded(_read_docx(data, name, limits), limits)
    if suffix == ".pdf":
        return _bounded(_read_pdf(data, name), limits)
    return _bounded(_read_txt(data, name), limits)


def _bounded(source: Source, limits: Limits) -> Source:
    """The source with NUL bytes and lone surrogates removed, refused past ``text_chars``."""
    chars = sum(len(b.text) for b in source.blocks)
    if chars > limits.text_chars:
        raise InputFileError(
            source.name,
            f"文字过多（{chars} 字，上限 {limits.text_chars} 字），不像一份报告，"
            "请拆分后再导入，或调高 TOWNREPORT_LIMIT_TEXT_CHARS。",
        )
    blocks = tuple(
        b if (t := clean_text(b.text)) is b.text else Block(t, b.style_level) for b in source.blocks
    )
    return Source(source.name, source.format, blocks, source.physical_lines)


def read_old_word(data: bytes, name: str, suffix: str, limits: Limits | None = None) -> Source:
    """A .doc or .wps file, converted to .docx by LibreOffice headless in a temporary folder
    (its own profile, so parallel runs do not collide), within CONVERT_SECONDS."""
    import shutil
    import subprocess
    import tempfile

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    kind = "WPS" if suffix == ".wps" else "旧版 Word（.doc）"
    if soffice is None:
        raise InputFileError(
            name,
            f"这是{kind}文件，需要 LibreOffice 才能读取：请安装 LibreOffice"
            "（如 apt-get install libreoffice-writer-nogui），"
            "或用 Word/WPS 打开后“另存为” .docx 再导入。",
        )
    if not data.strip():
        raise InputFileError(name, "文件是空的。")
    with tempfile.TemporaryDirectory(prefix="townreport-") as tmp:
        folder = Path(tmp)
        source = folder / f"in{suffix}"
        source.write_bytes(data)
        command = [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(folder / "out"),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputFileError(
                name, f"LibreOffice 转换超过 {CONVERT_SECONDS} 秒未完成，请另存为 .docx 后再导入。"
            ) from exc
        converted = folder / "out" / "in.docx"
        if not converted.exists():
            raise InputFileError(
                name, f"LibreOffice 无法转换这个{kind}文件（可能已损坏），请另存为 .docx 后再导入。"
            )
        docx_source = _read_docx(converted.read_bytes(), name, limits or Limits())
    return Source(name, suffix.lstrip("."), docx_source.blocks, physical_lines=False)


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16, GB18030/GBK/GB2312 or Big5 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise InputFileError(
            name, "这不是文本文件（含有二进制内容），请提供 .txt、.docx 或 .pdf 报告。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if exc.start < len(data) - 3:
                continue
            text = data[: exc.start].decode(encoding)  # only the last character was cut off
        if _looks_like_text(text):
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and _looks_like_text(str(best)):
        return str(best)
    raise InputFileError(
        name, "无法识别文件编码，或文件不是文本，请另存为 UTF-8 编码的 .txt 后再导入。"
    )


# control characters other than \t \n \f \r, private-use characters, replacement marks
_ODD = re.compile("[\x00-\x08\x0b\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    return len(_ODD.findall(text)) / len(text) < 0.01


def _read_txt(data: bytes, name: str) -> Source:
    text = decode_text(data, name)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return Source(name, "txt", tuple(Block(x) for x in lines), physical_lines=True)


def _read_docx(data: bytes, name: str, limits: Limits) -> Source:
    import docx

    broken = "Word 文件已损坏或不是 .docx 格式（旧版 .doc 请先另存为 .docx）。"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_docx(archive, name, limits)
    except InputFileError:
        raise
    except Exception as exc:  # a broken zip: BadZipFile, EOFError, zlib.error, NotImplemented…
        raise InputFileError(name, broken) from exc
    try:
        return _docx_blocks(docx.Document(io.BytesIO(data)), name)
    except Exception as exc:  # broken XML (lxml XMLSyntaxError), missing parts, odd styles
        detail = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise InputFileError(name, f"{broken.removesuffix('。')}（{detail}）。") from exc


def _docx_blocks(document: object, name: str) -> Source:
    import docx

    blocks: list[Block] = []
    for item in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, docx.table.Table):
            blocks.extend(_table_rows(item))
        else:
            blocks.append(Block(item.text, _style_level(item.style.name if item.style else "")))
    return Source(name, "docx", tuple(blocks), physical_lines=False)


def _table_rows(table: object) -> list[Block]:
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat
                cells.append(text)
        if cells:
            rows.append(Block("｜".join(cells)))
    return rows


def _style_level(style: str) -> int | None:
    style = style.lower()
    for prefix in ("heading ", "标题 ", "标题"):
        if style.startswith(prefix) and style[len(prefix) :].strip().isdigit():
            return int(style[len(prefix) :].strip())
    return None


ENCRYPTED = "PDF 文件已加密（设置了打开或权限密码），无法可靠地提取文字：请用原始的未加密文件，或在 PDF 软件中解除加密后另存，再导入。"


def _read_pdf(data: bytes, name: str) -> Source:
    import logging

    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its English warnings, on stderr
    encrypted = _pdf_encrypted(data)
    try:
        text = extract_text(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise InputFileError(name, ENCRYPTED) from exc
    except (PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
        raise InputFileError(name, "PDF 文件已损坏，无法读取。") from exc
    except Exception as exc:  # pdfminer raises many private error types
        raise InputFileError(name, f"PDF 文件无法读取（{type(exc).__name__}）。") from exc
    if encrypted or cid_garbage(text):
        garbled = cid_garbage(text) or sum(1 for c in text if not c.isspace()) < 20
        if encrypted and garbled:
            raise InputFileError(name, ENCRYPTED)
        if garbled:
            raise InputFileError(
                name,
                "PDF 中的字体没有文字编码表，提取出来只是 (cid:…) 代码而不是文字："
                "请用生成它的软件重新导出 PDF（嵌入字体、保留文字），或提供 .docx/.txt 版本。",
            )
    if sum(1 for c in text if not c.isspace()) < 20:
        raise InputFileError(
            name,
            "PDF 中没有可提取的文字（可能是扫描件），请先做文字识别（OCR）或提供 .docx/.txt 版本。",
        )
    lines = text.replace("\r\n", "\n").split("\n")
    return Source(name, "pdf", tuple(Block(x) for x in lines), physical_lines=True)


def _pdf_encrypted(data: bytes) -> bool:
    """Whether the PDF's trailer names an /Encrypt dictionary."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        return bool(PDFDocument(PDFParser(io.BytesIO(data))).encryption)
    except Exception:  # a password is needed, or the file is broken: extract_text will say
        return b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]
