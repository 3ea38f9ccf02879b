"""Chinese word segmentation: one jieba tokenizer with the domain dictionary, built once."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import jieba

from corpus.search import segdict

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
    return _pieces(text, tokenizer().lcut)


def index_tokens(text: str) -> list[str]:
    """Tokens for the full-text index: search mode adds the short words inside long ones."""
    return _pieces(text, tokenizer().lcut_for_search)
