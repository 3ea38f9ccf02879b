"""Ingest N reports and time questions, for townreport and for bm25s on the same passages.

    python bench/search_bench.py --reports 10000 [--db URL] [--json] [--reuse]

With --reuse the database at --db already holds the corpus of an earlier run (same --reports
and --seed): nothing is generated or ingested, the questions and the cold timings are run
again (each run's "after an ingest" report is a new one), e.g. on the 100,000-report database.

Without --db a fresh SQLite file in a temporary folder is used. The corpus is the bundled
reports plus synthetic ones (bench/synth.py, deterministic). The questions come in classes
(bench/question_mix.py), each timed and reported on its own; townreport and bm25s answer
each question in turn (so load from other processes hits both alike). Cold timings: the
first question after an ingest, and the first of a new process. Memory is the peak of the
summed RSS of this process and its ingest workers. Each part is printed to stderr as it
finishes. Needs the ``bench`` extra (``pip install -e '.[bench]'``, bm25s pinned).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import inspect, text

try:  # fail before the ingest, not after it
    import bm25s
    import psutil
except ImportError as exc:  # pragma: no cover
    sys.exit(f"需要 bench 依赖：pip install -e '.[bench]'（{exc.name}）")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.evaluate import is_correct, load_jsonl, score  # noqa: E402
from bench.question_mix import classes  # noqa: E402
from bench.synth import BUNDLED_COUNT, generate, rare_terms  # noqa: E402
from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.search.answer import ask  # noqa: E402
from corpus.search.segment import index_tokens  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.storage.store import Store, open_store  # noqa: E402

QUESTIONS = ROOT / "tests" / "data" / "qa_dev.jsonl"


def percentiles(samples: list[float]) -> dict[str, float]:
    qs = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50_ms": round(qs[49], 2), "p95_ms": round(qs[94], 2), "p99_ms": round(qs[98], 2)}


class MemorySampler(threading.Thread):
    """The peak, every 0.1 s, of the RSS summed over this process and its children."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        me = psutil.Process()
        while not self._done.wait(0.1):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a worker that just ended
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)

    def stop_mb(self) -> float:
        self._done.set()
        self.join()
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return round(max(self.peak, own) / 1e6, 1)


def part(name: str, data: object) -> None:
    print(f"[{name}] {json.dumps(data, ensure_ascii=False)}", file=sys.stderr, flush=True)


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


class Bm25:
    """bm25s over the same passages (their stored tokens), top 10 per question."""

    def __init__(self, store: Store) -> None:
        stored = "tokens" in {c["name"] for c in inspect(store.engine).get_columns("passages")}
        with store.engine.connect() as conn:
            rows = conn.execute(
                text(
                    f"SELECT p.id, p.{'tokens' if stored else 'text'} FROM passages p "
                    "JOIN reports r ON r.id = p.report_id "
                    "WHERE r.superseded_at IS NULL ORDER BY p.id"
                )
            ).all()
        # interned: one string per distinct word, not one per occurrence (this process peaked
        # at 3.6 GB with 10,000 reports before; 100,000 would not fit in 24 GB)
        corpus = [
            [sys.intern(w) for w in (t.split() if stored else index_tokens(t))] for _, t in rows
        ]
        del rows
        start = time.perf_counter()
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus, show_progress=False)
        self.index_s = round(time.perf_counter() - start, 2)
        self.size = len(corpus)
        self.df: Counter[str] = Counter(t for tokens in corpus for t in set(tokens))

    def rarest_share(self, q: str) -> float:
        """The share of passages holding the question's rarest indexed word."""
        counts = [self.df[t] for t in index_tokens(q) if t in self.df]
        return min(counts) / self.size if counts else 0.0

    def __call__(self, q: str) -> None:
        vocab = self.retriever.vocab_dict
        tokens = [t for t in index_tokens(q) if t in vocab] or ["的"]
        self.retriever.retrieve([tokens], k=min(10, self.size), show_progress=False, n_threads=0)


def interleaved(
    ours, theirs, mix: dict[str, list[str]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:  # type: ignore[no-untyped-def]
    """Per class, the samples of both systems, each question asked of one then the other."""
    for questions in mix.values():  # warm caches once
        for q in questions:
            ours(q)
            theirs(q)
    a: dict[str, list[float]] = {c: [] for c in mix}
    b: dict[str, list[float]] = {c: [] for c in mix}
    for _ in range(rounds):
        for cls, questions in mix.items():
            for q in questions:
                for fn, samples in ((ours, a[cls]), (theirs, b[cls])):
                    start = time.perf_counter()
                    fn(q)
                    samples.append((time.perf_counter() - start) * 1000)
    return a, b


def real_corpus_hit1() -> dict[str, float]:
    """hit@1 on the bundled reports alone, for townreport and for bm25s."""

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
    from corpus.search.answer import Hit

    return Hit(
        record.town, record.year, record.title, record.section, record.text, "", 0.0, record.id
    )


def cold(
    store: Store, url: str, settings: Settings, tmp: str, seed: int, reports: int
) -> dict[str, float]:
    """The first question after an ingest (catalog and token statistics re-read) and the
    first question of a new process (opening the store included)."""
    # the plan's next report, a place and year not stored (after earlier runs' extras too)
    synthetic = max(reports, store.count()) - BUNDLED_COUNT
    extra = generate(Path(tmp) / "extra", synthetic + 1, seed, include_real=False, start=synthetic)
    list(ingest_paths(store, extra, settings, workers=1))
    start = time.perf_counter()
    ask(store, "法治政府建设存在哪些不足", k=3)
    after_ingest = (time.perf_counter() - start) * 1000
    code = (
        "import sys, time; t = time.perf_counter()\n"
        "from corpus.storage.store import open_store\n"
        "from corpus.search.answer import ask, prepare\n"
        "t1 = time.perf_counter(); store = open_store(sys.argv[1]); t2 = time.perf_counter()\n"
        "prepare(store); t3 = time.perf_counter()\n"
        "ask(store, '综合行政执法改革推进情况', k=3); t4 = time.perf_counter()\n"
        "ask(store, '哪个镇开展了法律明白人培养工程', k=3); t5 = time.perf_counter()\n"
        "print(*((b - a) * 1000 for a, b in [(t, t4), (t, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, url],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    whole, imports, opening, prepared, first, second = map(float, out.stdout.split()[-6:])
    return {
        "after_ingest_ms": round(after_ingest, 2),
        "new_process_ms": round(whole, 1),  # imports, opening, prepare and the first question
        "new_process_imports_ms": round(imports, 1),
        "new_process_open_ms": round(opening, 1),
        # places, forms, division table, tokenizer: what the bot reads at start (prepare)
        "new_process_prepare_ms": round(prepared, 1),
        "new_process_first_question_ms": round(first, 1),
        "new_process_second_question_ms": round(second, 1),  # another class, not yet warm
    }


def corpus_stats(store: Store, bm25: Bm25 | None) -> dict[str, int | None]:
    """Distinct passage texts, and the vocabulary of the index (distinct tokens; only known
    from bm25s's index)."""
    with store.engine.connect() as conn:
        distinct = conn.execute(text("SELECT count(DISTINCT text) FROM passages")).scalar()
        passages = conn.execute(text("SELECT count(*) FROM passages")).scalar()
    return {
        "passages": bm25.size if bm25 else int(passages or 0),
        "distinct_texts": int(distinct or 0),
        "vocabulary": len(bm25.retriever.vocab_dict) if bm25 else None,
    }


def _nothing(q: str) -> None:
    """The reference when there is none (``--no-reference``)."""


def class_row(
    questions: list[str], ours: list[float], theirs: list[float], bm25: Bm25 | None
) -> dict[str, object]:
    ta = percentiles(ours)
    row: dict[str, object] = {
        "questions": len(questions),
        "townreport_p50_ms": ta["p50_ms"],
        "townreport_p95_ms": ta["p95_ms"],
        "townreport_max_ms": round(max(ours), 2),
    }
    if bm25 is None:
        return row
    tb = percentiles(theirs)
    return {
        **row,
        # how selective its words are: the median question's rarest word, % of passages
        "rarest_word_pct": round(100 * statistics.median(map(bm25.rarest_share, questions)), 3),
        "bm25s_p50_ms": tb["p50_ms"],
        "bm25s_p95_ms": tb["p95_ms"],
        "ratio_p95": round(ta["p95_ms"] / tb["p95_ms"], 2) if tb["p95_ms"] else None,
    }


def ingested(
    store: Store, url: str, settings: Settings, tmp: str, args: argparse.Namespace
) -> tuple[dict[str, object], int, int]:
    """Generate the corpus and ingest it: the ingest's figures, passages, failures."""
    paths = generate(Path(tmp) / "corpus", args.reports, args.seed)
    memory = MemorySampler()
    memory.start()
    start = time.perf_counter()
    results = list(ingest_paths(store, paths, settings, workers=args.workers))
    store.refresh_statistics()
    ingest_s = time.perf_counter() - start
    peak = memory.stop_mb()
    failed = sum(1 for r in results if not r.ok)
    passages = sum(r.passages or 0 for r in results if r.ok)
    ours: dict[str, object] = {
        "ingest_s": round(ingest_s, 2),
        "ingest_reports_per_s": round(len(paths) / ingest_s, 1),
        "peak_rss_mb": peak,
        "index_mb": index_mb(store, url),
    }
    ours["kb_per_report"] = round(float(ours["index_mb"]) * 1000 / len(paths), 1)  # type: ignore[arg-type]
    part("ingest", {"reports": len(paths), "passages": passages, **ours})
    return ours, passages, failed


def reused(store: Store, url: str, reports: int) -> tuple[dict[str, object], int, int]:
    """An earlier run's database (``--reuse``): its size, nothing ingested."""
    stored = store.count()
    if stored < reports:
        sys.exit(f"--reuse：库里只有 {stored} 份报告，少于 --reports {reports}")
    with store.engine.connect() as conn:
        passages = int(conn.execute(text("SELECT count(*) FROM passages")).scalar() or 0)
    ours: dict[str, object] = {"reused": True, "index_mb": index_mb(store, url)}
    ours["kb_per_report"] = round(float(ours["index_mb"]) * 1000 / stored, 1)  # type: ignore[arg-type]
    part("reused", {"reports": stored, "passages": passages, **ours})
    return ours, passages, 0


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
    parser.add_argument(
        "--no-reference",
        action="store_true",
        help="time townreport alone (no bm25s: at 100,000 reports its index takes ~20 min)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="--db already holds this corpus (an earlier run's): time the questions only",
    )
    args = parser.parse_args()
    if args.reuse and not args.db:
        parser.error("--reuse needs --db")
    dev = [str(q["question"]) for q in load_jsonl(QUESTIONS)]
    reports = args.reports
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        store = open_store(url)
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        if args.reuse:
            ours, passages, failed = reused(store, url, reports)
        else:
            ours, passages, failed = ingested(store, url, settings, tmp, args)
        bm25 = None if args.no_reference else Bm25(store)
        stats = corpus_stats(store, bm25)
        part("corpus", stats)
        mix = classes(dev, store.available(), rare=rare_terms(reports, args.seed))
        a, b = interleaved(lambda q: ask(store, q, k=3), bm25 or _nothing, mix, args.rounds)
        by_class = {cls: class_row(mix[cls], a[cls], b[cls], bm25) for cls in mix}
        for cls in mix:
            part(cls, by_class[cls])
        ours.update(percentiles([x for v in a.values() for x in v]))
        reference = (
            {"index_s": bm25.index_s, **percentiles([x for v in b.values() for x in v])}
            if bm25
            else {}
        )
        cold_ms = cold(store, url, settings, tmp, args.seed, reports)
        part("cold", cold_ms)
        store.engine.dispose()
    out = {
        "reports": reports,
        "passages": passages,
        "failed": failed,
        "database": url.split(":", 1)[0],
        "corpus": stats,
        "townreport": ours,
        "bm25s": reference,
        "classes": by_class,
        "cold": cold_ms,
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
        t, b2 = ours, reference
        print(
            f"| {reports} | {passages} | {out['database']} | {t.get('ingest_reports_per_s', '–')} | {t['p50_ms']} "
            f"| {t['p95_ms']} | {t['p99_ms']} | {t.get('peak_rss_mb', '–')} | {t['index_mb']} "
            f"| {b2.get('p50_ms', '–')} | {b2.get('p95_ms', '–')} | {b2.get('p99_ms', '–')} |"
        )
        for cls, row in by_class.items():
            print(f"{cls}: {row}")
        print(f"cold: {cold_ms}; corpus: {stats}")
        if "real_corpus" in out:
            print(f"real corpus hit@1: {out['real_corpus']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
