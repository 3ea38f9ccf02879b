"""Median (min–max) over several ``bench/search_bench.py --json`` runs, as Markdown tables.

python bench/bench_summary.py run1.json run2.json run3.json
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any


def spread(values: list[float]) -> str:
    def num(x: float) -> str:
        return f"{round(x, 2):g}"

    if not values:
        return "–"
    if len(values) == 1:
        return num(values[0])
    return f"{num(statistics.median(values))}（{num(min(values))}–{num(max(values))}）"


def summary(runs: list[dict[str, Any]]) -> str:
    def pick(*keys: str) -> list[float]:
        out = []
        for run in runs:
            value: Any = run
            for key in keys:
                value = value.get(key) if isinstance(value, dict) else None
            if value is not None:  # a run without bm25s (--no-reference) has no such number
                out.append(float(value))
        return out

    first = runs[0]
    lines = [
        f"{first['reports']} reports, {first['database']}, {len(runs)} run(s)",
        "",
        "| class | questions | rarest word % | townreport p50 | bm25s p50 | townreport p95 "
        "| bm25s p95 | p95 ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cls, row in first["classes"].items():
        lines.append(
            f"| {cls} | {row['questions']} | {row.get('rarest_word_pct', '')} "
            f"| {spread(pick('classes', cls, 'townreport_p50_ms'))} "
            f"| {spread(pick('classes', cls, 'bm25s_p50_ms'))} "
            f"| {spread(pick('classes', cls, 'townreport_p95_ms'))} "
            f"| {spread(pick('classes', cls, 'bm25s_p95_ms'))} "
            f"| {spread(pick('classes', cls, 'ratio_p95'))} |"
        )
    lines.append(
        f"| all | | | {spread(pick('townreport', 'p50_ms'))} | {spread(pick('bm25s', 'p50_ms'))} "
        f"| {spread(pick('townreport', 'p95_ms'))} | {spread(pick('bm25s', 'p95_ms'))} | |"
    )
    t = "townreport"
    lines += [
        "",
        f"ingest reports/s {spread(pick(t, 'ingest_reports_per_s'))}; "
        f"KB/report {spread(pick(t, 'kb_per_report'))}; "
        f"peak RSS MB (summed) {spread(pick(t, 'peak_rss_mb'))}; "
        f"cold after ingest ms {spread(pick('cold', 'after_ingest_ms'))}; "
        f"cold new process ms {spread(pick('cold', 'new_process_ms'))}; "
        f"passages {first['corpus']['passages']}, distinct texts "
        f"{first['corpus']['distinct_texts']}, vocabulary {first['corpus']['vocabulary']}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+")
    args = parser.parse_args()
    runs = [json.loads(p.read_text(encoding="utf-8").strip().splitlines()[-1]) for p in args.runs]
    print(summary(runs))


if __name__ == "__main__":
    main()
