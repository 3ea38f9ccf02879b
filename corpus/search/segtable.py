"""A snapshot of the fast cutter's table (word → log probability, 0.0 for a bare prefix) next
to the dictionary cache file: ``jieba-<key>.table`` beside ``jieba-<key>.sqlite``.

Every ingest worker makes the whole table before its first report (see
:func:`corpus.search.segment.load_all`); from the cache file that is ~500,000 rows read from
SQLite and a logarithm for each, about a second per worker. The snapshot is that table as one
``marshal`` dump, which loads in about half the time.

It is trusted only when written for this very cache file (its size, mtime and inode), for
this total count, by this Python and this marshal version, and when its payload's blake2b
digest matches: a stale, truncated, corrupt or foreign file reads as no snapshot (the caller
builds the table from the rows again and writes a new one). The digest is checked before the
payload is unmarshalled, so a damaged file never reaches ``marshal.loads``. No fsync: a file
cut short by a crash fails its digest like any other.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

MAGIC = b"townreport segment table 1\n"
_HEADER_MAX = 1024  # the JSON header line is ~250 bytes; past this it is not ours
_PYTHON = f"{sys.implementation.cache_tag} {sys.hexversion:x}"  # marshal's format may change


@dataclass(frozen=True)
class Stamp:
    """What a snapshot must have been written for: this Python, the cache file as it is now
    (replaced files have a new inode and mtime) and the total the log probabilities use."""

    python: str
    marshal: int
    size: int
    mtime_ns: int
    inode: int
    total: int

    @classmethod
    def of(cls, cache: Path, total: int) -> Stamp:
        """Raises OSError when the cache file cannot be read."""
        st = cache.stat()
        return cls(_PYTHON, marshal.version, st.st_size, st.st_mtime_ns, st.st_ino, total)


def path_for(cache: Path) -> Path:
    return cache.with_suffix(".table")


def load(cache: Path, stamp: Stamp) -> dict[str, float] | None:
    """The table in the snapshot of ``cache``, or None if there is no sound one for ``stamp``."""
    try:
        data = path_for(cache).read_bytes()
    except OSError:
        return None
    return _parse(data, stamp)


def _parse(data: bytes, stamp: Stamp) -> dict[str, float] | None:
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + _HEADER_MAX)
    if end < 0:
        return None
    try:
        header = json.loads(data[len(MAGIC) : end])
    except ValueError:  # also a UnicodeDecodeError
        return None
    expected = asdict(stamp)
    if not isinstance(header, dict) or {k: header.get(k) for k in expected} != expected:
        return None
    payload = memoryview(data)[end + 1 :]
    if len(payload) != header.get("length"):
        return None
    if hashlib.blake2b(payload).hexdigest() != header.get("blake2b"):
        return None
    try:
        table = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return table if type(table) is dict else None


def save(cache: Path, stamp: Stamp, table: dict[str, float]) -> bool:
    """Write the snapshot atomically (tempfile, then os.replace); False if it cannot be
    written (a read-only data directory, a full disk): the next process builds its own."""
    payload = marshal.dumps(_shared_values(table))
    header = {**asdict(stamp), "length": len(payload)}
    header["blake2b"] = hashlib.blake2b(payload).hexdigest()
    path = path_for(cache)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + json.dumps(header).encode() + b"\n")
            fh.write(payload)
        os.replace(tmp, path)
    except OSError:
        return False
    finally:
        if os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True


def _shared_values(table: dict[str, float]) -> dict[str, float]:
    """The same table with one float object per distinct value (~5,000 for ~500,000 words):
    marshal then writes each repeat as a reference, a smaller file that loads faster."""
    one: dict[float, float] = {}
    return {word: one.setdefault(value, value) for word, value in table.items()}
