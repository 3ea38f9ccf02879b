"""Score figure extraction against a gold file: precision and recall per report and overall.

    python bench/eval_figures.py [tests/data/figures_dev.jsonl] [--details]

Reports are read from the bundled corpus (or --reports DIR) by the file name in the gold.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from bench.evaluate import load_jsonl, score_figures
from corpus.figures.extract import extract
from corpus.ingest import bundled_dir
from corpus.reading.files import read_file
from corpus.reading.parse import parse

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "figures_dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT))
    parser.add_argument("--reports", default=str(bundled_dir()))
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    by_report: dict[str, list[dict[str, object]]] = defaultdict(list)
    for item in load_jsonl(args.gold):
        by_report[str(item["report"])].append(item)
    tp = pred = gold = 0
    print("| report | gold | predicted | precision | recall |")
    print("|---|---|---|---|---|")
    for name, items in sorted(by_report.items()):
        report = parse(read_file(Path(args.reports) / name, 20_000_000)[0])
        figures = [f for p in report.passages for f in extract(p.text)]
        result = score_figures(figures, items)
        tp, pred, gold = tp + result.true_positives, pred + result.predicted, gold + result.gold
        p, r = result.precision, result.recall
        print(f"| {name} | {result.gold} | {result.predicted} | {p:.3f} | {r:.3f} |")
        if args.details:
            for miss in result.misses:
                print(
                    f"  MISS {miss['value']}{miss['unit']} {miss['keyword']} | {miss['span']}",
                    file=sys.stderr,
                )
            for extra in result.extras:
                print(f"  EXTRA {extra.as_written} [{extra.label}] | {extra.span}", file=sys.stderr)
    p, r = tp / max(pred, 1), tp / max(gold, 1)
    print(f"| **all** | {gold} | {pred} | {p:.3f} | {r:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
