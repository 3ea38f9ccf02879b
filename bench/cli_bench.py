"""Wall time of the installed ``townreport`` command: ``--version`` and one ``ask`` on the
bundled corpus, each run several times after a warm-up (the dictionary cache and the bundled
reports already in the data directory), with the bare interpreter's start-up as the floor.

    .venv/bin/python bench/cli_bench.py [--runs 7] [--json]

The runs of the three commands are interleaved, so that load from other processes on a
shared machine hits them alike; the median and the spread (min–max) are printed.

How many of the package's modules have no bytecode cache is printed too: an editable install
under ``PYTHONDONTWRITEBYTECODE=1`` never writes one, and compiling ~50 modules from source costs
~0.1 s per command (the README's install command runs ``compileall`` for that reason).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUESTION = "辛口镇2022年法律顾问审查了多少份合同？"


def _townreport() -> list[str]:
    script = Path(sys.executable).with_name("townreport")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def _uncompiled() -> int:
    """The package's modules whose bytecode cache is missing or older than the source."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    missing = 0
    for package in ("bot", "corpus", "drafting"):
        for source in (root / package).rglob("*.py"):
            cached = Path(importlib.util.cache_from_source(str(source)))
            if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
                missing += 1
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--compare", metavar="TOWNREPORT", help="another install's townreport, timed alongside"
    )
    args = parser.parse_args()
    # the other install gets a data directory of its own: another version may use another
    # schema (opening a newer database fails; an older one would be upgraded under it)
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as other:
        env = {**os.environ, "TOWNREPORT_DATA_DIR": data}
        env.pop("TOWNREPORT_DATABASE_URL", None)
        other_env = {**env, "TOWNREPORT_DATA_DIR": other}
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "townreport --version": [*_townreport(), "--version"],
            "townreport ask": [*_townreport(), "ask", QUESTION],
        }
        envs = dict.fromkeys(commands, env)
        if args.compare:
            for name, cmd in (("--version", ["--version"]), ("ask", ["ask", QUESTION])):
                commands[f"{args.compare} {name}"] = [args.compare, *cmd]
                envs[f"{args.compare} {name}"] = other_env
            _wall(commands[f"{args.compare} ask"], other_env)
        first = _wall(commands["townreport ask"], env)  # builds the cache, ingests the bundled
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                times[name].append(_wall(cmd, envs[name]))
    result = {
        name: {
            "median_s": round(statistics.median(ts), 3),
            "min_s": round(min(ts), 3),
            "max_s": round(max(ts), 3),
        }
        for name, ts in times.items()
    }
    result["first ask (new data directory)"] = {"s": round(first, 3)}
    result["modules without bytecode"] = {"count": _uncompiled()}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for name, r in result.items():
        print(f"{name:40} " + "  ".join(f"{k} {v}" for k, v in r.items()))


if __name__ == "__main__":
    main()
