"""Convert a drafted .docx to PDF with LibreOffice (``soffice --headless --convert-to pdf``).

Each conversion runs in its own temporary directory with its own LibreOffice profile, so it
never meets a running LibreOffice or another conversion, and is killed after ``timeout``
seconds. The profile carries a font replacement table (LibreOffice ignores the document's
``w:altName``): every GB/T 9704 face and its Windows alternates are drawn with the best open
face installed of the same look — serif for 仿宋/宋体/小标宋, sans for 黑体, a 楷 face when
one is installed (else serif) — so headings keep faces distinct from the body.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

from corpus.errors import PdfConversionError, PdfUnavailableError
from drafting import fonts

TIMEOUT = 180.0  # seconds; a first start with a fresh profile takes 5–20 s


def soffice() -> str | None:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def available() -> bool:
    return soffice() is not None


def to_pdf(docx: bytes, timeout: float = TIMEOUT) -> bytes:
    """The PDF rendering of a .docx; PdfUnavailableError without LibreOffice."""
    command = soffice()
    if command is None:
        raise PdfUnavailableError()
    with tempfile.TemporaryDirectory(prefix="townreport-pdf-") as tmp:
        root = Path(tmp)
        source = root / "draft.docx"
        source.write_bytes(docx)
        _profile(root / "profile")
        args = [
            command,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(root / "out"),
            str(source),
        ]
        _run(args, timeout, root)
        pdf = root / "out" / "draft.pdf"
        if not pdf.is_file() or pdf.stat().st_size == 0:
            raise PdfConversionError("no_output")
        return pdf.read_bytes()


def _run(args: list[str], timeout: float, home: Path) -> None:
    env = {**os.environ, "HOME": str(home)}  # LibreOffice writes caches under HOME
    process = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,  # its own process group, so a timeout kills soffice.bin too
    )
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfConversionError("timeout", limit=timeout) from None
    if process.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise PdfConversionError(
            "failed", detail=detail[-1] if detail else f"exit {process.returncode}"
        )


def replacements(installed: set[str] | None = None) -> dict[str, str]:
    """Face name → installed open face, for every face the documents may name."""
    installed = installed_families() if installed is None else installed
    best = {look: _first(names, installed) for look, names in fonts.SUBSTITUTES.items()}
    best["kai"] = best["kai"] or best["serif"]
    out = {}
    for look, names in fonts.faces_by_look().items():
        target = best.get(look)
        if target:
            out.update({name: target for name in names if name not in installed})
    return out


def installed_families() -> set[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return set()
    try:
        listing = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.strip() for line in listing.splitlines() for name in line.split(",") if name}


def _first(names: tuple[str, ...], installed: set[str]) -> str | None:
    return next((n for n in names if n in installed), None)


def _profile(path: Path) -> None:
    """A LibreOffice user profile whose replacement table maps the document faces."""
    user = path / "user"
    user.mkdir(parents=True)
    items = [
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
    ]
    for i, (face, target) in enumerate(sorted(replacements().items())):
        items.append(
            '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
            f'<node oor:name="_{i}" oor:op="replace">'
            '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
            '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
            f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{_text(face)}</value></prop>'
            f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{_text(target)}</value></prop>'
            "</node></item>"
        )
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n",
        encoding="utf-8",
    )


def _text(value: str) -> str:
    return quoteattr(value)[1:-1]
