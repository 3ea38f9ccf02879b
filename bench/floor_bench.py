"""How much of a question is scoring: townreport's whole question, the same question with
the scorer taken out, and bm25s, timed in turn question by question on one SQLite store.

    python bench/floor_bench.py [--reports 1000] [--dir /tmp/question-cost] [--rounds 5] [--json]

"Before scoring" is :func:`corpus.search.answer.ask` itself with :class:`Scorer` replaced by
one that shortlists and ranks nothing: the catalog, the question understood, the scope, the
whole-section shortcut and the full-text or place candidates all run as in a real question
(swapped outside the timed call). What is left between it and the whole question is the
shortlist, the per-sentence scoring and the hits. The store is built as bench/question_cost.py
builds it (``store-N.db`` in DIR, reused); bm25s indexes the same passages as in
bench/search_bench.py. Wall time per question, median and p95 per class and overall.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.question_cost import opened, p95, store_options  # noqa: E402
from bench.search_bench import Bm25  # noqa: E402
from corpus.search import answer  # noqa: E402

SYSTEMS = ("bm25s", "townreport", "before scoring")


class Unscored:
    """A scorer that shortlists and ranks nothing (so ``ask`` stops before scoring)."""

    def __init__(self, q: object) -> None:
        pass

    def shortlist(self, records: object) -> list[object]:
        return []

    def ranked(self, reads: Sequence[object], keep: int) -> list[object]:
        return []


def timed(
    systems: dict[str, Callable[[str], object]], questions: dict[str, list[str]], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Per class and system, wall ms per question; each question asked of each in turn."""
    for fn in systems.values():  # warm: catalog, pools, passages read, bm25s
        for qs in questions.values():
            for q in qs:
                fn(q)
    out = {c: {s: [] for s in systems} for c in questions}
    for _ in range(rounds):
        for cls, qs in questions.items():
            for q in qs:
                for name, fn in systems.items():
                    real = answer.Scorer
                    if name == "before scoring":
                        answer.Scorer = Unscored  # type: ignore[assignment,misc]
                    try:
                        start = time.perf_counter()
                        fn(q)
                        out[cls][name].append((time.perf_counter() - start) * 1000)
                    finally:
                        answer.Scorer = real  # type: ignore[misc]
    return out


def row(samples: dict[str, list[float]]) -> dict[str, float]:
    got = {}
    for name, xs in samples.items():
        got[f"{name} p50"] = round(statistics.median(xs), 3)
        got[f"{name} p95"] = round(p95(xs), 3)
    whole, before = got["townreport p50"], got["before scoring p50"]
    got["scoring share p50"] = round(1 - before / whole, 2) if whole else 0.0
    return got


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    store_options(parser)
    args = parser.parse_args()
    store, questions = opened(args)
    bm25 = Bm25(store)

    def whole(q: str) -> object:
        return answer.ask(store, q, k=3)

    systems = {"bm25s": bm25, "townreport": whole, "before scoring": whole}
    samples = timed(systems, questions, args.rounds)
    result = {cls: row(s) for cls, s in samples.items()}
    result["all"] = row({n: [x for s in samples.values() for x in s[n]] for n in SYSTEMS})
    store.engine.dispose()
    if args.json:
        print(json.dumps({"reports": args.reports, "classes": result}, ensure_ascii=False))
        return 0
    heads = [f"{n} {p}" for n in SYSTEMS for p in ("p50", "p95")] + ["scoring share p50"]
    print("| class | " + " | ".join(heads) + " |")
    print("|---" * (len(heads) + 1) + "|")
    for cls, got in result.items():
        print(f"| {cls} | " + " | ".join(str(got[h]) for h in heads) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
