"""Chinese word segmentation: one jieba tokenizer with the domain dictionary, built once."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from importlib import resources

import jieba

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
