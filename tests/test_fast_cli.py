"""A CLI question imports only what it needs, and segments with jieba's dictionary read from a
cache in the data directory, cutting exactly as jieba's full dictionary does. (How fast that
is, is measured by bench/cli_bench.py, not here.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jieba
import pytest

from corpus.ingest import bundled_dir
from corpus.search import segdict, segment

HEAVY = ("alembic", "drafting", "docx", "cn2an", "jinja2", "pdfminer", "telegram", "tqdm")
PROBE = (
    "import atexit, sys\n"
    "names = set(sys.argv[1].split(',')); sys.argv = ['townreport', *sys.argv[2:]]\n"
    "atexit.register(lambda: print('LOADED', sorted({m.split('.')[0] for m in sys.modules}"
    " & names), file=sys.stderr))\n"
    "from bot.cli import main\n"
    "main()\n"
)


def run(tmp_path: Path, *args: str, watch: tuple[str, ...]) -> tuple[str, list[str]]:
    env = {
        **os.environ,
        "TOWNREPORT_DATA_DIR": str(tmp_path / "data"),
        "TMPDIR": str(tmp_path / "tmp"),
    }
    env.pop("TOWNREPORT_DATABASE_URL", None)
    (tmp_path / "tmp").mkdir(exist_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(watch), *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    loaded = next(line for line in out.stderr.splitlines() if line.startswith("LOADED"))
    return out.stdout, eval(loaded.removeprefix("LOADED "))


def test_version_imports_no_database_nor_jieba(tmp_path: Path) -> None:
    out, loaded = run(tmp_path, "--version", watch=("sqlalchemy", "jieba", *HEAVY))
    assert out.startswith("townreport ")
    assert loaded == []


def test_ask_imports_no_alembic_once_the_schema_is_current(tmp_path: Path) -> None:
    first, loaded = run(tmp_path, "ask", "综合行政执法改革", watch=("alembic",))
    assert "综合行政执法" in first and loaded == ["alembic"]  # a new database is migrated
    out, loaded = run(tmp_path, "ask", "辛口镇2022年法律顾问审查了多少份合同？", watch=HEAVY)
    assert "辛口镇" in out and "2022" in out
    assert loaded == []
    caches = list((tmp_path / "data" / "cache").glob("jieba-*.sqlite"))
    assert len(caches) == 1  # the dictionary cache lives in the data directory…
    assert not any(tmp_path.joinpath("tmp").iterdir())  # …and nothing is left in $TMPDIR


def test_the_cached_dictionary_cuts_as_jieba_does() -> None:
    full = jieba.Tokenizer()
    full.initialize()
    segment._add_terms(full)
    cached = segment.tokenizer()
    assert isinstance(cached.FREQ, segdict.Frequencies) or cached.FREQ == full.FREQ
    assert cached.total == full.total
    for path in sorted(bundled_dir().glob("*.txt"))[:2]:
        for line in path.read_text(encoding="utf-8").splitlines():
            assert cached.lcut(line, HMM=False) == full.lcut(line, HMM=False)
            assert cached.lcut_for_search(line, HMM=False) == full.lcut_for_search(line, HMM=False)


def test_many_lookups_switch_to_the_whole_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dict.sqlite"
    segdict.build(path, segment._add_terms)
    tk = jieba.Tokenizer()
    tk.FREQ = segdict.Frequencies(path, tk)
    tk.total = tk.FREQ.total()
    tk.initialized = True
    assert "法治" in tk.FREQ and "不是一个词吧" not in tk.FREQ
    monkeypatch.setattr(segdict, "FULL_LOAD_AFTER", 3)
    tk.lcut("推进综合行政执法改革", HMM=False)
    assert type(tk.FREQ) is dict and tk.FREQ["法治"] > 0 and len(tk.FREQ) > 300_000
