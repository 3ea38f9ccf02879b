"""Chinese word segmentation: one jieba tokenizer with the domain dictionary, built once."""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from importlib import resources

import jieba

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """The shared tokenizer; jieba loads its dictionary lazily, so load it here under a lock."""
    jieba.setLogLevel(logging.WARNING)
    with _lock:
        tk = jieba.Tokenizer()
        tk.initialize()
        with resources.as_file(resources.files("corpus") / "dict" / "terms.txt") as path:
            tk.load_userdict(str(path))
    return tk


def _pieces(text: str, cut) -> list[str]:  # type: ignore[no-untyped-def]
    """Numbers ("96.1%", "1000") stay whole; the text between them goes through jieba."""
    out: list[str] = []
    pos = 0
    for m in _NUMBER.finditer(text):
        out.extend(cut(text[pos : m.start()], HMM=False))
        out.append(m.group())
        pos = m.end()
    out.extend(cut(text[pos:], HMM=False))
    return [w.lower() for w in out if _WORD.match(w)]


def words(text: str) -> list[str]:
    """Segment ``text`` into words (jieba's precise mode), dropping punctuation and spaces."""
    return _pieces(text, tokenizer().lcut)


def index_tokens(text: str) -> list[str]:
    """Tokens for the full-text index: search mode adds the short words inside long ones."""
    return _pieces(text, tokenizer().lcut_for_search)
