"""Score townreport's answers on a QA file: hit@1, hit@3, MRR and abstention.

    python bench/eval_qa.py [../shared/eval/qa_dev.jsonl] [--db URL] [--json] [--misses]

Without --db the bundled reports are loaded into a temporary SQLite database.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from corpus.evaluate import load_jsonl, score
from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.settings import Settings
from corpus.store import open_store

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "qa_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", nargs="?", default=str(DEFAULT))
    parser.add_argument("--db", help="数据库地址；默认临时 SQLite，导入内置报告")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", action="store_true", help="列出未命中第一名的问题")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{tmp}/eval.db"
        store = open_store(url)
        if store.count() == 0:
            settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
            list(ingest_paths(store, expand([bundled_dir()]), settings))
        result = score(store, load_jsonl(args.qa))
        store.engine.dispose()
    summary = result.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print("| questions | hit@1 | hit@3 | MRR | abstention |")
        print("|---|---|---|---|---|")
        abstention = "—" if summary["abstention"] is None else f"{summary['abstention']:.3f}"
        print(
            f"| {summary['questions']} | {summary['hit@1']:.3f} | {summary['hit@3']:.3f} "
            f"| {summary['mrr']:.3f} | {abstention} |"
        )
    if args.misses:
        for o in result.outcomes:
            if o.rank != 1:
                print(f"{o.id}\trank={o.rank}\t{o.question}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
