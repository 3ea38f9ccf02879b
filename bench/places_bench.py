"""What places cost and how well they are found: gazetteer load, identification per report,
command start-up, and the place/year score on a places file (places_dev.jsonl format).

    python bench/places_bench.py [tests/data/places_dev.jsonl] [--json]

Each timing runs in a fresh process, so nothing is warm that a user's first command would
not have warm either.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "data" / "places_dev.jsonl"
FIELDS = ("place", "level", "county", "province", "year", "code")


def _in_fresh_process(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return float(out.stdout.strip().splitlines()[-1])


def gazetteer_load_s() -> float:
    return _in_fresh_process(
        "import time; t = time.perf_counter()\n"
        "from corpus.places.gazetteer import gazetteer; gazetteer()\n"
        "print(time.perf_counter() - t)"
    )


def identify_ms(reports: int) -> float:
    """Parse time per report (reading excluded), the table already loaded."""
    return _in_fresh_process(
        "import time, glob\n"
        "from corpus.ingest import bundled_dir\n"
        "from corpus.reading.parse import parse\n"
        "from corpus.reading.files import read_file\n"
        "files = sorted(bundled_dir().glob('*.txt'))\n"
        f"srcs = [read_file(f, 10**8)[0] for f in files] * {max(1, reports // 5)}\n"
        "parse(srcs[0])\n"
        "t = time.perf_counter()\n"
        "for s in srcs: parse(s)\n"
        "print((time.perf_counter() - t) / len(srcs) * 1000)"
    )


def command_s(*args: str) -> float:
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", "from bot.cli import main; main()", *args],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    return time.perf_counter() - t


def score(path: Path) -> dict[str, object]:
    """Identify every text of ``path`` through ``townreport ingest --dry-run --json``."""
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for item in items:
            (Path(tmp) / f"{item['id']}.txt").write_text(item["text"], encoding="utf-8")
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "from bot.cli import main; main()",
                "ingest",
                tmp,
                "--dry-run",
                "--json",
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout
    rows = {Path(r["path"]).stem: r for r in map(json.loads, out.splitlines())}
    got = {i["id"]: rows.get(i["id"], {}) for i in items}
    right = {f: sum(_value(got[i["id"]], f) == i[f] for i in items) for f in FIELDS}
    both = sum(
        _value(got[i["id"]], "place") == i["place"] and got[i["id"]].get("year") == i["year"]
        for i in items
    )
    return {"texts": len(items), "town_and_year": both, **right}


def _value(row: dict[str, object], field: str) -> object:
    return row.get("town" if field == "place" else field)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("places", nargs="?", default=str(DEFAULT))
    parser.add_argument("--reports", type=int, default=50, help="报告数（测识别耗时）")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'b.db'}"
        command_s("--db", db, "reports")  # bundled reports in, so ask has something
        result = {
            "gazetteer_load_s": round(gazetteer_load_s(), 3),
            "identify_ms_per_report": round(identify_ms(args.reports), 2),
            "help_s": round(command_s("--help"), 3),
            "ask_s": round(command_s("--db", db, "ask", "辛口镇2022年审查了多少份合同？"), 3),
            "score": score(Path(args.places)),
        }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
