"""Time drafting one report (Markdown and .docx) with N reports stored.

python bench/draft_bench.py --reports 1000 [--db URL] [--drafts 30] [--pdf 3] [--json]

``--pdf N`` also converts the first N drafts to PDF through LibreOffice (when installed).
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

from bench.synth import generate  # noqa: E402
from corpus.ingest import default_workers, ingest_paths  # noqa: E402
from corpus.settings import Settings  # noqa: E402
from corpus.storage.store import open_store  # noqa: E402
from drafting import pdf  # noqa: E402
from drafting.compose import compose  # noqa: E402
from drafting.document import to_docx  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--db")
    parser.add_argument("--drafts", type=int, default=30)
    parser.add_argument("--pdf", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp) / "corpus", args.reports)
        store = open_store(args.db or f"sqlite:///{tmp}/bench.db")
        settings = Settings.from_env({"TOWNREPORT_DATA_DIR": tmp})
        list(ingest_paths(store, paths, settings, workers=default_workers()))
        store.refresh_statistics()
        available = store.available()
        towns = sorted(available)[: args.drafts]
        md, docx, pdfs = [], [], []
        for town in towns:
            year = max(available[town]) + 1
            start = time.perf_counter()
            draft = compose(store, town, year)
            md.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            document = to_docx(draft.markdown)
            docx.append((time.perf_counter() - start) * 1000 + md[-1])
            if len(pdfs) < args.pdf and pdf.available():
                start = time.perf_counter()
                pdf.to_pdf(document)
                pdfs.append((time.perf_counter() - start) * 1000)
        store.engine.dispose()
    out = {
        "reports": len(paths),
        "drafts": len(towns),
        "md_p50_ms": round(statistics.median(md), 1),
        "md_max_ms": round(max(md), 1),
        "docx_p50_ms": round(statistics.median(docx), 1),
        "docx_max_ms": round(max(docx), 1),
    }
    if pdfs:
        out["pdf_p50_ms"] = round(statistics.median(pdfs), 1)
        out["pdf_max_ms"] = round(max(pdfs), 1)
    if args.json:
        print(json.dumps(out))
    else:
        print("| reports | drafts | md p50 ms | md max ms | docx p50 ms | docx max ms |")
        print("|---|---|---|---|---|---|")
        print(
            f"| {out['reports']} | {out['drafts']} | {out['md_p50_ms']} | {out['md_max_ms']} "
            f"| {out['docx_p50_ms']} | {out['docx_max_ms']} |"
        )
        if pdfs:
            print(f"\nPDF（LibreOffice）: p50 {out['pdf_p50_ms']} ms，最长 {out['pdf_max_ms']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
