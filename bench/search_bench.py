"""Ingest N reports and time questions, for townreport and for bm25s on the same passages.

    python bench/search_bench.py --reports 10000 [--db URL] [--json]

Without --db a fresh SQLite file in a temporary folder is used. The corpus is the bundled
reports plus synthetic ones (bench/synth.py, deterministic); questions are the dev set.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synth import generate  # noqa: E402
from corpus.evaluate import is_correct, load_jsonl, score  # noqa: E402
from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.search import ask  # noqa: E402
from corpus.segment import index_tokens  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.store import Store, open_store  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "qa_dev.jsonl"


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(qs[49], 2), "p95_ms": round(qs[94], 2), "p99_ms": round(qs[98], 2)}


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, workers) / 1024, 1)


def index_mb(store: Store, url: str) -> float:
    if store.engine.dialect.name == "sqlite":
        db = Path(url.removeprefix("sqlite:///"))
        files = [db, Path(f"{db}-wal"), Path(f"{db}-shm")]
        return round(sum(f.stat().st_size for f in files if f.exists()) / 1e6, 1)
    with store.engine.connect() as conn:
        size = conn.execute(
            text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'r' AND n.nspname = current_schema()"
            )
        ).scalar()
    return round(float(size or 0) / 1e6, 1)


def time_questions(fn, questions: list[str], rounds: int) -> list[float]:  # type: ignore[no-untyped-def]
    for q in questions:  # warm caches once
        fn(q)
    samples = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def bm25s_run(store: Store, questions: list[str], rounds: int) -> dict[str, float]:
    import bm25s

    with store.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.id, p.tokens FROM passages p JOIN reports r ON r.id = p.report_id "
                "WHERE r.superseded_at IS NULL ORDER BY p.id"
            )
        ).all()
    start = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index([t.split() for _, t in rows], show_progress=False)
    index_s = time.perf_counter() - start

    def search(q: str) -> None:
        tokens = [t for t in index_tokens(q) if t in retriever.vocab_dict] or ["的"]
        retriever.retrieve([tokens], k=min(10, len(rows)), show_progress=False, n_threads=0)

    samples = time_questions(search, questions, rounds)
    return {"index_s": round(index_s, 2), **percentiles(samples)}


def real_corpus_hit1() -> dict[str, float]:
    """hit@1 on the bundled reports alone, for townreport and for bm25s."""
    import bm25s

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/real.db")
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        paths = sorted((ROOT / "corpus" / "reports").glob("*.txt"))
        list(ingest_paths(store, paths, settings))
        items = load_jsonl(QUESTIONS)
        ours = score(store, items, k=3).hit_at(1)
        recs = store.passages(list(range(1, 10_000)))
        retriever = bm25s.BM25()
        retriever.index([index_tokens(r.text) for r in recs], show_progress=False)
        hits = 0
        for item in items:
            tokens = index_tokens(str(item["question"]))
            ids, _ = retriever.retrieve([tokens], k=1, show_progress=False)
            hits += is_correct(_as_hit(recs[int(ids[0][0])]), item)
        store.engine.dispose()
    return {"townreport_hit@1": round(ours, 3), "bm25s_hit@1": round(hits / len(items), 3)}


def _as_hit(record):  # type: ignore[no-untyped-def]
    from corpus.search import Hit

    return Hit(
        record.town, record.year, record.title, record.section, record.text, "", 0.0, record.id
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument(
        "--db", help="SQLAlchemy URL of an empty database (default: temporary SQLite)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = [str(q["question"]) for q in load_jsonl(QUESTIONS)]
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp) / "corpus", args.reports, args.seed)
        url = args.db or f"sqlite:///{tmp}/bench.db"
        store = open_store(url)
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        start = time.perf_counter()
        results = list(ingest_paths(store, paths, settings, workers=args.workers))
        store.refresh_statistics()
        ingest_s = time.perf_counter() - start
        failed = sum(1 for r in results if not r.ok)
        passages = sum(r.passages or 0 for r in results if r.ok)
        samples = time_questions(lambda q: ask(store, q, k=3), questions, args.rounds)
        ours = {
            "ingest_s": round(ingest_s, 2),
            "ingest_reports_per_s": round(len(paths) / ingest_s, 1),
            **percentiles(samples),
            "peak_rss_mb": peak_rss_mb(),
            "index_mb": index_mb(store, url),
        }
        reference = bm25s_run(store, questions, args.rounds)
        store.engine.dispose()
    out = {
        "reports": len(paths),
        "passages": passages,
        "failed": failed,
        "database": url.split(":", 1)[0],
        "townreport": ours,
        "bm25s": reference,
    }
    if args.reports <= 1000 or os.environ.get("BENCH_REAL_HIT1"):
        out["real_corpus"] = real_corpus_hit1()
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(
            "| reports | passages | db | ingest reports/s | p50 ms | p95 ms | p99 ms | peak RSS MB | index MB | bm25s p50 | bm25s p95 | bm25s p99 |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        t, b = ours, reference
        print(
            f"| {len(paths)} | {passages} | {out['database']} | {t['ingest_reports_per_s']} | {t['p50_ms']} "
            f"| {t['p95_ms']} | {t['p99_ms']} | {t['peak_rss_mb']} | {t['index_mb']} "
            f"| {b['p50_ms']} | {b['p95_ms']} | {b['p99_ms']} |"
        )
        if "real_corpus" in out:
            print(f"real corpus hit@1: {out['real_corpus']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
