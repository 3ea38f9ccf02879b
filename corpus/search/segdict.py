"""jieba's dictionary, the domain words, jieba's IDF table and its part-of-speech tags in one
SQLite file in the data directory, read a word at a time.

Loading jieba's prefix dictionary takes 0.3–0.6 s per process (a 9 MB marshal file in $TMPDIR,
or 1.5 s to build it from dict.txt) and parsing its idf.txt another 0.2 s; a question needs a
few hundred of those entries. So the file is built once (the key in its name changes with
jieba's and our dictionaries), and :class:`Frequencies` answers jieba's lookups from it,
memoised. A process that looks up many different words (an ingest) reads the whole table
into a plain dict once and hands it to the tokenizer, so bulk segmentation runs at jieba's
own speed. The tags (``jieba.posseg``'s table, which figures read) took another 0.7 s of
parsing dict.txt in every ingest worker.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jieba

from corpus.vocab import dict_text

FULL_LOAD_AFTER = 2_000  # distinct misses (a question makes 100–300, a report ~800) before
# the whole table is read into memory: lookups through a method cost ~25% of segmentation
_SCHEMA = (
    "CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE idf (word TEXT PRIMARY KEY, value REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TABLE tag (word TEXT PRIMARY KEY, tag TEXT NOT NULL) WITHOUT ROWID",
)
FORMAT = b"freq idf meta tag"  # the tables above: a file of another layout is not this one


def terms_lines() -> list[str]:
    text = dict_text("terms.txt")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def sources() -> tuple[Path, Path]:
    base = Path(jieba.__file__).parent
    return base / "dict.txt", base / "analyse" / "idf.txt"


def cache_path(data_dir: Path) -> Path:
    """The file for this jieba and this terms.txt (a change to either makes a new one)."""
    key = hashlib.sha1(jieba.__version__.encode() + FORMAT)
    for source in sources():
        key.update(f"{source.stat().st_size}:{source.stat().st_mtime_ns}".encode())
    key.update("\n".join(terms_lines()).encode())
    return data_dir / "cache" / f"jieba-{key.hexdigest()[:12]}.sqlite"


def build(path: Path, add_terms: Callable[[jieba.Tokenizer], None]) -> None:
    """Write the cache file atomically (concurrent builders each write their own copy)."""
    dict_txt, idf_txt = sources()
    tk = jieba.Tokenizer()
    with dict_txt.open("rb") as fh:
        tk.FREQ, tk.total = tk.gen_pfdict(fh)
    tk.initialized = True
    add_terms(tk)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        conn.execute("PRAGMA journal_mode=OFF")  # a new file, replaced atomically when done
        conn.execute("PRAGMA synchronous=OFF")
        with conn:
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.executemany("INSERT INTO freq VALUES (?, ?)", sorted(tk.FREQ.items()))
            idf = dict(idf_rows(idf_txt))  # in key order: appending to the b-tree is fast
            conn.executemany("INSERT INTO idf VALUES (?, ?)", sorted(idf.items()))
            conn.execute("INSERT INTO meta VALUES ('total', ?)", (tk.total,))
            conn.executemany("INSERT INTO tag VALUES (?, ?)", sorted(word_tags(tk).items()))
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def word_tags(tk: jieba.Tokenizer) -> dict[str, str]:
    """jieba's part-of-speech tag for each dictionary word, as ``jieba.posseg`` reads them
    from dict.txt, and the domain words' tags (terms.txt) over them."""
    import jieba.posseg

    tags = dict(jieba.posseg.POSTokenizer(tk).word_tag_tab)
    for line in terms_lines():
        word, *rest = line.split()
        if len(rest) == 2:
            tags[word] = rest[1]
    return tags


def copy(source: Path, path: Path) -> None:
    """Copy a cache file built elsewhere, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def idf_rows(path: Path):  # type: ignore[no-untyped-def]
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.rstrip("\n").partition(" ")
            if value:
                yield word, float(value)


class Lookup:
    """One table of the cache file, read a key at a time, memoised; safe across threads and
    across a fork (the child opens its own connection)."""

    def __init__(self, path: Path, table: str, column: str) -> None:
        self._path, self._table, self._column = path, table, column
        self._memo: dict[str, object] = {}
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0
        self.misses = 0

    def _query(self, sql: str, args: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        with self._lock:
            if self._conn is None or self._pid != os.getpid():
                uri = self._path.resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
                self._pid = os.getpid()
            return self._conn.execute(sql, args).fetchall()

    def value(self, word: str) -> object:
        try:
            return self._memo[word]
        except KeyError:
            pass
        self.misses += 1
        rows = self._query(
            f"SELECT {self._column} FROM {self._table} WHERE word = ?",
            (word,),
        )
        found = rows[0][0] if rows else None
        self._memo[word] = found
        return found

    def get(self, word: str, default: object = None) -> object:
        found = self.value(word)
        return default if found is None else found

    @property
    def path(self) -> Path:
        return self._path

    def everything(self) -> dict[str, object]:
        return dict(self.rows())

    def rows(self) -> Iterator[tuple[str, Any]]:
        """Every (word, value) of the table, then those set in memory since (later wins)."""
        yield from self.stored()
        yield from self.in_memory()

    def stored(self) -> Iterator[tuple[str, Any]]:
        """Every (word, value) of the table in the file, none of those set in memory: what a
        snapshot of the file's table may hold (see :mod:`corpus.search.segtable`)."""
        conn = sqlite3.connect(self._path.resolve().as_uri() + "?mode=ro", uri=True)
        try:  # a connection of its own: the shared one is not held while the rows are read
            yield from conn.execute(f"SELECT word, {self._column} FROM {self._table}")
        finally:
            conn.close()

    def in_memory(self) -> Iterator[tuple[str, Any]]:
        """The (word, value) pairs known in this process: words looked up (the file's values)
        and words set since (``[]=``, e.g. jieba's ``add_word``), which the file lacks."""
        yield from ((k, v) for k, v in list(self._memo.items()) if v is not None)

    def total(self) -> int:
        return int(self._query("SELECT value FROM meta WHERE key = 'total'")[0][0])  # type: ignore[arg-type]


class Frequencies(Lookup):
    """jieba's ``Tokenizer.FREQ`` (word or prefix → count; 0 for a bare prefix): ``in``,
    ``[]``, ``get`` and ``[]=`` as jieba uses them. After :data:`FULL_LOAD_AFTER` misses it
    puts a plain dict of the whole table into the tokenizer in its place."""

    def __init__(self, path: Path, tk: jieba.Tokenizer) -> None:
        super().__init__(path, "freq", "n")
        self._tk = tk

    def value(self, word: str) -> object:
        found = super().value(word)
        if self.misses > FULL_LOAD_AFTER and self._tk.FREQ is self:
            self._tk.FREQ = self.everything()
        return found

    def __contains__(self, word: object) -> bool:
        return self.value(str(word)) is not None

    def __getitem__(self, word: str) -> int:
        found = self.value(word)
        if found is None:
            raise KeyError(word)
        return found  # type: ignore[return-value]

    def __setitem__(self, word: str, n: int) -> None:
        self._memo[word] = n
