"""Writing output files: all or nothing, with the mode the user's umask gives a new file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from corpus.errors import TownreportError


class OutputFileError(TownreportError):
    """An output file could not be written; nothing was left behind."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"无法写入 {path}：{reason}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` completely or not at all.

    The file is written under a temporary name in the same folder and renamed into place.
    A new file gets 0666 & ~umask, like any file the user creates; a replaced file keeps
    its mode.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputFileError(path, f"目录 {folder} 不存在。")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~current_umask()
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".townreport-", suffix=path.suffix)
    except OSError as exc:
        raise OutputFileError(path, _why(exc)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputFileError(path, _why(exc)) from exc


def current_umask() -> int:
    """The process umask: from /proc where Linux shows it, else set and restored at once."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _why(exc: OSError) -> str:
    return f"{exc.strerror or exc}。请换一个有写权限的位置（-o）。"
