"""Score townreport's answers on a QA file: hit@1, hit@3, MRR and abstention.

    python bench/eval_qa.py [../shared/eval/qa_dev.jsonl] [--db URL] [--reports DIR ...]
        [--today YYYY-MM-DD] [--bm25] [--json] [--misses]

Without --db the bundled reports are loaded into a temporary SQLite database, with the
reports of every --reports folder beside them. --today dates 今年/去年 (the tuning set
tests/data/qa_questions.jsonl is written for 2026-12-01). --bm25 adds plain BM25 (bm25s over
jieba words, each passage prefixed with its town and year) on the same passages.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.evaluate import load_jsonl, score
from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.settings import Settings
from corpus.storage.store import Store, open_store

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", nargs="?", default=str(DEFAULT))
    parser.add_argument("--db", help="数据库地址；默认临时 SQLite，导入内置报告")
    parser.add_argument("--reports", action="append", default=[], help="另外导入的报告文件夹")
    parser.add_argument("--today", type=date.fromisoformat, help="“今天”（YYYY-MM-DD）")
    parser.add_argument("--bm25", action="store_true", help="同时给出 BM25 基线")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="列出未命中第一名的问题")
    args = parser.parse_args()
    items = load_jsonl(args.qa)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/eval.db"
        store = open_store(url)
        if store.count() == 0:
            settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
            paths = [bundled_dir(), *map(Path, args.reports)]
            list(ingest_paths(store, expand(paths), settings))
        result = score(store, items, today=args.today)
        baseline = bm25(store, items) if args.bm25 else None
        store.engine.dispose()
    summary = result.summary()
    if args.json:
        print(json.dumps({**summary, "bm25": baseline}, ensure_ascii=False))
    else:
        print("| questions | hit@1 | hit@3 | MRR | abstention |")
        print("|---|---|---|---|---|")
        abstention = "—" if summary["abstention"] is None else f"{summary['abstention']:.3f}"
        print(
            f"| {summary['questions']} | {summary['hit@1']:.3f} | {summary['hit@3']:.3f} "
            f"| {summary['mrr']:.3f} | {abstention} |"
        )
        if baseline:
            print(f"| BM25 | {baseline['hit@1']:.3f} | {baseline['hit@3']:.3f} | | |")
    if args.misses:
        for o in result.outcomes:
            if o.rank != 1:
                print(f"{o.id}\trank={o.rank}\t{o.question}", file=sys.stderr)
    return 0


def bm25(store: Store, items: list[dict[str, object]]) -> dict[str, float]:
    """Plain BM25 (bm25s, jieba words) over every stored passage; hit as in the eval README."""
    import bm25s
    import jieba

    def tokens(text: str) -> list[str]:
        return [w for w in jieba.lcut(text) if w.strip()]

    catalog = store.available()
    records = [r for town in catalog for r in store.town_passages(town, None)]
    retriever = bm25s.BM25()
    retriever.index(
        [tokens(f"{r.town}{r.year}年 {r.section} {r.text}") for r in records], show_progress=False
    )
    first = three = 0
    answerable = [i for i in items if i.get("town") and i.get("answer")]
    for item in answerable:
        found, _ = retriever.retrieve(
            [tokens(str(item["question"]))], k=min(3, len(records)), show_progress=False
        )
        ok = [_holds(records[i], item) for i in found[0]]
        first += ok[0]
        three += any(ok)
    n = max(1, len(answerable))
    return {"hit@1": round(first / n, 4), "hit@3": round(three / n, 4)}


def _holds(record, item: dict[str, object]) -> bool:  # type: ignore[no-untyped-def]
    text = "".join(record.text.split())
    answers = item.get("answer") or []
    assert isinstance(answers, list)
    same = (record.town, record.year) == (item.get("town"), item.get("year"))
    return same and all("".join(str(a).split()) in text for a in answers)


if __name__ == "__main__":
    sys.exit(main())
