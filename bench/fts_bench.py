"""Full-text candidates on a large store, the window-first design against a plain GIN
match, timed alternately question by question (so that load from other processes on a
shared machine hits both alike).

    python bench/fts_bench.py --db URL --reports 10000 [--rounds 5] [--json] [--sizes]

The store at ``--db`` is filled with the synthetic corpus (bench/synth.py) up to
``--reports`` reports if it holds fewer; an existing one is reused. Only PostgreSQL has the
two designs (SQLite's FTS5 streams rowids newest first and stops at the limit). ``--sizes``
prints the storage per report, table by table and index by index, on either database.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine  # noqa: E402

from bench.synth import generate  # noqa: E402
from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.storage import fts, fts_postgres  # noqa: E402
from corpus.storage.store import open_store  # noqa: E402

# no town named: common words, rare words, and with a year
QUESTIONS = {
    "common words": ["下一步法治建设有什么打算", "法治政府建设存在哪些不足", "依法行政工作情况"],
    "common words + year": ["2022年法治政府建设情况", "2021年法治宣传教育开展情况"],
    "rare words": ["综合行政执法改革推进情况", "法律顾问审查合同", "行政复议应诉案件"],
}
LIMIT = 100


def fill(url: str, reports: int) -> int:
    store = open_store(url)
    have = store.count()
    if have < reports:
        with tempfile.TemporaryDirectory() as tmp:
            paths = generate(Path(tmp) / "corpus", reports, 7)[have:]
            settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
            list(ingest_paths(store, paths, settings, workers=default_workers()))
        store.refresh_statistics()
    count = store.count()
    store.engine.dispose()
    return count


def sizes(engine: Engine) -> dict[str, object]:
    """KB per report of every table and index (SQLite: dbstat after a checkpoint; PostgreSQL:
    relation sizes with their TOAST), and in all."""
    with engine.connect() as conn:
        reports = conn.exec_driver_sql("SELECT count(*) FROM reports").scalar() or 1
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            rows = conn.exec_driver_sql(
                "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ).all()
        else:
            rows = conn.exec_driver_sql(
                "SELECT c.relname, pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid = 0 "
                "THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = "
                "current_schema() AND c.relkind IN ('r', 'i') ORDER BY 2 DESC"
            ).all()
    per = {name: round(size / reports / 1024, 2) for name, size in rows if size}
    return {"reports": reports, "kb_per_report": round(sum(per.values()), 1), "relations": per}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--sizes", action="store_true", help="storage per report, then stop")
    args = parser.parse_args()
    count = fill(args.db, args.reports)
    print(f"store holds {count} reports", file=sys.stderr, flush=True)
    store = open_store(args.db)
    if args.sizes:
        measured = sizes(store.engine)
        print(json.dumps(measured, ensure_ascii=False) if args.json else measured)
        store.engine.dispose()
        return 0
    index = store.index
    if not isinstance(index, fts_postgres.PostgresHashes):
        print("only PostgreSQL has the two designs", file=sys.stderr)
        return 1
    from corpus.search.answer import _index_tokens
    from corpus.search.query import understand

    catalog = store.available()

    def tokens_of(question: str) -> tuple[list[str], list[int] | None]:
        q = understand(question, catalog)
        toks = _index_tokens(q.terms)
        share = store.token_frequencies(toks)
        toks = sorted((t for t in toks if share.get(t) != 0.0), key=lambda t: share.get(t, 0.0))
        return toks[:4], list(q.years) or None

    def gin(conn, toks, years):  # type: ignore[no-untyped-def]
        def newest(c, level, ys, limit):  # type: ignore[no-untyped-def]
            query = fts_postgres._query(level)
            return index._matches(c, query, ys, limit, below=None)

        return fts._by_levels(newest, conn, toks, years, LIMIT)

    def window(conn, toks, years):  # type: ignore[no-untyped-def]
        return index.candidates(conn, toks, years, LIMIT)

    out: dict[str, dict[str, object]] = {}
    with store.engine.connect() as conn:
        for cls, questions in QUESTIONS.items():
            times: dict[str, list[float]] = {"gin": [], "window": []}
            same = True
            for question in questions:
                toks, years = tokens_of(question)
                for _ in range(args.rounds):
                    results = {}
                    for name, fn in (("gin", gin), ("window", window)):
                        start = time.perf_counter()
                        results[name] = fn(conn, toks, years)
                        times[name].append((time.perf_counter() - start) * 1000)
                    same &= set(results["gin"]) == set(results["window"])
            out[cls] = {
                **{
                    f"{name}_median_ms": round(statistics.median(ts), 1)
                    for name, ts in times.items()
                },
                **{f"{name}_max_ms": round(max(ts), 1) for name, ts in times.items()},
                "same_candidates": same,
            }
            print(cls, out[cls], file=sys.stderr, flush=True)
    store.engine.dispose()
    result = {"reports": count, "classes": out}
    print(json.dumps(result, ensure_ascii=False) if args.json else result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
