"""Where a question's time goes: the benchmark's question mix (bench/question_mix.py) on one
SQLite store of N synthetic reports, timed in CPU time per question and per phase.

    python bench/question_cost.py [--reports 1000] [--dir /tmp/question-cost] [--rounds 5]
        [--phases] [--profile N] [--hits FILE] [--json]

The store is generated and ingested once into DIR (``store-N.db``) and reused afterwards,
so two versions of the code can be timed alternately on the same store. Per class: the
median and p95 of ``time.process_time`` per question (after one warm-up pass). ``--phases``
wraps the question path's steps with timers (inclusive CPU time per question, on a pass of
its own); ``--profile N`` prints cProfile's top N functions; ``--hits FILE`` writes every
question's hits, one JSON line each, to compare two versions byte for byte.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import hashlib
import json
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.evaluate import load_jsonl  # noqa: E402
from bench.question_mix import classes  # noqa: E402
from bench.synth import generate, rare_terms  # noqa: E402
from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.search.answer import ask  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.storage.store import Store, open_store  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "qa_dev.jsonl"


def built_store(folder: Path, reports: int, seed: int) -> Store:
    """The store of ``reports`` reports in ``folder``, ingested on first use only."""
    db = folder / f"store-{reports}.db"
    done = folder / f"store-{reports}.done"
    url = f"sqlite:///{db}"
    if not done.exists():
        for f in folder.glob(f"store-{reports}.db*"):
            f.unlink()
        paths = generate(folder / f"corpus-{reports}", reports, seed)
        store = open_store(url)
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": str(folder / "data")})
        list(ingest_paths(store, paths, settings, workers=default_workers()))
        store.refresh_statistics()
        store.engine.dispose()
        done.write_text("ok\n")
    return open_store(url)


def mix(store: Store, reports: int, seed: int) -> dict[str, list[str]]:
    dev = [str(q["question"]) for q in load_jsonl(QUESTIONS)]
    return classes(dev, store.available(), rare=rare_terms(reports, seed))


def cpu_ms(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def timed(store: Store, questions: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    for qs in questions.values():  # warm: catalog, forms, tokenizer, passages read once
        for q in qs:
            ask(store, q, k=3)
    samples: dict[str, list[float]] = {c: [] for c in questions}
    for _ in range(rounds):
        for cls, qs in questions.items():
            for q in qs:
                samples[cls].append(cpu_ms(lambda q=q: ask(store, q, k=3)))
    return samples


# -- phases -------------------------------------------------------------------------------

PHASES = (  # (module, attribute, phase name): inclusive CPU time of each call
    ("corpus.storage.store", "Store.available", "catalog"),
    ("corpus.search.answer", "understand", "parse question"),
    ("corpus.search.query", "resolve", "scope"),
    ("corpus.search.query", "_terms", "terms"),
    ("corpus.search.answer", "_index_tokens", "index tokens"),
    ("corpus.storage.store", "Store.token_frequencies", "token shares"),
    ("corpus.storage.store", "Store.candidates", "candidates SQL"),
    ("corpus.storage.store", "Store.passages", "passage fetch"),
    ("corpus.storage.store", "Store.town_passages", "place passages"),
    ("corpus.search.answer", "read", "read passages"),
    ("corpus.search.answer", "shortlist", "shortlist"),
    ("corpus.search.answer", "score", "scoring"),
    ("corpus.search.scorer", "Scorer.shortlist", "shortlist"),
    ("corpus.search.scorer", "Scorer.ranked", "scoring"),
    ("corpus.search.answer", "_hit", "answer assembly"),
    ("corpus.search.answer", "_whole_section", "whole section"),
)


def phases(store: Store, questions: dict[str, list[str]], rounds: int) -> dict[str, dict]:
    """Per class, each phase's CPU ms per question (mean over rounds and questions)."""
    import importlib

    spent: dict[str, float] = {}
    restore = []
    for module_name, attr, name in PHASES:
        module = importlib.import_module(module_name)
        owner, _, leaf = attr.rpartition(".")
        target = getattr(module, owner, None) if owner else module
        if target is None or not hasattr(target, leaf):
            continue
        original = getattr(target, leaf)

        def wrapper(*a, __f=original, __n=name, **kw):  # type: ignore[no-untyped-def]
            start = time.process_time()
            try:
                return __f(*a, **kw)
            finally:
                spent[__n] = spent.get(__n, 0.0) + time.process_time() - start

        functools.update_wrapper(wrapper, original)
        setattr(target, leaf, wrapper)
        restore.append((target, leaf, original))
    out: dict[str, dict] = {}
    try:
        for cls, qs in questions.items():
            spent.clear()
            total = 0.0
            for _ in range(rounds):
                for q in qs:
                    total += cpu_ms(lambda q=q: ask(store, q, k=3))
            n = rounds * len(qs)
            out[cls] = {"total": round(total / n, 3)} | {
                k: round(v * 1000 / n, 3) for k, v in sorted(spent.items(), key=lambda x: -x[1])
            }
    finally:
        for target, leaf, original in restore:
            setattr(target, leaf, original)
    return out


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def dump_hits(store: Store, questions: dict[str, list[str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for cls, qs in questions.items():
            for q in qs:
                a = ask(store, q, k=5)
                hits = [
                    [
                        h.town,
                        h.year,
                        h.section,
                        h.score,
                        h.whole,
                        h.passage_id,
                        h.snippet,
                        _sha(h.text),
                    ]
                    for h in a.hits
                ]
                reason = type(a.reason).__name__ if a.reason is not None else None
                kind = getattr(a.reason, "kind", None)
                near = [
                    list(map(str, (n.town, n.year, n.section)))
                    for n in getattr(a.reason, "nearest", ())
                ]
                row = {
                    "class": cls,
                    "q": q,
                    "hits": hits,
                    "reason": reason,
                    "kind": kind,
                    "near": near,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")


def store_options(parser: argparse.ArgumentParser) -> None:
    """The options of a benchmark on this store and its question mix (also floor_bench.py)."""
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/question-cost"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")


def opened(args: argparse.Namespace) -> tuple[Store, dict[str, list[str]]]:
    """The store of ``store_options`` (built on first use) and its question mix."""
    args.dir.mkdir(parents=True, exist_ok=True)
    store = built_store(args.dir, args.reports, args.seed)
    return store, mix(store, args.reports, args.seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    store_options(parser)
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--hits", type=Path)
    args = parser.parse_args()
    store, questions = opened(args)
    if args.hits:
        dump_hits(store, questions, args.hits)
    samples = timed(store, questions, args.rounds)
    every = [x for v in samples.values() for x in v]
    result: dict[str, object] = {
        "all": {"median_ms": round(statistics.median(every), 3), "p95_ms": round(p95(every), 3)},
        "classes": {
            c: {"median_ms": round(statistics.median(v), 3), "p95_ms": round(p95(v), 3)}
            for c, v in samples.items()
        },
    }
    if args.phases:
        result["phases"] = phases(store, questions, args.rounds)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.rounds):
            for qs in questions.values():
                for q in qs:
                    ask(store, q, k=3)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("tottime").print_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(args.profile)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            if isinstance(value, dict) and key != "all":
                for c, row in value.items():
                    print(f"{key} {c}: {row}")
            else:
                print(f"{key}: {value}")
    store.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
