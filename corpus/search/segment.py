"""Chinese word segmentation: one jieba tokenizer with the domain dictionary, built once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from math import log
from pathlib import Path

import jieba

from corpus.search import segdict, segtable

_lock = threading.Lock()


def _add_terms(tk: jieba.Tokenizer) -> None:
    """The domain words of ``dict/terms.txt`` (word, frequency, tag), as load_userdict would."""
    for line in segdict.terms_lines():
        word, *rest = line.split()
        tk.add_word(word, int(rest[0]) if rest else None, rest[1] if len(rest) > 1 else None)


def _cache_file() -> Path | None:
    """The dictionary cache in the data directory, built on first use (or copied from the
    default data directory's, when that one has it); None if the data directory cannot be
    written (then each process loads jieba's dictionary itself)."""
    from corpus.settings import Settings, default_data_dir

    path = segdict.cache_path(Settings.from_env().data_dir)
    if path.exists():
        return path
    shared = segdict.cache_path(default_data_dir())
    try:
        if shared.exists() and shared != path:
            segdict.copy(shared, path)
        else:
            segdict.build(path, _add_terms)
    except OSError:
        return None
    return path


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer with the domain dictionary. Its prefix dictionary is read from
    the cache file word by word (see :mod:`corpus.search.segdict`), so a process that segments one
    question does not load 350,000 entries first."""
    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tk = jieba.Tokenizer()
        path = _cache_file()
        if path is None:
            tk.initialize()
            _add_terms(tk)
            return tk
        tk.FREQ = segdict.Frequencies(path, tk)
        tk.total = tk.FREQ.total()
        for line in segdict.terms_lines():
            word, *rest = line.split()
            if len(rest) > 1:
                tk.user_word_tag_tab[word] = rest[1]
        tk.initialized = True
    return tk


@lru_cache(maxsize=1)
def word_tags() -> Mapping[str, str] | segdict.Lookup:
    """Each dictionary word's part-of-speech tag (jieba.posseg's, the domain words' over
    them): ``.get(word)``, read from the cache file a word at a time."""
    path = _cache_file()
    if path is not None:
        return segdict.Lookup(path, "tag", "tag")
    return segdict.word_tags(tokenizer())


@lru_cache(maxsize=1)
def idf_weights() -> Mapping[str, float] | segdict.Lookup:
    """jieba's IDF table (``jieba/analyse/idf.txt``): ``.get(word, default)``, read from the
    same cache file a word at a time instead of parsing 270,000 lines per process."""
    path = _cache_file()
    if path is not None:
        return segdict.Lookup(path, "idf", "value")
    return dict(segdict.idf_rows(segdict.sources()[1]))


def _merge_numbers(tokens: list[str]) -> list[str]:
    """jieba splits "96.1%" into "96", ".", "1", "%": put numbers back together."""
    if "." not in tokens and "%" not in tokens:
        return tokens  # the usual case: nothing to merge
    out: list[str] = []
    for tok in tokens:
        if (
            out
            and out[-1]
            and (
                (tok.isdigit() and (out[-1][-1] == "." and out[-1][:-1].replace(".", "").isdigit()))
                or (tok == "." and out[-1].isdigit())
                or (tok == "%" and out[-1][-1].isdigit())
                or (tok.isdigit() and out[-1].isdigit())
            )
        ):
            out[-1] += tok
        else:
            out.append(tok)
    if out and out[-1].endswith("."):
        out[-1:] = [out[-1][:-1], "."]
    return out


def _pieces(text: str, cut) -> list[str]:  # type: ignore[no-untyped-def]
    """Segment with jieba, keeping numbers ("96.1%", "1000") whole and dropping punctuation."""
    tokens = _merge_numbers(cut(text.lower(), HMM=False))
    return [w for w in tokens if w[:1].isalnum()]


def words(text: str) -> list[str]:
    """Segment ``text`` into words (jieba's precise mode), dropping punctuation and spaces."""
    fast = cutter() or _lazy_cutter()
    return _pieces(text, fast.cut if fast else tokenizer().lcut)


def index_tokens(text: str, memo: dict[str, list[str]] | None = None) -> list[str]:
    """Tokens for the full-text index: search mode adds the short words inside long ones.
    ``memo`` (one per report) keeps the cut of each run of Chinese text seen before."""
    fast = cutter() or _lazy_cutter()
    if fast is None:
        return _pieces(text, tokenizer().lcut_for_search)
    return _pieces(text, lambda t, HMM: fast.cut_for_search(t, memo))


def cut(text: str) -> list[str]:
    """jieba's ``lcut(text, HMM=False)`` with the shared tokenizer, every piece kept."""
    fast = cutter() or _lazy_cutter()
    return fast.cut(text) if fast else tokenizer().lcut(text, HMM=False)


def cutter() -> Cutter | None:
    """The fast cutter, once the whole dictionary is in memory (an ingest: see
    :func:`load_all`); None before (a question: jieba looks words up one at a time)."""
    global _fast
    if _fast is None:
        tk = tokenizer()
        if type(tk.FREQ) is dict:  # jieba's own full table (or the cache's, read after many misses)
            with _lock:
                _fast = _fast or Cutter(tk.FREQ.items(), tk.total)
    return _fast


def _lazy_cutter() -> Cutter | None:
    """Before the whole dictionary is in memory (a question): the same cutter over the cache
    file's table, each word's log probability looked up on first use and kept, instead of
    jieba's own cut (a DAG dict and generators per run of text, every prefix looked up twice)."""
    global _lazy
    if _lazy is None:
        tk = tokenizer()
        if isinstance(tk.FREQ, segdict.Frequencies):
            with _lock:
                _lazy = _lazy or Cutter.over(tk.FREQ, tk.total)
    return _lazy


def load_all() -> None:
    """Make the fast cutter now, from the whole dictionary (a process about to segment many
    texts): from the cache file when there is one (see :func:`_from_file`)."""
    global _fast
    tk = tokenizer()
    with _lock:
        if _fast is None:
            freq = tk.FREQ
            if isinstance(freq, segdict.Frequencies):
                _fast = _from_file(freq, tk.total)
            else:
                _fast = Cutter(freq.items(), tk.total)


def _from_file(freq: segdict.Frequencies, total: int) -> Cutter:
    """The cutter from the cache file's snapshot of the table when it has a sound one, else
    from its rows (then the snapshot is written for the next process; if it cannot be, the
    next one builds too); the words set in memory go on top, as a snapshot has only the rows."""
    try:  # taken before any row is read: a file replaced meanwhile makes the snapshot stale
        stamp: segtable.Stamp | None = segtable.Stamp.of(freq.path, total)
    except OSError:
        stamp = None
    made = _from_cache(freq.path, stamp, total)
    if made is None:
        made = Cutter(freq.stored(), total)
        if stamp is not None:
            segtable.save(freq.path, stamp, made.table)
    made.put(freq.in_memory())
    return made


def _from_cache(cache: Path, stamp: segtable.Stamp | None, total: int) -> Cutter | None:
    """The cutter over the snapshot of the cache file's table, if there is a sound one."""
    table = None if stamp is None else segtable.load(cache, stamp)
    return None if table is None else Cutter.with_table(table, total)


_fast: Cutter | None = None
_lazy: Cutter | None = None


class Cutter:
    """jieba 0.42.1's cut without HMM (precise and search mode), word for word the same, from a
    table of each word's log probability made once: jieba looks every prefix up twice, takes
    a logarithm per candidate and builds a DAG dict and a generator per run of Chinese text.
    """

    def __init__(self, freq: Iterable[tuple[str, int]], total: int) -> None:
        self._total, logtotal = total, log(total)
        # jieba scores a word log(freq) - log(total) + the rest; 0.0 marks a bare prefix
        self._logp = {w: (log(f) - logtotal if f else 0.0) for w, f in freq}
        self._floor = log(1) - logtotal  # a character that is no word: jieba's ``or 1``
        self._get = self._logp.get

    @classmethod
    def with_table(cls, table: dict[str, float], total: int) -> Cutter:
        """The cutter over a ready table (:attr:`table` of one made from the same rows)."""
        made = cls((), total)
        made._logp = table
        made._get = table.get
        return made

    @property
    def table(self) -> dict[str, float]:
        """Word → log probability (0.0 for a bare prefix): the cutter's own, not a copy."""
        return self._logp

    def put(self, freq: Iterable[tuple[str, int]]) -> None:
        """Words and counts over those of the table (later wins), as in :meth:`__init__`."""
        logtotal = log(self._total)
        self._logp.update((w, log(f) - logtotal if f else 0.0) for w, f in freq)

    @classmethod
    def over(cls, table: segdict.Frequencies, total: int) -> Cutter:
        """The cutter over a table read a word at a time (see :class:`_Looked`)."""
        made = cls((), total)
        made._logp = _Looked(table, log(total))
        made._get = made._logp.__getitem__
        return made

    def cut(self, text: str, HMM: bool = False) -> list[str]:
        """jieba's ``lcut(text, HMM=False)``."""
        return self._cut(text, self._block, None)

    def cut_for_search(self, text: str, memo: dict[str, list[str]] | None = None) -> list[str]:
        """jieba's ``lcut_for_search(text, HMM=False)``; ``memo`` keeps each run's words."""
        return self._cut(text, self._search_block, memo)

    def _cut(self, text: str, cut_block, memo: dict[str, list[str]] | None) -> list[str]:  # type: ignore[no-untyped-def]
        out: list[str] = []
        for i, block in enumerate(jieba.re_han_default.split(text)):
            if not block:
                continue
            if i % 2:  # split's captured group: a run of Chinese text (and [a-z0-9+#&._%-])
                if memo is None:
                    out.extend(cut_block(block))
                elif (found := memo.get(block)) is not None:
                    out.extend(found)
                else:
                    out.extend(memo.setdefault(block, cut_block(block)))
                continue
            for piece in jieba.re_skip_default.split(block):
                if jieba.re_skip_default.match(piece):
                    out.append(piece)
                else:
                    out.extend(piece)  # one character at a time, as jieba yields them
        return out

    def _search_block(self, block: str) -> list[str]:
        """Each word preceded by the dictionary words of two and three characters in it."""
        get, out = self._get, []
        for w in self._block(block):
            n = len(w)
            if n > 2:
                for i in range(n - 1):
                    if get(w[i : i + 2]):
                        out.append(w[i : i + 2])
                if n > 3:
                    for i in range(n - 2):
                        if get(w[i : i + 3]):
                            out.append(w[i : i + 3])
            out.append(w)
        return out

    def _block(self, block: str) -> list[str]:
        """The words of one run of Chinese text: jieba's DAG and its best route, right to left
        (the score of each start, and where its best word ends)."""
        get, n, floor = self._get, len(block), self._floor
        prob = [0.0] * (n + 1)
        ends = list(range(1, n + 1))
        for i in range(n - 1, -1, -1):
            v = get(block[i])
            if v is None:  # no word starts with this character
                prob[i] = floor + prob[i + 1]
                continue
            best = v + prob[i + 1] if v else _NO_WORD
            j = i + 2
            while j <= n and (v := get(block[i:j])) is not None:
                if v:  # a word, not a bare prefix; the longer wins a tie, as in jieba
                    p = v + prob[j]
                    if p >= best:
                        best, ends[i] = p, j
                j += 1
            prob[i] = floor + prob[i + 1] if best is _NO_WORD else best
        return _words_on(block, ends)


class _Looked(dict):  # type: ignore[type-arg]
    """Word → log probability (0.0: a bare prefix, None: neither), each looked up in the
    cache file's table on first use: ``self[word]`` for what the full table's ``.get`` gives."""

    def __init__(self, table: segdict.Frequencies, logtotal: float) -> None:
        super().__init__()
        self._table, self._logtotal = table, logtotal

    def __missing__(self, word: str) -> float | None:
        found = self._table.value(word)
        value = None if found is None else (log(found) - self._logtotal if found else 0.0)  # type: ignore[arg-type]
        self[word] = value
        return value


_NO_WORD = float("-inf")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # re_eng


def _words_on(block: str, ends: list[int]) -> list[str]:
    """The words along the route; single ASCII letters and digits run together, as in jieba."""
    out: list[str] = []
    x, n, buf = 0, len(block), ""
    while x < n:
        y = ends[x]
        if y == x + 1 and block[x] in _ASCII_ALNUM:
            buf += block[x]
        else:
            if buf:
                out.append(buf)
                buf = ""
            out.append(block[x:y])
        x = y
    if buf:
        out.append(buf)
    return out
