"""CPU time per report of an ingest: the writer, its workers, and PostgreSQL's backends.

    python bench/ingest_cpu.py CORPUS_DIR [--db URL] [--workers 2]

Wall time on a loaded machine says little; CPU time does (2 cores: 100 reports/s is at most
20 ms of CPU per report, all processes together). CORPUS_DIR from ``bench/synth.py``; the
database must be empty (default: a temporary SQLite file). PostgreSQL's share is the CPU of
the backends connected to that database, read from /proc (Linux, same machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import Engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus.ingest import expand, ingest_paths  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.storage.store import open_store  # noqa: E402


def server_cpu(engine: Engine) -> float:
    """Seconds of CPU of the PostgreSQL backends on ``engine``'s database (0 elsewhere)."""
    if engine.dialect.name != "postgresql":
        return 0.0
    with engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        total = 0.0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu(usage: resource.struct_rusage) -> float:
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--db")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.db or f"sqlite:///{tmp}/ingest.db")
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        paths = expand([args.corpus])
        store.count()  # the pool's connection, so that its backend is counted
        server = server_cpu(store.engine)
        own = cpu(resource.getrusage(resource.RUSAGE_SELF))
        children = cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
        start = time.perf_counter()
        results = list(ingest_paths(store, paths, settings, workers=args.workers))
        store.refresh_statistics()
        wall = time.perf_counter() - start
        server = server_cpu(store.engine) - server
        own = cpu(resource.getrusage(resource.RUSAGE_SELF)) - own
        children = cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - children
        n = len(paths)
        failed = sum(1 for r in results if not r.ok)
        ms = {"writer": own, "workers": children, "server": server}
        per = " ".join(f"{k} {v * 1000 / n:.2f}" for k, v in ms.items())
        total = sum(ms.values()) * 1000 / n
        print(
            f"{n} reports ({failed} failed): ms of CPU per report: {per}, total {total:.2f}; "
            f"{n / wall:.1f} reports/s, load {os.getloadavg()[0]:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
