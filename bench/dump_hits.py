"""Dump the hits townreport gives for every question of QA files, one JSON line per question,
so two versions of the code can be compared hit by hit (``diff`` the outputs).

    python bench/dump_hits.py QA.jsonl [QA.jsonl ...] [--reports DIR ...] [--today YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench.evaluate import load_jsonl
from corpus.ingest import bundled_dir, expand, ingest_paths
from corpus.search import ask
from corpus.settings import Settings
from corpus.storage import open_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("qa", nargs="+")
    parser.add_argument("--reports", action="append", default=[], help="另外导入的报告文件夹")
    parser.add_argument("--today", type=date.fromisoformat, help="“今天”（YYYY-MM-DD）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/dump.db")
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        list(ingest_paths(store, expand([bundled_dir(), *map(Path, args.reports)]), settings))
        for path in args.qa:
            for item in load_jsonl(path):
                answer = ask(store, str(item["question"]), k=5, today=args.today)
                hits = [
                    [h.town, h.year, h.section, round(h.score, 4), h.whole, _digest(h.text)]
                    for h in answer.hits
                ]
                row = {"file": Path(path).name, "id": item.get("id"), "q": item["question"]}
                print(json.dumps({**row, "hits": hits}, ensure_ascii=False))
        store.engine.dispose()
    return 0


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


if __name__ == "__main__":
    sys.exit(main())
