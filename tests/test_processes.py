"""Several processes on one database: one keeps answering while another ingests."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS

QUESTION = "试点镇2022年法律顾问审查了多少份合同"


def _ask(proc: subprocess.Popen[str]) -> dict[str, object]:
    assert proc.stdin and proc.stdout
    proc.stdin.write(json.dumps({"id": 1, "question": QUESTION}, ensure_ascii=False) + "\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())


def test_answers_reflect_a_report_ingested_by_another_process(db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "TOWNREPORT_DATABASE_URL": db_url, "TOWNREPORT_DATA_DIR": str(tmp_path)}
    cli = [sys.executable, "-c", "from bot.cli import main; main()"]
    answerer = subprocess.Popen(
        [*cli, "ask", "--batch", "-", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        before = _ask(answerer)
        assert before["answers"] == []
        report = tmp_path / "new.txt"
        text = (
            SEEDS[1]
            .read_text(encoding="utf-8")
            .replace("辛口镇", "试点镇")
            .replace("284份", "999份")
        )
        report.write_text(text, encoding="utf-8")
        subprocess.run([*cli, "ingest", str(report)], env=env, check=True, capture_output=True)
        after = _ask(answerer)
        answers = after["answers"]
        assert isinstance(answers, list) and answers
        assert answers[0]["town"] == "试点镇" and "999份" in answers[0]["text"]
    finally:
        assert answerer.stdin
        answerer.stdin.close()
        answerer.wait(timeout=30)
